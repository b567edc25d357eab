using System.Diagnostics;
using NodaTime;

namespace PartnerAccess.Sdk.Audit;

/// <summary>What an <see cref="AuditRecord"/> records.</summary>
public enum AuditRecordKind
{
    /// <summary>A kind this SDK does not know.</summary>
    Unknown = 0,

    /// <summary>A partner user or app signed in to the customer tenant.</summary>
    PartnerSignIn,

    /// <summary>The partner created a relationship.</summary>
    RelationshipCreated,

    /// <summary>The partner changed a relationship while it was created (name, length, customer).</summary>
    RelationshipUpdated,

    /// <summary>The partner deleted a created relationship.</summary>
    RelationshipDeleted,

    /// <summary>The partner locked a relationship for approval.</summary>
    LockedForApproval,

    /// <summary>The customer (or the indirect reseller) approved.</summary>
    Approved,

    /// <summary>The indirect reseller rejected.</summary>
    Rejected,

    /// <summary>Access became active.</summary>
    Activated,

    /// <summary>The roles changed.</summary>
    RolesChanged,

    /// <summary>Auto-extend was switched on or off.</summary>
    AutoExtendChanged,

    /// <summary>The relationship extended itself by 180 days.</summary>
    AutoExtended,

    /// <summary>The relationship reached its end and expired.</summary>
    Expired,

    /// <summary>The partner or the customer asked for termination.</summary>
    TerminationRequested,

    /// <summary>Termination completed.</summary>
    Terminated,

    /// <summary>The service removed a relationship for good (unapproved after 90 days, or ended a year ago).</summary>
    CleanedUp,

    /// <summary>An access assignment was created.</summary>
    AssignmentCreated,

    /// <summary>An access assignment's roles or status changed.</summary>
    AssignmentUpdated,

    /// <summary>An access assignment was deleted.</summary>
    AssignmentDeleted,

    /// <summary>The service moved a relationship through an intermediate status: activating, expiring or terminating.</summary>
    StatusChanged,

    /// <summary>A user was elevated into a partner security group for a window (just-in-time, PIM for Groups).</summary>
    ElevationActivated,

    /// <summary>An elevation was ended before its window closed.</summary>
    ElevationRevoked,

    /// <summary>An elevation's window closed and it ended by itself.</summary>
    ElevationExpired,
    /// <summary>The partner offboarded a customer: removed its access assignments and ended its relationships.</summary>
    CustomerOffboarded,
}

/// <summary>Who caused an audited event.</summary>
public enum AuditActorKind
{
    /// <summary>Not known.</summary>
    Unknown = 0,

    /// <summary>The partner (a user or app in the partner tenant).</summary>
    Partner,

    /// <summary>The customer.</summary>
    Customer,

    /// <summary>An indirect reseller.</summary>
    Reseller,

    /// <summary>The service itself: activation, expiry, auto-extension, clean-up.</summary>
    System,
}

/// <summary>Who caused an audited event.</summary>
/// <param name="Kind">The side the actor is on.</param>
/// <param name="Id">A user, app or tenant id, when known.</param>
/// <param name="DisplayName">A readable name, when known.</param>
public sealed record AuditActor(AuditActorKind Kind, string? Id = null, string? DisplayName = null)
{
    /// <summary>The service itself.</summary>
    public static AuditActor System { get; } = new(AuditActorKind.System, DisplayName: "Microsoft");

    /// <inheritdoc />
    public override string ToString() => DisplayName ?? Id ?? Kind.ToString();
}

/// <summary>Where an audit record came from.</summary>
public enum AuditSource
{
    /// <summary>Not known.</summary>
    Unknown = 0,

    /// <summary>An action the SDK took, or the in-memory service recorded.</summary>
    Sdk,

    /// <summary>Graph's requests and long-running operations.</summary>
    Service,

    /// <summary>A difference between two snapshots of the relationship list.</summary>
    Snapshot,

    /// <summary>Entra sign-in logs of the customer tenant.</summary>
    SignInLog,
}

