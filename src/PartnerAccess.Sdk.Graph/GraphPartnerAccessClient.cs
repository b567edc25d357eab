using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using Azure.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk.Graph.Authentication;
using PartnerAccess.Sdk.Graph.Http;
using PartnerAccess.Sdk.Graph.Resilience;
using PartnerAccess.Sdk.Graph.Wire;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Graph;

/// <summary>
/// <see cref="IPartnerAccessClient"/> over Microsoft Graph v1.0 (<c>/tenantRelationships</c>), built on
/// <see cref="GraphServiceClient"/>. Every request is checked with <see cref="GdapRules"/> first; ETags travel as
/// <c>If-Match</c>; one Polly pipeline owns retries (Kiota's retry handler is left out); creates are never blindly
/// resent; lists stream page by page.
/// </summary>
/// <remarks>
/// Thread-safe; register it as a singleton. All waits, timeouts and "now" come from <see cref="TimeProvider"/>.
/// See docs/graph-client.md for prerequisites, authentication and the resilience design.
/// </remarks>
public sealed partial class GraphPartnerAccessClient : IPartnerAccessClient, IAsyncDisposable, IDisposable
{
    /// <summary>
    /// The name of the <see cref="HttpClient"/> that <c>UseGraph</c> registers with <see cref="IHttpClientFactory"/>;
    /// configure it with <c>AddGraphHttpClient()</c> or <c>services.AddHttpClient(HttpClientName)</c>.
    /// </summary>
    public const string HttpClientName = "PartnerAccess.Graph";

    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly GdapRules _rules;
    private readonly ILogger _logger;
    private readonly Backoff _backoff;
    private readonly int _maxAttempts;
    private readonly int _pageSize;
    private readonly Duration _consistencyWindow;
    private readonly int _consistencyMaxRetries;
    private readonly TimeSpan _consistencyDelay;
    private readonly string? _partnerTenantId;
    private readonly ItemGetRequests _itemGets;
    private readonly ConcurrentDictionary<string, Instant> _recentlyCreated = new(StringComparer.OrdinalIgnoreCase);
    private int _disposed;

    // Set once Graph refuses $filter on customer/tenantId; from then on this client filters by customer itself.
    private volatile bool _customerFilterUnsupported;

    // Set once Graph refuses $filter on accessContainer/accessContainerId; from then on this client filters by group itself.
    private volatile bool _groupFilterUnsupported;

    /// <summary>Creates a client that authenticates with <see cref="GraphPartnerAccessOptions.Credential"/> or <see cref="GraphPartnerAccessOptions.StaticAccessToken"/>.</summary>
    /// <param name="options">The settings; checked, with every problem reported at once.</param>
    /// <param name="timeProvider">The time source; the system clock when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public GraphPartnerAccessClient(GraphPartnerAccessOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(GraphPartnerAccessOptionsValidator.ThrowIfInvalid(options, requireAuthentication: true), null, options.Transport, null, null, timeProvider, loggerFactory, null)
    {
    }

