using NodaTime.Extensions;
using PartnerAccess.Sdk.Groups;

namespace PartnerAccess.Sdk.Testing;

/// <summary>
/// The partner tenant's groups and their members, as the directory service holds them: the state behind
/// <see cref="InMemoryPartnerGroups"/> and the emulator's <c>/v1.0/groups</c>. Like Entra ID it lets several groups
/// share a display name; the clients are the ones that refuse to create a second.
/// </summary>
/// <remarks>Thread-safe. Tests seed it with <see cref="Add"/> and <c>AddMember</c>, and delete a group with <see cref="Delete"/>.</remarks>
public sealed class PartnerGroupDirectory
{
    private readonly object _gate = new();
    private readonly List<PartnerGroup> _groups = [];
    private readonly Dictionary<string, List<PartnerGroupMember>> _members = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates an empty directory.</summary>
    /// <param name="timeProvider">Stamps <see cref="PartnerGroup.CreatedAt"/>; the system clock when <see langword="null"/>.</param>
    public PartnerGroupDirectory(TimeProvider? timeProvider = null) => TimeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>The clock that stamps new groups.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>How many groups there are.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _groups.Count;
            }
        }
    }

    /// <summary>Adds a security group, as someone in the Entra admin center would. Duplicate names are allowed, as in Entra ID.</summary>
    /// <param name="displayName">The display name.</param>
    /// <param name="id">The object id; a new GUID when <see langword="null"/>.</param>
    /// <param name="description">The description.</param>
    /// <param name="mailNickname">The alias; derived from the name when <see langword="null"/>.</param>
    /// <returns>The group.</returns>
    /// <exception cref="ArgumentException">The id is not a GUID or is taken.</exception>
    public PartnerGroup Add(string displayName, string? id = null, string? description = null, string? mailNickname = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        var groupId = id ?? Guid.NewGuid().ToString();
        if (!Guid.TryParse(groupId, out _))
        {
            throw new ArgumentException($"Group id '{groupId}' is not a GUID.", nameof(id));
        }

        lock (_gate)
        {
            if (_members.ContainsKey(groupId))
            {
                throw new ArgumentException($"A group with id '{groupId}' already exists.", nameof(id));
            }

            var group = new PartnerGroup
            {
                Id = groupId,
                DisplayName = displayName,
                Description = description,
                MailNickname = mailNickname ?? PartnerGroupRules.MailNicknameFor(displayName),
                SecurityEnabled = true,
                MailEnabled = false,
                CreatedAt = TimeProvider.GetCurrentInstant(),
            };
            _groups.Add(group);
            _members[groupId] = [];
            return group;
        }
    }

    /// <summary>Adds a user to a group.</summary>
    /// <param name="groupId">The group id.</param>
    /// <param name="displayName">The user's display name.</param>
    /// <param name="userPrincipalName">The user's principal name.</param>
    /// <param name="userId">The user's object id; a new GUID when <see langword="null"/>.</param>
    /// <returns>The member.</returns>
    /// <exception cref="PartnerAccessException">NotFound when the group does not exist.</exception>
    public PartnerGroupMember AddMember(string groupId, string displayName, string? userPrincipalName = null, string? userId = null) =>
        AddMember(groupId, new PartnerGroupMember
        {
            Id = userId ?? Guid.NewGuid().ToString(),
            Kind = PartnerGroupMemberKind.User,
            DisplayName = displayName,
            UserPrincipalName = userPrincipalName,
        });

    /// <summary>Adds any directory object to a group.</summary>
    /// <param name="groupId">The group id.</param>
    /// <param name="member">The member.</param>
    /// <returns>The member.</returns>
    /// <exception cref="PartnerAccessException">NotFound when the group does not exist.</exception>
    public PartnerGroupMember AddMember(string groupId, PartnerGroupMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        lock (_gate)
        {
            MembersOf(groupId).Add(member);
            return member;
        }
    }

    /// <summary>Deletes a group and its memberships, as an administrator might by mistake.</summary>
    /// <param name="groupId">The group id.</param>
    /// <returns>Whether there was such a group.</returns>
    public bool Delete(string groupId)
    {
        lock (_gate)
        {
            _members.Remove(groupId);
            return _groups.RemoveAll(g => string.Equals(g.Id, groupId, StringComparison.OrdinalIgnoreCase)) > 0;
        }
    }

    /// <summary>Forgets every group.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _groups.Clear();
            _members.Clear();
        }
    }

    /// <summary>The groups, oldest first.</summary>
    /// <returns>A copy.</returns>
    public IReadOnlyList<PartnerGroup> List()
    {
        lock (_gate)
        {
            return [.. _groups];
        }
    }

    /// <summary>Reads one group.</summary>
    /// <param name="groupId">The group id.</param>
    /// <returns>The group.</returns>
    /// <exception cref="PartnerAccessException">NotFound.</exception>
    public PartnerGroup Get(string groupId)
    {
        lock (_gate)
        {
            return _groups.Find(g => string.Equals(g.Id, groupId, StringComparison.OrdinalIgnoreCase)) ?? throw NotFound(groupId);
        }
    }

    /// <summary>Creates a group as <c>POST /groups</c> does: no name check, like Entra ID.</summary>
    /// <param name="displayName">The display name.</param>
    /// <param name="mailNickname">The alias.</param>
    /// <param name="description">The description.</param>
    /// <param name="securityEnabled">Whether it is a security group.</param>
    /// <param name="mailEnabled">Whether it is mail-enabled.</param>
    /// <returns>The group.</returns>
    public PartnerGroup Create(string displayName, string mailNickname, string? description, bool securityEnabled, bool mailEnabled)
    {
        var group = new PartnerGroup
        {
            Id = Guid.NewGuid().ToString(),
            DisplayName = displayName,
            Description = description,
            MailNickname = mailNickname,
            SecurityEnabled = securityEnabled,
            MailEnabled = mailEnabled,
            CreatedAt = TimeProvider.GetCurrentInstant(),
        };
        lock (_gate)
        {
            _groups.Add(group);
            _members[group.Id] = [];
        }

        return group;
    }

    /// <summary>A group's direct members, in the order they were added.</summary>
    /// <param name="groupId">The group id.</param>
    /// <returns>A copy.</returns>
    /// <exception cref="PartnerAccessException">NotFound.</exception>
    public IReadOnlyList<PartnerGroupMember> Members(string groupId)
    {
        lock (_gate)
        {
            return [.. MembersOf(groupId)];
        }
    }

    private static PartnerAccessException NotFound(string? groupId) =>
        new(PartnerAccessErrorCode.NotFound, $"Group '{groupId}' was not found.");

    private List<PartnerGroupMember> MembersOf(string groupId) =>
        _members.TryGetValue(groupId, out var members) ? members : throw NotFound(groupId);
}
