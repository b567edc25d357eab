using PartnerAccess.Sdk.Graph.Wire;
using PartnerAccess.Sdk.Groups;

namespace PartnerAccess.Sdk.Graph;

/// <summary>
/// <see cref="IPartnerGroups"/> over Microsoft Graph v1.0 <c>/groups</c> in the partner tenant, sending through a
/// <see cref="GraphPartnerAccessClient"/>'s pipeline: the same authentication, the one retry layer, and the same
/// create-once logic (a create whose answer is lost is resolved by reading by name).
/// </summary>
/// <remarks>
/// Needs <c>Group.Read.All</c> to read and <c>Group.Create</c> (application) or <c>Group.ReadWrite.All</c> to create;
/// reading members of a group also needs <c>GroupMember.Read.All</c>. Name filters use <c>eq</c> and
/// <c>startswith</c> on <c>displayName</c>, which Graph serves without advanced query headers.
/// </remarks>
public sealed class GraphPartnerGroups : IPartnerGroups
{
    private readonly GraphPartnerAccessClient _client;

    /// <summary>Creates one that sends through a client's pipeline.</summary>
    /// <param name="client">The client; not disposed by this object.</param>
    public GraphPartnerGroups(GraphPartnerAccessClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<PartnerGroup> ListGroupsAsync(string? displayNameStartsWith = null, CancellationToken cancellationToken = default) =>
        _client.InstrumentGroups("ListGroups", _client.ListGroupsCoreAsync(displayNameStartsWith is null ? null : $"startswith(displayName,{ODataFilter.Literal(displayNameStartsWith)})", cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<PartnerGroup> GetGroupAsync(string groupId, CancellationToken cancellationToken = default) =>
        _client.InstrumentGroups("GetGroup", () => _client.GetGroupCoreAsync(groupId, cancellationToken));

    /// <inheritdoc />
    public Task<PartnerGroup?> FindGroupByNameAsync(string displayName, CancellationToken cancellationToken = default) =>
        _client.InstrumentGroups("FindGroupByName", () => _client.FindGroupByNameCoreAsync(displayName, cancellationToken));

    /// <inheritdoc />
    public Task<PartnerGroup> CreateSecurityGroupAsync(CreatePartnerGroupRequest request, CancellationToken cancellationToken = default) =>
        _client.InstrumentGroups("CreateSecurityGroup", () => _client.CreateSecurityGroupCoreAsync(request, cancellationToken));

    /// <inheritdoc />
    public IAsyncEnumerable<PartnerGroupMember> ListMembersAsync(string groupId, CancellationToken cancellationToken = default) =>
        _client.InstrumentGroups("ListGroupMembers", _client.ListMembersCoreAsync(groupId, cancellationToken), cancellationToken);
}
