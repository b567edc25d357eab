using NodaTime;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Notifications;

/// <summary>
/// Decides which notices a set of relationships calls for at a given instant. It is a pure function of its input:
/// it keeps no state, so it can run as often as you like; <see cref="INotificationLedger"/> remembers what was sent.
/// </summary>
/// <remarks>
/// For a threshold series (30/7/1 days) the planner names only the smallest threshold already crossed. A run that
/// comes late, after a clock jump or an outage, therefore plans the one notice that is still true ("1 day left"),
/// never a stale "30 days left" as well.
/// </remarks>
public sealed class NotificationPlanner
{
    /// <summary>The reason given when a relationship with Global Administrator cannot auto-extend.</summary>
    public const string GlobalAdministratorBlocksAutoExtend =
        "This relationship includes Global Administrator, and Microsoft does not allow a relationship with Global Administrator to auto-extend. " +
        "It will end on its end date unless it is renewed. Renew it without Global Administrator, or remove Global Administrator from it and then switch auto-extend on.";

    private readonly List<Duration> _expiryThresholds;
    private readonly List<Duration> _cleanupThresholds;

    /// <summary>Creates a planner.</summary>
    /// <param name="options">Thresholds and audiences; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public NotificationPlanner(NotificationPlannerOptions? options = null)
    {
        Options = options ?? new NotificationPlannerOptions();
        NotificationOptionsValidator.ThrowIfInvalid(Options, nameof(options));
        _expiryThresholds = Options.ExpiryThresholds.Distinct().Order().ToList();
        _cleanupThresholds = Options.ApprovalCleanupThresholds.Distinct().Order().ToList();
    }

    /// <summary>The settings in force.</summary>
    public NotificationPlannerOptions Options { get; }

    /// <summary>Plans the notices that <paramref name="relationships"/> call for at <paramref name="now"/>.</summary>
    /// <param name="relationships">The partner's relationships as last read.</param>
    /// <param name="now">The instant to plan for.</param>
    /// <returns>The notices, ordered by relationship id, kind and audience.</returns>
    public IReadOnlyList<Notice> Plan(IEnumerable<Relationship> relationships, Instant now)
    {
        ArgumentNullException.ThrowIfNull(relationships);
        var notices = new List<Notice>();
        foreach (var relationship in relationships)
        {
            if (PlanOne(relationship, now) is { } notice)
            {
                AddForAudiences(notices, notice);
            }
        }

        return notices
            .OrderBy(n => n.Relationship.Id, StringComparer.Ordinal)
            .ThenBy(n => n.Kind)
            .ThenBy(n => n.Audience)
            .ToList();
    }

    private Notice? PlanOne(Relationship relationship, Instant now)
    {
        var window = relationship.Window;
        var notice = relationship.Status switch
        {
            RelationshipStatus.Active when !window.AutoExtends && window.EndsAt is { } end && end <= now => Expired(relationship, end, now),
            RelationshipStatus.Active when !window.AutoExtends => ExpiringSoon(relationship, now),
            RelationshipStatus.Active => AutoExtended(relationship, now),
            RelationshipStatus.Expiring or RelationshipStatus.Expired when window.EndsAt is { } end => Expired(relationship, end, now),
            RelationshipStatus.TerminationRequested or RelationshipStatus.Terminating or RelationshipStatus.Terminated => Terminated(relationship, now),
            RelationshipStatus.ApprovalPending => ApprovalCleanupSoon(relationship, now),
            _ => null,
        };
        return notice is not null && IsWanted(notice.Kind) ? notice : null;
    }

    private Notice? ExpiringSoon(Relationship relationship, Instant now)
    {
        if (relationship.EndsAt is not { } end || end <= now || SmallestCrossed(_expiryThresholds, end - now) is not { } threshold)
        {
            return null;
        }

        return new Notice
        {
            Kind = NotificationKind.ExpiringSoon,
            Audience = NotificationAudience.Partner,
            Relationship = relationship,
            PlannedAt = now,
            Threshold = threshold,
            WindowEnd = end,
            DaysLeft = relationship.Window.DaysLeftAt(now),
            AutoExtendBlockedReason = relationship.HasGlobalAdministrator ? GlobalAdministratorBlocksAutoExtend : null,
        };
    }

