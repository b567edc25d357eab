using System.Net;

namespace PartnerAccess.Sdk.Planning;

/// <summary>
/// Paces every HTTP request through a <see cref="RequestPacer"/> and tells it about each 429, so the pacer sees the
/// throttles a client's own retry layer would otherwise hide. Put it in front of the transport: under dependency
/// injection <c>AddGraphHttpClient().AddHttpMessageHandler(() => new RequestPacerHandler(pacer))</c>, otherwise
/// <c>options.Transport = new RequestPacerHandler(pacer, new SocketsHttpHandler())</c> for the Graph client.
/// </summary>
/// <remarks>It neither retries nor changes responses; the client's retry layer still owns that.</remarks>
public sealed class RequestPacerHandler : DelegatingHandler
{
    private readonly RequestPacer _pacer;

    /// <summary>Creates the handler for a pipeline that sets the inner handler itself, such as one from <c>IHttpClientFactory</c>.</summary>
    /// <param name="pacer">The pacer, shared with the <see cref="AccessPlanner"/> (<see cref="AccessPlannerOptions.Pacer"/>).</param>
    public RequestPacerHandler(RequestPacer pacer)
    {
        ArgumentNullException.ThrowIfNull(pacer);
        _pacer = pacer;
    }

    /// <summary>Creates the handler in front of a given handler.</summary>
    /// <param name="pacer">The pacer, shared with the <see cref="AccessPlanner"/> (<see cref="AccessPlannerOptions.Pacer"/>).</param>
    /// <param name="innerHandler">The handler that sends the request, usually the transport.</param>
    public RequestPacerHandler(RequestPacer pacer, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        ArgumentNullException.ThrowIfNull(pacer);
        _pacer = pacer;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await _pacer.AcquireAsync(cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            _pacer.OnThrottled(RetryAfter(response));
        }
        else
        {
            _pacer.OnSuccess();
        }

        return response;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta;
        }

        return header.Date is { } date ? date - _pacer.TimeProvider.GetUtcNow() : null;
    }
}
