using System.Diagnostics;
using System.Globalization;
using NodaTime;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Notifications;

/// <summary>What a <see cref="Notice"/> tells its reader.</summary>
public enum NotificationKind
{
    /// <summary>Access ends within a threshold (30, 7 or 1 days by default) and will not extend itself.</summary>
    ExpiringSoon = 1,

    /// <summary>Access ended at the end date.</summary>
    Expired,

    /// <summary>The relationship extended itself by 180 days.</summary>
    AutoExtended,

    /// <summary>The customer has not approved yet and the service will remove the request after 90 days.</summary>
    ApprovalPendingCleanupSoon,

    /// <summary>The partner or the customer ended the relationship.</summary>
    Terminated,
}

/// <summary>Who a <see cref="Notice"/> is for.</summary>
public enum NotificationAudience
{
    /// <summary>The partner: its admin agents or account owners.</summary>
    Partner = 1,

    /// <summary>The customer: its administrators.</summary>
    Customer,
}

/// <summary>
/// One thing to tell one side about one relationship, planned by <see cref="NotificationPlanner"/>. Its
/// <see cref="DedupeKey"/> says which event it is, so a ledger can make sure it is sent once.
/// </summary>
[DebuggerDisplay("{DedupeKey,nq}")]
public sealed record Notice
{
    /// <summary>What the notice tells.</summary>
    public required NotificationKind Kind { get; init; }

    /// <summary>Who it is for.</summary>
    public required NotificationAudience Audience { get; init; }

    /// <summary>The relationship, as read when the notice was planned.</summary>
    public required Relationship Relationship { get; init; }

    /// <summary>When the notice was planned.</summary>
    public required Instant PlannedAt { get; init; }

    /// <summary>The threshold crossed, for <see cref="NotificationKind.ExpiringSoon"/> and <see cref="NotificationKind.ApprovalPendingCleanupSoon"/>.</summary>
    public Duration? Threshold { get; init; }

    /// <summary>
    /// The instant the notice is about: the end of access (expiry, or the new end after an auto-extension) or, for a
    /// pending approval, when the service removes the request.
    /// </summary>
    public Instant? WindowEnd { get; init; }

    /// <summary>Whole days left until <see cref="WindowEnd"/>, rounded up; <see langword="null"/> when it lies in the past.</summary>
    public int? DaysLeft { get; init; }

    /// <summary>Why the relationship cannot auto-extend, when it holds Global Administrator.</summary>
    public string? AutoExtendBlockedReason { get; init; }

    /// <summary>The customer's tenant id, when known.</summary>
    public string? CustomerTenantId => Relationship.Customer?.TenantId;

    /// <summary>
    /// A stable key naming the event: relationship, kind, audience, threshold and the window end it refers to. A renewal
    /// or an auto-extension moves the window end, so it gets fresh notices; the same event planned again gets the same key.
    /// </summary>
    public string DedupeKey => string.Join('/',
        "gdap-notice",
        "v1",
        Relationship.Id,
        GraphNames.ToGraphName(Kind),
        GraphNames.ToGraphName(Audience),
        Threshold is { } threshold ? FormatThreshold(threshold) : "-",
        WindowEnd is { } end ? InstantText.Iso(end) : "-");

    private static string FormatThreshold(Duration threshold) =>
        GdapDurations.IsWholeDays(threshold)
            ? threshold.Days.ToString(CultureInfo.InvariantCulture) + "d"
            : GdapDurations.Format(threshold);
}
