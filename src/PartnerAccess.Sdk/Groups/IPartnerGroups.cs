namespace PartnerAccess.Sdk.Groups;

/// <summary>
/// The partner tenant's security groups: the access containers GDAP access assignments give roles to. Two
/// implementations ship: <c>GraphPartnerGroups</c> (PartnerAccess.Sdk.Graph, <c>/v1.0/groups</c>) and
/// <c>InMemoryPartnerGroups</c> (PartnerAccess.Sdk.Testing).
/// </summary>
/// <remarks>
/// Entra ID allows several groups with one display name; this interface never creates a second one. Creating reads
/// first, and a create whose answer was lost is resolved by reading by name, never by sending it again blindly.
/// </remarks>
public interface IPartnerGroups
{
    /// <summary>Lists the partner's groups, page by page as they arrive.</summary>
    /// <param name="displayNameStartsWith">Only groups whose display name starts with this text; all groups when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The groups.</returns>
    IAsyncEnumerable<PartnerGroup> ListGroupsAsync(string? displayNameStartsWith = null, CancellationToken cancellationToken = default);

    /// <summary>Reads one group.</summary>
    /// <param name="groupId">The group's object id (a GUID).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The group.</returns>
    /// <exception cref="PartnerAccessException">NotFound (for example a deleted group), or Validation for an id that is not a GUID.</exception>
    Task<PartnerGroup> GetGroupAsync(string groupId, CancellationToken cancellationToken = default);

    /// <summary>Finds the group with a display name (compared case-insensitively, as Entra ID does).</summary>
    /// <param name="displayName">The display name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The group; <see langword="null"/> when there is none.</returns>
    /// <exception cref="PartnerAccessException">Conflict when several groups share the name, so no one of them can be chosen.</exception>
    Task<PartnerGroup?> FindGroupByNameAsync(string displayName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a security group (<c>securityEnabled</c>, not mail-enabled) in the partner tenant. The name is checked
    /// first; a create whose answer is lost is resolved by reading by name.
    /// </summary>
    /// <param name="request">The group's name and description.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new group.</returns>
    /// <exception cref="PartnerAccessException">Validation (every broken rule) or Conflict (a group with that name exists).</exception>
    Task<PartnerGroup> CreateSecurityGroupAsync(CreatePartnerGroupRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists a group's direct members, page by page as they arrive.</summary>
    /// <param name="groupId">The group's object id (a GUID).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The members.</returns>
    /// <exception cref="PartnerAccessException">NotFound when the group does not exist.</exception>
    IAsyncEnumerable<PartnerGroupMember> ListMembersAsync(string groupId, CancellationToken cancellationToken = default);
}
