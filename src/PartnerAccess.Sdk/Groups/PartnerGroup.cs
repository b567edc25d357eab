using NodaTime;

namespace PartnerAccess.Sdk.Groups;

/// <summary>A group in the partner tenant, as Microsoft Graph describes it.</summary>
public sealed record PartnerGroup
{
    /// <summary>The group's object id (a GUID); the <c>accessContainerId</c> of an access assignment.</summary>
    public required string Id { get; init; }

    /// <summary>The display name, for example <c>GDAP - Helpdesk agents</c>.</summary>
    public required string DisplayName { get; init; }

    /// <summary>The description, when it has one.</summary>
    public string? Description { get; init; }

    /// <summary>The mail alias Graph requires on every group, even one that is not mail-enabled.</summary>
    public string? MailNickname { get; init; }

    /// <summary>Whether it is a security group, so it can receive GDAP roles.</summary>
    public bool SecurityEnabled { get; init; }

    /// <summary>Whether it is mail-enabled.</summary>
    public bool MailEnabled { get; init; }

    /// <summary>When it was created, when the service says.</summary>
    public Instant? CreatedAt { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{DisplayName} ({Id})";
}

/// <summary>What kind of directory object a group member is.</summary>
public enum PartnerGroupMemberKind
{
    /// <summary>A kind this version does not know.</summary>
    Other = 0,

    /// <summary>A user (<c>#microsoft.graph.user</c>).</summary>
    User,

    /// <summary>A nested group (<c>#microsoft.graph.group</c>).</summary>
    Group,

    /// <summary>A service principal (<c>#microsoft.graph.servicePrincipal</c>).</summary>
    ServicePrincipal,

    /// <summary>A device (<c>#microsoft.graph.device</c>).</summary>
    Device,
}

/// <summary>A direct member of a partner group.</summary>
public sealed record PartnerGroupMember
{
    /// <summary>The member's object id.</summary>
    public required string Id { get; init; }

    /// <summary>What kind of object it is.</summary>
    public PartnerGroupMemberKind Kind { get; init; }

    /// <summary>The display name, when the service sends one.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The user principal name, for users.</summary>
    public string? UserPrincipalName { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{DisplayName ?? Id} ({Kind})";
}

/// <summary>What <see cref="IPartnerGroups.CreateSecurityGroupAsync"/> creates.</summary>
public sealed record CreatePartnerGroupRequest
{
    /// <summary>The display name: required, at most <see cref="PartnerGroupRules.MaxDisplayNameLength"/> characters, unique among the partner's groups.</summary>
    public required string DisplayName { get; init; }

    /// <summary>An optional description.</summary>
    public string? Description { get; init; }

    /// <summary>The mail alias; derived from <see cref="DisplayName"/> by <see cref="PartnerGroupRules.MailNicknameFor"/> when <see langword="null"/>.</summary>
    public string? MailNickname { get; init; }
}
