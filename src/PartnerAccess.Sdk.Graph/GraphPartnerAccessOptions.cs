using Azure.Core;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Graph;

/// <summary>
/// Settings of <see cref="GraphPartnerAccessClient"/>: where Graph is, how to authenticate, and the one retry layer.
/// The client's constructors and <c>UseGraph</c> (when the host starts) check them and report every problem at once,
/// in one <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>.
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
}