    private Notice? Expired(Relationship relationship, Instant end, Instant now)
    {
        if (now < end || now - end > Options.RecentEventWindow)
        {
            return null;
        }

        return new Notice
        {
            Kind = NotificationKind.Expired,
            Audience = NotificationAudience.Partner,
            Relationship = relationship,
            PlannedAt = now,
            WindowEnd = end,
            AutoExtendBlockedReason = relationship.HasGlobalAdministrator ? GlobalAdministratorBlocksAutoExtend : null,
        };
    }

    private Notice? AutoExtended(Relationship relationship, Instant now)
    {
        var window = relationship.Window;
        if (window.ActivatedAt is not { } activated || window.EndsAt is not { } end)
        {
            return null;
        }

        // The end lies past activation + length only after at least one extension; the last one happened one period before the end.
        var extendedAt = end - window.AutoExtendDuration;
        if (end - activated < window.Length + window.AutoExtendDuration || now < extendedAt || now - extendedAt > Options.RecentEventWindow)
        {
            return null;
        }

        return new Notice
        {
            Kind = NotificationKind.AutoExtended,
            Audience = NotificationAudience.Partner,
            Relationship = relationship,
            PlannedAt = now,
            WindowEnd = end,
            DaysLeft = window.DaysLeftAt(now),
        };
    }

    private Notice? Terminated(Relationship relationship, Instant now)
    {
        var at = relationship.LastModifiedAt;
        if (at == default || now < at || now - at > Options.RecentEventWindow)
        {
            return null;
        }

        return new Notice
        {
            Kind = NotificationKind.Terminated,
            Audience = NotificationAudience.Partner,
            Relationship = relationship,
            PlannedAt = now,
            WindowEnd = relationship.EndsAt,
        };
    }

    private Notice? ApprovalCleanupSoon(Relationship relationship, Instant now)
    {
        var pendingSince = PendingSince(relationship);
        if (pendingSince is null)
        {
            return null;
        }

        var cleanupAt = pendingSince.Value + Options.ApprovalPendingCleanup;
        if (cleanupAt <= now || SmallestCrossed(_cleanupThresholds, cleanupAt - now) is not { } threshold)
        {
            return null;
        }

        return new Notice
        {
            Kind = NotificationKind.ApprovalPendingCleanupSoon,
            Audience = NotificationAudience.Partner,
            Relationship = relationship,
            PlannedAt = now,
            Threshold = threshold,
            WindowEnd = cleanupAt,
            DaysLeft = (int)Math.Ceiling((cleanupAt - now).TotalDays),
        };
    }

    /// <summary>
    /// When the relationship went to approval pending. Graph has no field for it; the last change is the lock for
    /// approval, because nothing can change a relationship while it waits.
    /// </summary>
    /// <param name="relationship">A relationship in approval pending.</param>
    /// <returns>The instant, or <see langword="null"/> when the relationship carries no timestamps.</returns>
    public static Instant? PendingSince(Relationship relationship)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        if (relationship.LastModifiedAt != default)
        {
            return relationship.LastModifiedAt;
        }

        return relationship.CreatedAt != default ? relationship.CreatedAt : null;
    }

    private static Duration? SmallestCrossed(List<Duration> ascending, Duration remaining)
    {
        foreach (var threshold in ascending)
        {
            if (remaining <= threshold)
            {
                return threshold;
            }
        }

        return null;
    }

    private bool IsWanted(NotificationKind kind) => Options.Kinds is not { Count: > 0 } kinds || kinds.Contains(kind);

    private void AddForAudiences(List<Notice> notices, Notice partnerNotice)
    {
        if (Options.NotifyPartner)
        {
            notices.Add(partnerNotice);
        }

        if (Options.NotifyCustomer && partnerNotice.Relationship.Customer is not null)
        {
            notices.Add(partnerNotice with { Audience = NotificationAudience.Customer });
        }
    }
}
