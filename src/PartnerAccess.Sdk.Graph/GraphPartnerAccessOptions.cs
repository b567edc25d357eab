using Azure.Core;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Graph;

/// <summary>
/// Settings of <see cref="GraphPartnerAccessClient"/>: where Graph is, how to authenticate, and the one retry layer.
/// Check them with <see cref="Validate"/>; the client and <c>UseGraph</c> do so and report every problem at once.
/// </summary>
public sealed class GraphPartnerAccessOptions
{
    /// <summary>The largest page Graph serves for GDAP lists.</summary>
    public const int MaxPageSize = 300;

    /// <summary>The national cloud. Ignored when <see cref="BaseUrl"/> is set. Default: <see cref="GraphCloud.Global"/>.</summary>
    public GraphCloud Cloud { get; set; } = GraphCloud.Global;

    /// <summary>
    /// A custom versioned base URL, such as the emulator's <c>http://127.0.0.1:5080/v1.0</c>. When set it replaces
    /// <see cref="Cloud"/>; tokens are then sent to this host too (see docs/graph-client.md, "Custom base URL").
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The Azure.Identity credential that obtains tokens. Either this or <see cref="StaticAccessToken"/> is needed.</summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>
    /// A fixed bearer token sent as is, for the emulator or a token obtained elsewhere. It is sent only to the host of
    /// the base URL. Takes precedence over <see cref="Credential"/>.
    /// </summary>
    public string? StaticAccessToken { get; set; }

    /// <summary>The token scopes; default: the cloud's <c>/.default</c> scope (the global one for a custom base URL).</summary>
    public IList<string> Scopes { get; } = new List<string>();

    /// <summary>Attempts per HTTP request, the first one included (1 to 10). Default: 4.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first backoff delay when the service gives no <c>Retry-After</c>; it doubles per attempt, with jitter. Default: 1 s.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest computed backoff delay. A server's <c>Retry-After</c> is honoured as sent. Default: 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take before it counts as failed. Default: 100 s, as Graph's own client.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// How long one HTTP request may take with every retry and wait included. A <c>Retry-After</c> that would pass it
    /// is not waited for; the call fails as throttled instead. Default: 5 minutes.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The page size (<c>$top</c>) for lists, 1 to 300. Default: 300, the most Graph serves.</summary>
    public int RelationshipPageSize { get; set; } = MaxPageSize;

    /// <summary>
    /// For how long after this client created an object a 404 on it counts as replication lag and is retried.
    /// Zero turns the retry off. Default: 30 s.
    /// </summary>
    public TimeSpan EventualConsistencyWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times such a 404 is retried (0 to 10). Default: 3.</summary>
    public int EventualConsistencyMaxRetries { get; set; } = 3;

    /// <summary>The first wait before retrying such a 404; it doubles per retry. Default: 1 s.</summary>
    public TimeSpan EventualConsistencyDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Send <c>Prefer: include-unknown-enum-members</c>, so that Graph returns evolvable members such as the
    /// <c>reject</c> action and the <c>delegatedAdminRelationshipUpdate</c> operation type. Default: on.
    /// </summary>
    public bool IncludeUnknownEnumMembers { get; set; } = true;

    /// <summary>The partner's own tenant id (a GUID), stamped on audit records. Optional.</summary>
    public string? PartnerTenantId { get; set; }

    /// <summary>
    /// The rule engine settings. When <see langword="null"/>, the defaults, or under dependency injection the
    /// settings from <c>AddPartnerAccess</c>.
    /// </summary>
    public GdapRuleOptions? Rules { get; set; }

    /// <summary>
    /// The innermost handler that puts requests on the wire: default a <see cref="SocketsHttpHandler"/> configured as
    /// Graph's own. Set it for a proxy or an in-process test server. The client never disposes a handler set here.
    /// </summary>
    public HttpMessageHandler? Transport { get; set; }

    /// <summary>The versioned base URL in force: <see cref="BaseUrl"/> or the cloud's.</summary>
    /// <returns>The base URL without a trailing slash.</returns>
    public Uri GetEffectiveBaseUrl() => new((BaseUrl ?? GraphClouds.GetBaseUrl(Cloud)).ToString().TrimEnd('/'));

