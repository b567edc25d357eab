using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace PartnerAccess.Sdk.Graph.Resilience;

/// <summary>
/// The one retry layer (Kiota's RetryHandler is left out of the chain, the pacer and the planner never re-send). A
/// Polly v8 pipeline retries what the service did not process, honouring <c>Retry-After</c>, otherwise backing off
/// exponentially with jitter. It owns the budget: at most <c>MaxAttempts</c> attempts and <c>TotalTimeout</c> per
/// request, and for a write at most <c>MaxAttempts</c> sends per client call (<see cref="WriteBudget"/>). Every wait
/// runs on the injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Every method is resent after 429 and 503 (the service did not process it), and a lockForApproval or terminate
/// request after 405 (Graph's answer right after a create). A write that got 500, 502, 504 or no answer may have
/// happened: it goes back to the client, which reads the object before it sends anything again. GETs are resent after
/// those answers and after transport failures too.
/// </remarks>
internal sealed partial class GraphResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("PartnerAccess.Request");
    private static readonly ResiliencePropertyKey<DateTimeOffset> DeadlineKey = new("PartnerAccess.Deadline");
    private static readonly ResiliencePropertyKey<TimeSpan> NextDelayKey = new("PartnerAccess.NextDelay");

    private readonly ResilienceSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Backoff _backoff;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public GraphResilienceHandler(ResilienceSettings settings, TimeProvider time, ILogger logger, Func<double>? random = null)
    {
        _settings = settings;
        _time = time;
        _logger = logger;
        _backoff = new Backoff(settings.BaseDelay, settings.MaxDelay, random ?? Random.Shared.NextDouble);
        _pipeline = BuildPipeline();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            // Buffered content can be sent again on a retry.
            await request.Content.LoadIntoBufferAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_settings.IncludeUnknownEnumMembers && !request.Headers.Contains("Prefer"))
        {
            request.Headers.TryAddWithoutValidation("Prefer", "include-unknown-enum-members");
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(RequestKey, request);
            context.Properties.Set(DeadlineKey, _time.GetUtcNow() + _settings.TotalTimeout);
            var response = await _pipeline.ExecuteAsync(
                static (ctx, state) => new ValueTask<HttpResponseMessage>(state.Handler.SendOnceAsync(state.Request, ctx.CancellationToken)),
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
            return await NormalizeErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static bool IsRead(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options ||
        // The client batches only reads, so its $batch envelope can be sent again like a GET.
        (request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal) == true);

    // Graph answers 405 to lockForApproval shortly after the create; the request was not carried out.
    private static bool IsNotYetAllowedAction(HttpRequestMessage request, HttpStatusCode status) =>
        status == HttpStatusCode.MethodNotAllowed && request.Method == HttpMethod.Post &&
        request.RequestUri?.AbsolutePath.EndsWith("/requests", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsTransportFailure(Exception exception) =>
        exception is HttpRequestException or IOException or TimeoutRejectedException;

    // Kiota can only parse JSON error bodies; a gateway's HTML 502 would otherwise surface as a parser error
    // without the status code.
    private static async Task<HttpResponseMessage> NormalizeErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status < 400)
        {
            return response;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var length = response.Content.Headers.ContentLength;
        if (mediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && length != 0)
        {
            return response;
        }

        var original = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var excerpt = original.Length > 200 ? original[..200] : original;
        var message = string.IsNullOrWhiteSpace(excerpt)
            ? $"HTTP {status} {response.ReasonPhrase}".TrimEnd()
            : $"HTTP {status} {response.ReasonPhrase}: {excerpt}".TrimEnd();
        var envelope = JsonSerializer.Serialize(new { error = new { code = "http" + status, message } });
        response.Content.Dispose();
        response.Content = new StringContent(envelope, Encoding.UTF8);
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return response;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        if (!IsRead(request))
        {
            WriteBudget.Current?.RecordSend();
        }

        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            RecordAttempt(request, response, null, _time.GetElapsedTime(started));
            return response;
        }
        catch (Exception exception)
        {
            RecordAttempt(request, null, exception, _time.GetElapsedTime(started));
            throw;
        }
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = _settings.TotalTimeout });
        if (_settings.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _settings.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Constant,
                Delay = TimeSpan.Zero,
                UseJitter = false,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.Context, args.AttemptNumber)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Context.Properties.TryGetValue(NextDelayKey, out var delay) ? delay : _backoff.Next(args.AttemptNumber)),
                OnRetry = args =>
                {
                    var request = args.Context.Properties.GetValue(RequestKey, null!);
                    request.Headers.Remove("Retry-Attempt");
                    request.Headers.TryAddWithoutValidation("Retry-Attempt", (args.AttemptNumber + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    var reason = args.Outcome.Result is { } r ? ReasonOf((int)r.StatusCode) : args.Outcome.Exception?.GetType().Name ?? "unknown";
                    RecordRetry(request, reason);
                    LogRetry(_logger, request.Method.Method, request.RequestUri?.AbsolutePath, reason, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = _settings.AttemptTimeout });
        return builder.Build();
    }

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, int attemptNumber)
    {
        var request = context.Properties.GetValue(RequestKey, null!);
        var read = IsRead(request);
        if (!read && WriteBudget.Current is { CanSend: false })
        {
            return false;
        }

        if (outcome.Exception is { } exception)
        {
            return IsTransportFailure(exception) && read && FitsDeadline(context, _backoff.Next(attemptNumber));
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        var status = response.StatusCode;
        var retryable = status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable ||
                        IsNotYetAllowedAction(request, status) ||
                        (read && status is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout);
        if (!retryable)
        {
            return false;
        }

        var delay = RetryAfter.Read(response, _time.GetUtcNow()) ?? _backoff.Next(attemptNumber);
        return FitsDeadline(context, delay);
    }

    // A wait that would outlast the total timeout is pointless: give the caller the answer now (for a 429, with its
    // Retry-After) instead of a timeout later.
    private bool FitsDeadline(ResilienceContext context, TimeSpan delay)
    {
        var deadline = context.Properties.GetValue(DeadlineKey, DateTimeOffset.MaxValue);
        if (_time.GetUtcNow() + delay >= deadline)
        {
            return false;
        }

        context.Properties.Set(NextDelayKey, delay);
        return true;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Graph {Method} {Path} failed with {Reason}; retry {Retry} after {Delay}.")]
    private static partial void LogRetry(ILogger logger, string method, string? path, string reason, int retry, TimeSpan delay);
}
