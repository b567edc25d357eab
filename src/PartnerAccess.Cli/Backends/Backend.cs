using PartnerAccess.Sdk;

namespace PartnerAccess.Cli.Backends;

/// <summary>The client a command talks to, and what the CLI knows about the partner behind it.</summary>
internal sealed class Backend(IPartnerAccessClient client, string description, IAsyncDisposable? owned = null) : IAsyncDisposable
{
    public IPartnerAccessClient Client { get; } = client;

    /// <summary>Where the data comes from, for example "embedded demo partner".</summary>
    public string Description { get; } = description;

    /// <summary>The partner tenant, when known.</summary>
    public string? PartnerTenantId { get; init; }

    /// <summary>Names of partner security groups, when the backend knows them (Graph's GDAP API only has ids).</summary>
    public IReadOnlyDictionary<string, string> SecurityGroupNames { get; init; } = new Dictionary<string, string>();

    /// <summary>The partner tenant's security groups: the demo's own directory, or Graph's <c>/groups</c>.</summary>
    public PartnerAccess.Sdk.Groups.IPartnerGroups? Groups { get; init; }

    /// <summary>Whether the client's audit records include partner sign-ins (the demo's do; Graph's GDAP API has none).</summary>
    public bool HasSignIns { get; init; }

    /// <summary>
    /// Opens a reader of one customer tenant's sign-in logs, for backends whose audit records have no sign-ins; the
    /// caller disposes what it returns.
    /// </summary>
    public Func<string, (PartnerAccess.Sdk.Graph.Audit.PartnerSignInReader Reader, IDisposable? Owner)>? OpenSignInReader { get; init; }

    /// <summary>Just-in-time membership of the partner's groups (PIM for Groups), on the same clock as <see cref="Client"/>.</summary>
    public PartnerAccess.Sdk.JustInTime.IJustInTimeAccess? JustInTime { get; init; }

    /// <summary>Names of partner users, when the backend knows them (PIM for Groups only has ids).</summary>
    public IReadOnlyDictionary<string, string> UserNames { get; init; } = new Dictionary<string, string>();

    public string UserName(string principalId) =>
        UserNames.TryGetValue(principalId, out var name) ? name : principalId;

    public string GroupName(string securityGroupId) =>
        SecurityGroupNames.TryGetValue(securityGroupId, out var name) ? name : securityGroupId;

    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