/// <summary>The details of a partner sign-in into a customer tenant.</summary>
public sealed record SignInDetails
{
    /// <summary>The signed-in user's object id.</summary>
    public string? UserId { get; init; }

    /// <summary>The user principal name as the customer tenant shows it.</summary>
    public string? UserPrincipalName { get; init; }

    /// <summary>The user display name.</summary>
    public string? UserDisplayName { get; init; }

    /// <summary>The client app id.</summary>
    public string? AppId { get; init; }

    /// <summary>The client app name.</summary>
    public string? AppDisplayName { get; init; }

    /// <summary>The resource signed in to, when the log names it.</summary>
    public string? ResourceDisplayName { get; init; }

    /// <summary>The IP address.</summary>
    public string? IpAddress { get; init; }

    /// <summary>Zero for success, otherwise the Entra error code.</summary>
    public int ErrorCode { get; init; }

    /// <summary>Why it failed, when it did.</summary>
    public string? FailureReason { get; init; }

    /// <summary>Whether the sign-in succeeded.</summary>
    public bool Succeeded => ErrorCode == 0;
}

/// <summary>
/// One audited event, of either kind: a partner sign-in into a customer tenant, or a lifecycle change of a
/// relationship or access assignment.
/// </summary>
[DebuggerDisplay("{OccurredAt} {Kind} {RelationshipId,nq}")]
public sealed record AuditRecord
{
    /// <summary>A stable id: the same event read twice has the same id.</summary>
    public required string Id { get; init; }

    /// <summary>When the event happened.</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>What happened.</summary>
    public required AuditRecordKind Kind { get; init; }

    /// <summary>Who caused it.</summary>
    public AuditActor Actor { get; init; } = new(AuditActorKind.Unknown);

    /// <summary>Where the record came from.</summary>
    public AuditSource Source { get; init; }

    /// <summary>The relationship involved, if any.</summary>
    public string? RelationshipId { get; init; }

    /// <summary>The access assignment involved, if any.</summary>
    public string? AccessAssignmentId { get; init; }

    /// <summary>The customer tenant.</summary>
    public string? CustomerTenantId { get; init; }

    /// <summary>The partner tenant.</summary>
    public string? PartnerTenantId { get; init; }

    /// <summary>A one-line description for people.</summary>
    public string? Summary { get; init; }

    /// <summary>Sign-in details, for <see cref="AuditRecordKind.PartnerSignIn"/>.</summary>
    public SignInDetails? SignIn { get; init; }

    /// <summary>Extra facts, such as the roles before and after a change.</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();
}

/// <summary>Filters for reading audit records. Every filter that is set must match.</summary>
public sealed record AuditQuery
{
    /// <summary>Only records about this relationship.</summary>
    public string? RelationshipId { get; init; }

    /// <summary>Only records about this customer tenant.</summary>
    public string? CustomerTenantId { get; init; }

    /// <summary>Only records about this partner tenant.</summary>
    public string? PartnerTenantId { get; init; }

    /// <summary>Only records at or after this instant.</summary>
    public Instant? From { get; init; }

    /// <summary>Only records before this instant.</summary>
    public Instant? To { get; init; }

    /// <summary>Only records of these kinds.</summary>
    public IReadOnlyCollection<AuditRecordKind>? Kinds { get; init; }

    /// <summary>Whether a record passes every filter.</summary>
    /// <param name="record">The record.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public bool Matches(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (RelationshipId is null || string.Equals(record.RelationshipId, RelationshipId, StringComparison.OrdinalIgnoreCase)) &&
               (CustomerTenantId is null || string.Equals(record.CustomerTenantId, CustomerTenantId, StringComparison.OrdinalIgnoreCase)) &&
               (PartnerTenantId is null || string.Equals(record.PartnerTenantId, PartnerTenantId, StringComparison.OrdinalIgnoreCase)) &&
               (From is null || record.OccurredAt >= From) &&
               (To is null || record.OccurredAt < To) &&
               (Kinds is not { Count: > 0 } kinds || kinds.Contains(record.Kind));
    }
}