    /// <summary>The token scopes in force.</summary>
    /// <returns><see cref="Scopes"/>, or the default scope of the cloud.</returns>
    public IReadOnlyList<string> GetEffectiveScopes() =>
        Scopes.Count > 0 ? Scopes.ToList() : [GraphClouds.GetDefaultScope(BaseUrl is null ? Cloud : GraphCloud.Global)];

    /// <summary>Checks every setting and returns every problem found.</summary>
    /// <param name="requireAuthentication">Whether a credential or a static token must be set.</param>
    /// <returns>The problems; empty when the options are usable.</returns>
    public IReadOnlyList<string> Validate(bool requireAuthentication = true)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Cloud))
        {
            errors.Add($"{nameof(Cloud)} '{Cloud}' is not a known Graph cloud.");
        }

        if (BaseUrl is not null)
        {
            if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttps && BaseUrl.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add($"{nameof(BaseUrl)} '{BaseUrl}' must be an absolute http or https URL such as http://127.0.0.1:5080/v1.0.");
            }
            else if (BaseUrl.Scheme == Uri.UriSchemeHttp && !BaseUrl.IsLoopback)
            {
                errors.Add($"{nameof(BaseUrl)} '{BaseUrl}' uses http on a host that is not loopback; use https (tokens must not travel in clear text).");
            }
        }

        if (requireAuthentication && Credential is null && string.IsNullOrWhiteSpace(StaticAccessToken))
        {
            errors.Add($"Set {nameof(Credential)} (an Azure.Identity TokenCredential) or {nameof(StaticAccessToken)}.");
        }

        if (Scopes.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{nameof(Scopes)} must not contain blank entries.");
        }

        if (MaxAttempts is < 1 or > 10)
        {
            errors.Add($"{nameof(MaxAttempts)} must be between 1 and 10; it is {MaxAttempts}.");
        }

        CheckPositive(BaseDelay, nameof(BaseDelay), errors);
        CheckPositive(MaxDelay, nameof(MaxDelay), errors);
        if (BaseDelay > MaxDelay)
        {
            errors.Add($"{nameof(BaseDelay)} ({BaseDelay}) must not exceed {nameof(MaxDelay)} ({MaxDelay}).");
        }

        CheckTimeout(AttemptTimeout, nameof(AttemptTimeout), errors);
        CheckTimeout(TotalTimeout, nameof(TotalTimeout), errors);
        if (AttemptTimeout > TotalTimeout)
        {
            errors.Add($"{nameof(AttemptTimeout)} ({AttemptTimeout}) must not exceed {nameof(TotalTimeout)} ({TotalTimeout}).");
        }

        if (RelationshipPageSize is < 1 or > MaxPageSize)
        {
            errors.Add($"{nameof(RelationshipPageSize)} must be between 1 and {MaxPageSize}; it is {RelationshipPageSize}.");
        }

        if (EventualConsistencyWindow < TimeSpan.Zero)
        {
            errors.Add($"{nameof(EventualConsistencyWindow)} must not be negative.");
        }

        if (EventualConsistencyMaxRetries is < 0 or > 10)
        {
            errors.Add($"{nameof(EventualConsistencyMaxRetries)} must be between 0 and 10; it is {EventualConsistencyMaxRetries}.");
        }

        CheckPositive(EventualConsistencyDelay, nameof(EventualConsistencyDelay), errors);
        if (PartnerTenantId is not null && !Guid.TryParse(PartnerTenantId, out _))
        {
            errors.Add($"{nameof(PartnerTenantId)} '{PartnerTenantId}' must be a GUID.");
        }

        return errors;
    }

    // The bounds Polly's timeout strategy accepts.
    private static void CheckTimeout(TimeSpan value, string name, List<string> errors)
    {
        if (value < TimeSpan.FromMilliseconds(10) || value > TimeSpan.FromDays(1))
        {
            errors.Add($"{name} must be between 10 ms and 1 day; it is {value}.");
        }
    }

    private static void CheckPositive(TimeSpan value, string name, List<string> errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name} must be positive; it is {value}.");
        }
    }
}
