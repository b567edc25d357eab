using PartnerAccess.Sdk.Groups;

namespace PartnerAccess.Sdk;

/// <summary>Helpers over <see cref="IPartnerGroups"/>.</summary>
public static class PartnerGroupsExtensions
{
    /// <summary>Finds the security group with a name, or creates it; running it twice never makes two groups.</summary>
    /// <param name="groups">The partner's groups.</param>
    /// <param name="request">The group to find (by display name) or create.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The group, and whether this call created it.</returns>
    /// <exception cref="PartnerAccessException">Validation, or Conflict when several groups already share the name.</exception>
    public static async Task<(PartnerGroup Group, bool Created)> EnsureSecurityGroupAsync(this IPartnerGroups groups, CreatePartnerGroupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(request);
        if (await groups.FindGroupByNameAsync(request.DisplayName, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return (existing, false);
        }

        try
        {
            return (await groups.CreateSecurityGroupAsync(request, cancellationToken).ConfigureAwait(false), true);
        }
        catch (PartnerAccessException exception) when (exception.ErrorCode == PartnerAccessErrorCode.Conflict &&
                                                       exception.Violations.Any(v => v.Code == PartnerGroupRules.DisplayNameNotUnique))
        {
            // Someone else created it between the read and the create: theirs is the one.
        }

        return (await groups.FindGroupByNameAsync(request.DisplayName, cancellationToken).ConfigureAwait(false)
            ?? throw new PartnerAccessException(PartnerAccessErrorCode.Conflict, $"Group '{request.DisplayName}' was reported to exist but cannot be read."), false);
    }

    /// <summary>Reads every direct member of a group.</summary>
    /// <param name="groups">The partner's groups.</param>
    /// <param name="groupId">The group id.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The members.</returns>
    public static async Task<IReadOnlyList<PartnerGroupMember>> GetMembersAsync(this IPartnerGroups groups, string groupId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var members = new List<PartnerGroupMember>();
        await foreach (var member in groups.ListMembersAsync(groupId, cancellationToken).ConfigureAwait(false))
        {
            members.Add(member);
        }

        return members;
    }
}
