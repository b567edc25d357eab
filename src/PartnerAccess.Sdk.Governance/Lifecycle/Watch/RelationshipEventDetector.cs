using NodaTime;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Lifecycle;

/// <summary>
/// Turns two snapshots into relationship events. The changes come from <see cref="SnapshotDiffer"/>, so the watcher
/// and the audit tools agree on what happened; only "expiring", a threshold rather than a change, is computed here.
/// </summary>
internal static class RelationshipEventDetector
{
    public static IReadOnlyList<RelationshipEvent> Detect(RelationshipSnapshot previous, RelationshipSnapshot current, RelationshipWatcherOptions options)
    {
        var before = previous.Relationships.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);
        var after = current.Relationships.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);
        var events = new List<RelationshipEvent>();
        foreach (var record in SnapshotDiffer.Diff(previous with { Assignments = null }, current with { Assignments = null }))
        {
            if (record.RelationshipId is not { } id || KindOf(record) is not { } kind)
            {
                continue;
            }

            var relationship = after.GetValueOrDefault(id) ?? before[id];
            events.Add(Event(record.Id, kind, record.OccurredAt, current.TakenAt, relationship,
                kind == RelationshipEventKind.ApprovalExpired ? "Not approved within 90 days; the service dropped the request" : record.Summary ?? kind.ToString()));
        }

        foreach (var now in current.Relationships)
        {
            if (!IsExpiring(now, current.TakenAt, options) ||
                (before.TryGetValue(now.Id, out var then) && then.EndsAt == now.EndsAt && IsExpiring(then, previous.TakenAt, options)))
            {
                continue;
            }

            var threshold = now.EndsAt!.Value - options.ExpiringWithin;
            events.Add(Event($"watch:{now.Id}:Expiring:{InstantText.Iso(now.EndsAt.Value)}", RelationshipEventKind.Expiring,
                threshold >= previous.TakenAt ? threshold : current.TakenAt, current.TakenAt, now,
                $"Ends {InstantText.ForPeople(now.EndsAt.Value)} and does not auto-extend"));
        }

        return events.OrderBy(e => e.OccurredAt).ThenBy(e => e.RelationshipId, StringComparer.Ordinal).ThenBy(e => e.Kind).ToList();
    }

    /// <summary>Whether something is on its way that the partner would want to react to soon.</summary>
    public static bool IsPending(Relationship relationship) => relationship.Status is
        RelationshipStatus.ApprovalPending or RelationshipStatus.Approved or RelationshipStatus.Activating or
        RelationshipStatus.TerminationRequested or RelationshipStatus.Terminating or RelationshipStatus.Expiring;

    private static bool IsExpiring(Relationship relationship, Instant at, RelationshipWatcherOptions options) =>
        relationship.Status == RelationshipStatus.Active &&
        !relationship.Window.AutoExtends &&
        relationship.EndsAt is { } end &&
        at >= end - options.ExpiringWithin &&
        at < end;

    private static RelationshipEventKind? KindOf(AuditRecord record) => record.Kind switch
    {
        AuditRecordKind.Approved => RelationshipEventKind.Approved,
        AuditRecordKind.Activated => RelationshipEventKind.Activated,
        AuditRecordKind.Expired => RelationshipEventKind.Expired,
        AuditRecordKind.Terminated => RelationshipEventKind.Terminated,
        AuditRecordKind.AutoExtended => RelationshipEventKind.AutoExtended,
        AuditRecordKind.CleanedUp when record.Details.TryGetValue("status.before", out var status) && status == GraphNames.ToGraphName(RelationshipStatus.ApprovalPending) =>
            RelationshipEventKind.ApprovalExpired,
        _ => null,
    };

    private static RelationshipEvent Event(string id, RelationshipEventKind kind, Instant occurredAt, Instant detectedAt, Relationship relationship, string summary) => new()
    {
        Id = id,
        Kind = kind,
        OccurredAt = occurredAt,
        DetectedAt = detectedAt,
        RelationshipId = relationship.Id,
        DisplayName = relationship.DisplayName,
        Customer = relationship.Customer,
        Relationship = relationship,
        Summary = summary,
    };
}
