using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using NodaTime;
using NodaTime.Text;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Graph.Wire;

namespace PartnerAccess.Sdk.Graph.Audit;

/// <summary>Settings of <see cref="PartnerSignInReader"/>.</summary>
public sealed record PartnerSignInReaderOptions
{
    /// <summary>The largest page Graph serves for sign-in logs.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Records per page (<c>$top</c>), 1 to 1000. Default: 500.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>
    /// Also read non-interactive sign-ins (tokens refreshed by apps and scripts). Graph returns interactive ones only
    /// unless asked; this adds a <c>signInEventTypes</c> filter. Default: <see langword="false"/>.
    /// </summary>
    public bool IncludeNonInteractive { get; init; }

    /// <summary>The beta base URL, for example <c>https://graph.microsoft.com/beta</c>; derived from the Graph client's base URL when <see langword="null"/>.</summary>
    public Uri? BetaBaseUrl { get; init; }
}

/// <summary>
/// Reads partner technicians' sign-ins into one customer tenant from its Entra sign-in logs (Graph <b>beta</b>
/// <c>auditLogs/signIns</c>), as <see cref="AuditRecord"/>s of kind <see cref="AuditRecordKind.PartnerSignIn"/>. The
/// date range is filtered on the server; <c>crossTenantAccessType = serviceProvider</c> and the partner's
/// <c>homeTenantId</c> are filtered locally, because Graph does not document filtering on them. Pages are fetched
/// one at a time as the caller enumerates, following <c>@odata.nextLink</c>.
/// </summary>
/// <remarks>
/// Runs in the <b>customer's</b> tenant: give it a Graph client authenticated there, with the customer's consent,
/// holding <c>AuditLog.Read.All</c>. The customer tenant needs Microsoft Entra ID P1 or P2 (docs/audit.md).
/// The requests go through that client's pipeline (authentication, retries) as raw requests, because the typed
/// v1.0 SDK has no <c>crossTenantAccessType</c>.
/// </remarks>
public sealed class PartnerSignInReader
{
    private static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping = new()
    {
        ["XXX"] = ODataError.CreateFromDiscriminatorValue,
    };

    private readonly GraphServiceClient _graph;
    private readonly PartnerSignInMapper _mapper;
    private readonly PartnerSignInReaderOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _betaBaseUrl;

    /// <summary>Creates a reader.</summary>
    /// <param name="customerTenantGraph">A Graph client authenticated in the customer tenant, for example the <see cref="GraphPartnerAccessClient.Graph"/> of a client built for that tenant.</param>
    /// <param name="partnerTenantId">The partner's tenant id (a GUID): only its technicians are kept.</param>
    /// <param name="options">Paging and filters; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock used to read Retry-After dates; the system clock when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Receives warnings about malformed records; none when <see langword="null"/>.</param>
    public PartnerSignInReader(
        GraphServiceClient customerTenantGraph,
        string partnerTenantId,
        PartnerSignInReaderOptions? options = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(customerTenantGraph);
        _options = options ?? new PartnerSignInReaderOptions();
        if (_options.PageSize is < 1 or > PartnerSignInReaderOptions.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.PageSize, "PageSize must be between 1 and 1000.");
        }

        _graph = customerTenantGraph;
        _mapper = new PartnerSignInMapper(partnerTenantId, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PartnerSignInMapper>());
        _timeProvider = timeProvider ?? TimeProvider.System;
        _betaBaseUrl = _options.BetaBaseUrl ?? BetaOf(customerTenantGraph.RequestAdapter.BaseUrl);
    }

    /// <summary>The beta base URL requests go to.</summary>
    public Uri BetaBaseUrl => _betaBaseUrl;

    /// <summary>The URL of the first page for a time range, as <see cref="ReadAsync"/> requests it.</summary>
    /// <param name="from">The start, inclusive.</param>
    /// <param name="to">The end, exclusive.</param>
    /// <returns>The URL.</returns>
    public Uri FirstPageUrl(Instant from, Instant to)
    {
        var filter = $"createdDateTime ge {Format(from)} and createdDateTime lt {Format(to)}";
        if (_options.IncludeNonInteractive)
        {
            filter += " and signInEventTypes/any(t: t eq 'interactiveUser' or t eq 'nonInteractiveUser')";
        }

        var query = string.Join('&',
            "$filter=" + Uri.EscapeDataString(filter),
            "$orderby=" + Uri.EscapeDataString("createdDateTime"),
            "$top=" + _options.PageSize.ToString(CultureInfo.InvariantCulture));
        return new Uri($"{_betaBaseUrl.ToString().TrimEnd('/')}/auditLogs/signIns?{query}");
    }

    /// <summary>Streams the partner's sign-ins in <c>[from, to)</c>, oldest first as Graph orders them.</summary>
    /// <param name="from">The start, inclusive.</param>
    /// <param name="to">The end, exclusive.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The partner sign-ins; other and malformed records are left out (malformed ones with a logged warning).</returns>
    /// <exception cref="PartnerAccessException">Graph refused (for example no P1/P2 licence or no consent) or failed.</exception>
    public async IAsyncEnumerable<AuditRecord> ReadAsync(Instant from, Instant to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (to <= from)
        {
            yield break;
        }

        Uri? next = FirstPageUrl(from, to);
        while (next is not null)
        {
            using var page = await GetPageAsync(next, cancellationToken).ConfigureAwait(false);
            var root = page.RootElement;
            if (root.TryGetProperty("value", out var values) && values.ValueKind == JsonValueKind.Array)
            {
                foreach (var element in values.EnumerateArray())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (_mapper.TryMap(element, out var record) == SignInMapResult.Mapped && record!.OccurredAt >= from && record.OccurredAt < to)
                    {
                        yield return record;
                    }
                }
            }

            next = root.TryGetProperty("@odata.nextLink", out var link) && link.ValueKind == JsonValueKind.String &&
                   Uri.TryCreate(link.GetString(), UriKind.Absolute, out var uri)
                ? uri
                : null;
        }
    }

    private async Task<JsonDocument> GetPageAsync(Uri url, CancellationToken cancellationToken)
    {
        var request = new RequestInformation { HttpMethod = Method.GET, URI = url };
        request.Headers.TryAdd("Accept", "application/json");
        try
        {
            var stream = await _graph.RequestAdapter.SendPrimitiveAsync<Stream>(request, ErrorMapping, cancellationToken).ConfigureAwait(false)
                ?? throw new PartnerAccessException(PartnerAccessErrorCode.ServiceError, "Graph returned an empty page of sign-in logs.");
            await using (stream.ConfigureAwait(false))
            {
                return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException e)
        {
            throw new PartnerAccessException(PartnerAccessErrorCode.ServiceError, $"Graph returned a page of sign-in logs that is not JSON: {e.Message}", e);
        }
        catch (Exception e) when (e is not OperationCanceledException and not PartnerAccessException)
        {
            throw GraphInsightErrors.Translate(e, HttpMethod.Get, "reading the customer's sign-in logs", "AuditLog.Read.All (and Microsoft Entra ID P1 or P2 in the customer tenant)", _timeProvider);
        }
    }

    private static string Format(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    private static Uri BetaOf(string? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            return new Uri("https://graph.microsoft.com/beta");
        }

        var trimmed = baseUrl.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        var version = slash >= 0 ? trimmed[(slash + 1)..] : string.Empty;
        return version.Equals("v1.0", StringComparison.OrdinalIgnoreCase) || version.Equals("beta", StringComparison.OrdinalIgnoreCase)
            ? new Uri(trimmed[..slash] + "/beta")
            : new Uri(trimmed + "/beta");
    }
}
