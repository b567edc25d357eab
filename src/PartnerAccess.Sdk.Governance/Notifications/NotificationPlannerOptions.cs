using NodaTime;

namespace PartnerAccess.Sdk.Notifications;

/// <summary>When <see cref="NotificationPlanner"/> plans notices, and for whom.</summary>
public sealed record NotificationPlannerOptions
{
    /// <summary>How long before the end a relationship is announced as expiring. Default: 30, 7 and 1 days, as Microsoft's own mails.</summary>
    public IReadOnlyList<Duration> ExpiryThresholds { get; init; } = [Duration.FromDays(30), Duration.FromDays(7), Duration.FromDays(1)];

    /// <summary>How long before the 90-day clean-up an unapproved relationship is announced. Default: 14 and 3 days.</summary>
    public IReadOnlyList<Duration> ApprovalCleanupThresholds { get; init; } = [Duration.FromDays(14), Duration.FromDays(3)];

    /// <summary>How long a relationship may wait for approval before the service removes it. Default: 90 days.</summary>
    public Duration ApprovalPendingCleanup { get; init; } = Duration.FromDays(90);

    /// <summary>
    /// How long after an expiry, termination or auto-extension its notice is still sent. Older events are history,
    /// not news: a first run over a partner's past does not mail about every relationship that ended last year. Default: 7 days.
    /// </summary>
    public Duration RecentEventWindow { get; init; } = Duration.FromDays(7);

    /// <summary>Plan notices for the partner. Default: <see langword="true"/>.</summary>
    public bool NotifyPartner { get; init; } = true;

    /// <summary>Plan notices for the customer (when the relationship names one). Default: <see langword="true"/>.</summary>
    public bool NotifyCustomer { get; init; } = true;

    /// <summary>Only these kinds; every kind when <see langword="null"/> or empty.</summary>
    public IReadOnlyCollection<NotificationKind>? Kinds { get; init; }
}
