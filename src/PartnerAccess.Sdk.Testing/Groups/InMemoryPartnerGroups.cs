using System.Runtime.CompilerServices;
using PartnerAccess.Sdk.Groups;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Testing;

/// <summary>
/// An <see cref="IPartnerGroups"/> over a <see cref="PartnerGroupDirectory"/>: the same checks and outcomes as the
/// Graph implementation, without a tenant.
/// </summary>
public sealed class InMemoryPartnerGroups : IPartnerGroups
{
    /// <summary>Creates one over a directory.</summary>
    /// <param name="directory">The partner tenant's groups; a new, empty one when <see langword="null"/>.</param>
    public InMemoryPartnerGroups(PartnerGroupDirectory? directory = null) => Directory = directory ?? new PartnerGroupDirectory();

    /// <summary>The groups behind this client; seed it in tests.</summary>
    public PartnerGroupDirectory Directory { get; }

    /// <inheritdoc />
    public async IAsyncEnumerable<PartnerGroup> ListGroupsAsync(string? displayNameStartsWith = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var group in Directory.List())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (displayNameStartsWith is null || group.DisplayName.StartsWith(displayNameStartsWith, StringComparison.OrdinalIgnoreCase))
            {
                yield return group;
            }
        }
    }

    /// <inheritdoc />
    public Task<PartnerGroup> GetGroupAsync(string groupId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        GdapRules.ThrowIfAny(PartnerGroupRules.ValidateGroupId(groupId));
        return Task.FromResult(Directory.Get(groupId));
    }

    /// <inheritdoc />
    public Task<PartnerGroup?> FindGroupByNameAsync(string displayName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        cancellationToken.ThrowIfCancellationRequested();
        var matches = Directory.List().Where(g => string.Equals(g.DisplayName, displayName, StringComparison.OrdinalIgnoreCase)).ToList();
        return Task.FromResult(PartnerGroupRules.SingleByName(displayName, matches));
    }

    /// <inheritdoc />
    public async Task<PartnerGroup> CreateSecurityGroupAsync(CreatePartnerGroupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        GdapRules.ThrowIfAny(PartnerGroupRules.ValidateCreate(request));
        if (await FindGroupByNameAsync(request.DisplayName, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            throw PartnerGroupRules.NameTaken(existing);
        }

        return Directory.Create(request.DisplayName, request.MailNickname ?? PartnerGroupRules.MailNicknameFor(request.DisplayName), request.Description, securityEnabled: true, mailEnabled: false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<PartnerGroupMember> ListMembersAsync(string groupId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        GdapRules.ThrowIfAny(PartnerGroupRules.ValidateGroupId(groupId));
        var members = Directory.Members(groupId);
        await Task.Yield();
        foreach (var member in members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return member;
        }
    }
}