    /// <summary>Creates a client that obtains tokens from an Azure.Identity credential.</summary>
    /// <param name="credential">For example a <c>ClientCertificateCredential</c>, <c>ManagedIdentityCredential</c> or <c>DeviceCodeCredential</c>.</param>
    /// <param name="options">The settings; checked, with every problem reported at once.</param>
    /// <param name="timeProvider">The time source; the system clock when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public GraphPartnerAccessClient(TokenCredential credential, GraphPartnerAccessOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(
            GraphPartnerAccessOptionsValidator.ThrowIfInvalid(options, requireAuthentication: false),
            GraphAuthentication.ForCredential(credential ?? throw new ArgumentNullException(nameof(credential)), options.GetEffectiveBaseUrl(), options.GetEffectiveScopes()),
            options.Transport,
            null,
            null,
            timeProvider,
            loggerFactory,
            null)
    {
    }

    /// <summary>
    /// Creates a client over a given transport and authentication provider, for the emulator, an in-process test
    /// server or a proxy. The Graph middleware and the retry layer are still added in front of the transport.
    /// </summary>
    /// <param name="transport">The innermost handler; the client does not dispose it.</param>
    /// <param name="authenticationProvider">Adds the Authorization header, for example from <see cref="GraphAuthentication.ForStaticToken"/>.</param>
    /// <param name="options">The settings; checked, with every problem reported at once.</param>
    /// <param name="timeProvider">The time source; the system clock when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public GraphPartnerAccessClient(HttpMessageHandler transport, IAuthenticationProvider authenticationProvider, GraphPartnerAccessOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(
            GraphPartnerAccessOptionsValidator.ThrowIfInvalid(options, requireAuthentication: false),
            authenticationProvider ?? throw new ArgumentNullException(nameof(authenticationProvider)),
            transport ?? throw new ArgumentNullException(nameof(transport)),
            null,
            null,
            timeProvider,
            loggerFactory,
            null)
    {
    }

    /// <summary>
    /// The one constructor that does the work. With <paramref name="httpClient"/> (from <see cref="IHttpClientFactory"/>,
    /// whose pipeline already holds <see cref="CreateHandlers"/>) the client sends through it and never disposes it;
    /// otherwise it builds and owns its pipeline in front of <paramref name="transport"/>, which it does not dispose either.
    /// </summary>
    internal GraphPartnerAccessClient(
        GraphPartnerAccessOptions options,
        IAuthenticationProvider? authenticationProvider,
        HttpMessageHandler? transport,
        GdapRules? rules,
        string? partnerTenantId,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        Func<double>? random,
        HttpClient? httpClient = null)
    {
        GraphPartnerAccessOptionsValidator.ThrowIfInvalid(options, requireAuthentication: authenticationProvider is null);
        TimeProvider = timeProvider ?? TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<GraphPartnerAccessClient>();
        _rules = rules ?? new GdapRules(options.Rules);
        _maxAttempts = options.MaxAttempts;
        _pageSize = options.RelationshipPageSize;
        _consistencyWindow = Duration.FromTimeSpan(options.EventualConsistencyWindow);
        _consistencyMaxRetries = options.EventualConsistencyMaxRetries;
        _consistencyDelay = options.EventualConsistencyDelay;
        _partnerTenantId = partnerTenantId ?? options.PartnerTenantId;
        random ??= Random.Shared.NextDouble;
        _backoff = new Backoff(options.BaseDelay, options.MaxDelay, random);
        BaseUrl = options.GetEffectiveBaseUrl();

        if (httpClient is not null)
        {
            _httpClient = httpClient;
            _ownsHttpClient = false;
        }
        else
        {
            var handlers = CreateHandlers(options, TimeProvider, _logger, random);
            HttpMessageHandler innermost = transport is null ? CreateDefaultTransport() : new NonDisposingHandler(transport);
            var pipeline = GraphClientFactory.CreatePipeline(handlers, innermost);

            // The pipeline owns every timeout; HttpClient's own 100 s limit would cut Retry-After waits short.
            _httpClient = new HttpClient(pipeline, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
            _ownsHttpClient = true;
        }

        Graph = new GraphServiceClient(_httpClient, authenticationProvider ?? GraphAuthentication.FromOptions(options), BaseUrl.ToString());
        _itemGets = new ItemGetRequests(Graph);
    }

    /// <inheritdoc />
    public TimeProvider TimeProvider { get; }

    /// <summary>The HttpClient requests go through: this client's own, or the one <see cref="IHttpClientFactory"/> gave it.</summary>
    internal HttpClient HttpClient => _httpClient;

    /// <summary>The versioned base URL requests go to, for example <c>https://graph.microsoft.com/v1.0</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>
    /// The underlying Graph client, sharing this client's pipeline (one retry layer, authentication). Calls made
    /// through it skip the rule checks and the idempotent-create logic.
    /// </summary>
    public GraphServiceClient Graph { get; }

    /// <summary>
    /// Releases what this client created: its HTTP pipeline and, when it made one, its socket handler. A transport
    /// passed in and an <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/> are left to their owners.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // GraphServiceClient never disposes an HttpClient it was given; ours goes below.
            Graph.Dispose();
            if (_ownsHttpClient)
            {
                _httpClient.Dispose();
            }
        }
    }

    /// <summary>Releases what this client created, as <see cref="Dispose"/> does; nothing is flushed asynchronously.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The handlers in front of the transport: Graph's default middleware with Kiota's retry handler replaced by the
    /// one retry layer, <see cref="GraphResilienceHandler"/>. New instances per call: a handler sits in one pipeline only.
    /// </summary>
    internal static IList<DelegatingHandler> CreateHandlers(GraphPartnerAccessOptions options, TimeProvider time, ILogger logger, Func<double>? random)
    {
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        var retryIndex = handlers.ToList().FindIndex(h => h is RetryHandler);
        if (retryIndex >= 0)
        {
            handlers.RemoveAt(retryIndex);
        }

        handlers.Insert(retryIndex >= 0 ? retryIndex : 0, new GraphResilienceHandler(ResilienceSettings.From(options), time, logger, random));
        return handlers;
    }

    internal static SocketsHttpHandler CreateDefaultTransport() => new()
    {
        // As Graph's own default: Kiota's RedirectHandler follows redirects, the socket handler decompresses; connections
        // are renewed every minute, so DNS changes are seen without recreating the pipeline.
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
    };

    private static void ThrowIfAny(params IReadOnlyList<RuleViolation>[] groups) => GdapRules.ThrowIfAny(groups.SelectMany(g => g).ToList());

    private static IReadOnlyList<RuleViolation> RequireETag(ETag etag, string what) => etag.HasValue
        ? []
        : [new RuleViolation(RuleCodes.ETagRequired, "If-Match", $"The {what} carries no ETag, so no If-Match can be sent; read it again first.", null)];

    private static HeadersInspectionHandlerOption InspectResponseHeaders() => new() { InspectResponseHeaders = true };

    private static string? ReadHeader(HeadersInspectionHandlerOption inspection, string name) =>
        inspection.ResponseHeaders.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private static string? OperationIdFromLocation(string? location)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            return null;
        }

        var path = Uri.TryCreate(location, UriKind.Absolute, out var uri) ? uri.AbsolutePath : location.Split('?')[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var index = Array.FindLastIndex(segments, s => string.Equals(s, "operations", StringComparison.OrdinalIgnoreCase));
        return index >= 0 && index + 1 < segments.Length ? Uri.UnescapeDataString(segments[index + 1]) : null;
    }

    private Instant Now() => TimeProvider.GetCurrentInstant();

    /// <summary>Runs one Graph call and translates its failure.</summary>
    private Task<T> CallAsync<T>(HttpMethod method, string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        CallAsync(method, what, null, call, cancellationToken);

    /// <summary>Runs one Graph call and translates its failure; "<paramref name="action"/> <paramref name="subject"/>" is only built for a failure.</summary>
    private async Task<T> CallAsync<T>(HttpMethod method, string action, string? subject, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            var what = subject is null ? action : action + " " + subject;
            var translated = ServiceErrors.Translate(exception, method, what, TimeProvider.GetUtcNow());
            if (ReferenceEquals(translated, exception))
            {
                throw;
            }

            throw translated;
        }
    }

    private Task CallAsync(HttpMethod method, string what, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        CallAsync<bool>(method, what, async ct =>
        {
            await call(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>Remembers an id this client just created, so a 404 on it soon after counts as replication lag.</summary>
    private void RememberCreated(string? id)
    {
        if (string.IsNullOrEmpty(id) || _consistencyWindow == Duration.Zero)
        {
            return;
        }

        var now = Now();
        _recentlyCreated[id] = now;
        if (_recentlyCreated.Count > 256)
        {
            foreach (var stale in _recentlyCreated.Where(e => now - e.Value > _consistencyWindow).Select(e => e.Key).ToList())
            {
                _recentlyCreated.TryRemove(stale, out _);
            }
        }
    }

    private void ForgetCreated(string id) => _recentlyCreated.TryRemove(id, out _);

    private bool IsRecentlyCreated(string id) =>
        _recentlyCreated.TryGetValue(id, out var createdAt) && Now() - createdAt <= _consistencyWindow;

    /// <summary>Retries a 404 on an object this client created moments ago, a bounded number of times.</summary>
    private async Task<T> WithConsistencyRetryAsync<T>(string id, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var delay = _consistencyDelay;
        for (var retry = 0; ; retry++)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (PartnerAccessException exception) when (exception.ErrorCode == PartnerAccessErrorCode.NotFound &&
                                                           retry < _consistencyMaxRetries && IsRecentlyCreated(id))
            {
                LogConsistencyRetry(_logger, id, retry + 1, delay);
            }

            await Task.Delay(delay, TimeProvider, cancellationToken).ConfigureAwait(false);
            delay += delay;
        }
    }

    /// <summary>
    /// Streams a Graph collection: <c>$top</c> on the first request, then <c>@odata.nextLink</c> until there is none.
    /// Nothing is requested before the caller asks for the first item, and each page only when the previous one is used up.
    /// </summary>
    private async IAsyncEnumerable<TDomain> PageAsync<TPage, TItem, TDomain>(
        string what,
        Func<CancellationToken, Task<TPage?>> first,
        Func<string, CancellationToken, Task<TPage?>> next,
        Func<TPage, IEnumerable<TItem>?> items,
        Func<TItem, TDomain?> map,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TPage : BaseCollectionPaginationCountResponse
        where TDomain : class
    {
        var page = await CallAsync(HttpMethod.Get, what, first, cancellationToken).ConfigureAwait(false);
        var seenLinks = new HashSet<string>(StringComparer.Ordinal);
        while (page is not null)
        {
            foreach (var item in items(page) ?? [])
            {
                if (item is not null && map(item) is { } mapped)
                {
                    yield return mapped;
                }
            }

            var nextLink = page.OdataNextLink;
            if (string.IsNullOrEmpty(nextLink))
            {
                yield break;
            }

            if (!seenLinks.Add(nextLink))
            {
                throw new PartnerAccessException(PartnerAccessErrorCode.ServiceError,
                    $"Graph returned the same @odata.nextLink twice while {what}; stopped to avoid an endless loop.");
            }

            page = await CallAsync(HttpMethod.Get, what, ct => next(nextLink, ct), cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "404 on {Id}, created moments ago; retry {Retry} after {Delay} (replication lag).")]
    private static partial void LogConsistencyRetry(ILogger logger, string id, int retry, TimeSpan delay);
}
