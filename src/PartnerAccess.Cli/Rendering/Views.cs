using NodaTime;
using NodaTime.Text;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Cli.Rendering;

// The JSON contract of --output json. Property names and shapes are stable; instants are ISO 8601 UTC, durations
// ISO 8601 as Graph writes them, statuses Graph's camelCase names.

internal sealed record RoleView(string Id, string Name, bool Privileged)
{
    public static RoleView From(RoleGrant role) => new(role.RoleDefinitionId.ToString("D"), role.Name, role.IsPrivileged);
}

internal sealed record CustomerView(string TenantId, string? DisplayName);

internal sealed record RelationshipView(
    string Id,
    string DisplayName,
    string Status,
    CustomerView? Customer,
    IReadOnlyList<RoleView> Roles,
    string Duration,
    string AutoExtendDuration,
    bool AutoExtends,
    bool HasGlobalAdministrator,
    string? ActivatedAt,
    string? EndsAt,
    int? DaysLeft,
    string CreatedAt,
    string LastModifiedAt,
    string? IndirectProviderTenantId,
    bool? IsPartnerConsentPending,
    string? ApprovalLink)
{
    public static RelationshipView From(Relationship r, Instant now) => new(
        r.Id,
        r.DisplayName,
        GraphNames.ToGraphName(r.Status),
        r.Customer is { } c ? new CustomerView(c.TenantId, c.DisplayName) : null,
        r.Roles.Select(RoleView.From).ToList(),
        GdapDurations.Format(r.Window.Length),
        GdapDurations.Format(r.Window.AutoExtendDuration),
        r.Window.AutoExtends,
        r.HasGlobalAdministrator,
        Iso.Format(r.ActivatedAt),
        Iso.Format(r.EndsAt),
        r.Status == RelationshipStatus.Active && r.EndsAt is not null ? r.Window.DaysLeftAt(now) : null,
        Iso.Format(r.CreatedAt),
        Iso.Format(r.LastModifiedAt),
        r.IndirectProviderTenantId,
        r.IsPartnerConsentPending,
        r.Status is RelationshipStatus.Created or RelationshipStatus.ApprovalPending ? r.ApprovalLink.ToString() : null);
}

internal sealed record AssignmentView(
    string Id,
    string RelationshipId,
    string SecurityGroupId,
    string? SecurityGroupName,
    string Status,
    IReadOnlyList<RoleView> Roles,
    string CreatedAt,
    string LastModifiedAt)
{
    public static AssignmentView From(AccessAssignment a, string? groupName) => new(
        a.Id,
        a.RelationshipId,
        a.SecurityGroupId,
        groupName,
        GraphNames.ToGraphName(a.Status),
        a.Roles.Select(RoleView.From).ToList(),
        Iso.Format(a.CreatedAt),
        Iso.Format(a.LastModifiedAt));
}

internal sealed record RequestView(string Id, string RelationshipId, string Action, string Status, string CreatedAt)
{
    public static RequestView From(RelationshipRequest r) => new(
        r.Id, r.RelationshipId, GraphNames.ToGraphName(r.Action), GraphNames.ToGraphName(r.Status), Iso.Format(r.CreatedAt));
}

internal sealed record OperationView(string Id, string RelationshipId, string OperationType, string Status, string CreatedAt, string LastModifiedAt)
{
    public static OperationView From(RelationshipOperation o) => new(
        o.Id, o.RelationshipId, GraphNames.ToGraphName(o.OperationType), GraphNames.ToGraphName(o.Status), Iso.Format(o.CreatedAt), Iso.Format(o.LastModifiedAt));
}

internal sealed record ActorView(string Kind, string? Id, string? DisplayName);

internal sealed record SignInView(
    string? UserPrincipalName,
    string? UserDisplayName,
    string? AppId,
    string? AppDisplayName,
    string? ResourceDisplayName,
    string? IpAddress,
    bool Succeeded,
    int ErrorCode,
    string? FailureReason);

internal sealed record AuditRecordView(
    string Id,
    string OccurredAt,
    string Kind,
    ActorView Actor,
    string Source,
    string? RelationshipId,
    string? AccessAssignmentId,
    string? CustomerTenantId,
    string? Summary,
    SignInView? SignIn,
    IReadOnlyDictionary<string, string> Details)
{
    public static AuditRecordView From(AuditRecord r) => new(
        r.Id,
        Iso.Format(r.OccurredAt),
        GraphNames.ToGraphName(r.Kind),
        new ActorView(GraphNames.ToGraphName(r.Actor.Kind), r.Actor.Id, r.Actor.DisplayName),
        GraphNames.ToGraphName(r.Source),
        r.RelationshipId,
        r.AccessAssignmentId,
        r.CustomerTenantId,
        r.Summary,
        r.SignIn is { } s
            ? new SignInView(s.UserPrincipalName, s.UserDisplayName, s.AppId, s.AppDisplayName, s.ResourceDisplayName, s.IpAddress, s.Succeeded, s.ErrorCode, s.FailureReason)
            : null,
        new SortedDictionary<string, string>(r.Details.ToDictionary(), StringComparer.Ordinal));
}

internal sealed record ViolationView(string Code, string Target, string Message, string? AttemptedValue);

internal sealed record ErrorView(string Code, int ExitCode, string Message, IReadOnlyList<ViolationView> Violations, string? ServiceErrorCode, string? RequestId)
{
    public static ErrorView From(PartnerAccess.Sdk.PartnerAccessException e) => new(
        GraphNames.ToGraphName(e.ErrorCode),
        PartnerAccess.Cli.Infrastructure.ExitCodes.For(e.ErrorCode),
        e.Message,
        e.Violations.Select(v => new ViolationView(v.Code, v.Target, v.Message, v.AttemptedValue)).ToList(),
        e.ServiceErrorCode,
        e.RequestId);
}

/// <summary>ISO 8601 instants as the JSON output writes them.</summary>
internal static class Iso
{
    private static readonly InstantPattern Pattern = InstantPattern.ExtendedIso;

    public static string Format(Instant instant) => Pattern.Format(instant);

    public static string? Format(Instant? instant) => instant is { } value ? Pattern.Format(value) : null;
}
