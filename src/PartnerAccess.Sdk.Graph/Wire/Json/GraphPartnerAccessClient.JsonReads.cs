using System.Runtime.CompilerServices;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using PartnerAccess.Sdk.Graph.Wire.Json;

namespace PartnerAccess.Sdk.Graph;

// The hot read paths: requests built by Graph's request builders and sent through Graph's request adapter (same
// authentication, cloud, middleware and retry layer), answers read from the raw stream into the domain model.
public sealed partial class GraphPartnerAccessClient
{
    // As Graph's generated builders map errors: any 4XX/5XX body is an ODataError, so failures translate as before.
    private static readonly Dictionary<string, ParsableFactory<IParsable>> ODataErrorMapping = new()
    {
        ["XXX"] = ODataError.CreateFromDiscriminatorValue,
    };

    /// <summary>
    /// Sends a GET and reads its body into one domain object; <see langword="null"/> when Graph sent no body. A failure
    /// is described as "<paramref name="action"/> <paramref name="subject"/>", for example "reading relationship x".
    /// </summary>
    private Task<T?> GetJsonAsync<T>(string action, string subject, RequestInformation request, JsonItemReader<T> read, CancellationToken cancellationToken)
        where T : class =>
        CallAsync(HttpMethod.Get, action, subject, async ct =>
        {
            using var body = await SendForBodyAsync(request, ct).ConfigureAwait(false);
            return body is null || body.Length == 0 ? null : GraphJsonReader.ReadObject(body.Span, read);
        }, cancellationToken);

    /// <summary>
    /// Streams a Graph collection as <see cref="PageAsync"/> does, but reads each page straight into domain objects and
    /// requests the next page as soon as its <c>@odata.nextLink</c> is known, while the caller works through the current
    /// one. At most one page is read ahead, so memory does not grow with the size of the collection.
    /// </summary>
    private async IAsyncEnumerable<T> StreamPagesAsync<T>(
        string what,
        RequestInformation first,
        Func<string, RequestInformation> next,
        JsonItemReader<T> read,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var readAhead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var seenLinks = new HashSet<string>(StringComparer.Ordinal);
        Task<JsonPage<T>>? pending = ReadPageAsync(what, first, read, readAhead.Token);
        try
        {
            while (pending is not null)
            {
                var page = await pending.ConfigureAwait(false);
                pending = null;
                var repeated = false;
                if (!string.IsNullOrEmpty(page.NextLink))
                {
                    repeated = !seenLinks.Add(page.NextLink);
                    if (!repeated)
                    {
                        pending = ReadPageAsync(what, next(page.NextLink), read, readAhead.Token);
                    }
                }

                foreach (var item in page.Items)
                {
                    yield return item;
                }

                if (repeated)
                {
                    throw new PartnerAccessException(PartnerAccessErrorCode.ServiceError,
                        $"Graph returned the same @odata.nextLink twice while {what}; stopped to avoid an endless loop.");
                }
            }
        }
        finally
        {
            if (pending is not null)
            {
                // The caller stopped early: the page read ahead is not wanted, and its failure is nobody's.
                await readAhead.CancelAsync().ConfigureAwait(false);
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is OperationCanceledException or PartnerAccessException or HttpRequestException or IOException)
                {
                }
            }
        }
    }

    private Task<JsonPage<T>> ReadPageAsync<T>(string what, RequestInformation request, JsonItemReader<T> read, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, what, async ct =>
        {
            using var body = await SendForBodyAsync(request, ct).ConfigureAwait(false);
            return body is null || body.Length == 0 ? new JsonPage<T>([], null) : GraphJsonReader.ReadPage(body.Span, read);
        }, cancellationToken);

    private async Task<ResponseBody?> SendForBodyAsync(RequestInformation request, CancellationToken cancellationToken)
    {
        var stream = await Graph.RequestAdapter.SendPrimitiveAsync<Stream>(request, ODataErrorMapping, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            return await ResponseBody.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }
}
