using NodaTime;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Audit;

/// <summary>How <see cref="AuditTimeline.Merge"/> recognises one event reported by several sources.</summary>
public sealed record AuditTimelineOptions
{
    /// <summary>
    /// How far apart two records of the same kind about the same relationship (and assignment) may be and still be
    /// one event. Snapshot records also match anything inside the span between their two snapshots. Default: 10 minutes.
    /// </summary>
    public Duration Tolerance { get; init; } = Duration.FromMinutes(10);
}

/// <summary>
/// Merges audit records from every source into one ordered timeline. The same event often arrives more than once:
/// the SDK recorded the call (with the actor), Graph kept the request, and a snapshot saw the status change. The merge
/// keeps one record per event, preferring the SDK's, then Graph's, then the snapshot's, and fills in an unknown actor
/// from the duplicates it drops. Partner sign-ins and just-in-time elevations are only ever merged by id.
/// </summary>
public static class AuditTimeline
{
    /// <summary>Merges and orders records.</summary>
    /// <param name="records">Records from any mix of sources.</param>
    /// <param name="options">Matching settings; defaults when <see langword="null"/>.</param>
    /// <returns>One record per event, ordered by time, then source, then the order each source gave.</returns>
    public static IReadOnlyList<AuditRecord> Merge(IEnumerable<AuditRecord> records, AuditTimelineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        options ??= new AuditTimelineOptions();
        var unique = records
            .OrderBy(r => Rank(r.Source))
            .ThenBy(r => r.OccurredAt)
            .DistinctBy(r => r.Id, StringComparer.Ordinal)
            .ToList();

        var kept = new List<AuditRecord>();
        var byEvent = new Dictionary<(string?, AuditRecordKind), List<int>>();
        foreach (var record in unique)
        {
            // Sign-ins and elevations are per user: two at once are two events, so only their ids merge them.
            if (record.Kind == AuditRecordKind.PartnerSignIn || ChangeTrail.IsElevation(record.Kind) || record.RelationshipId is null)
            {
                kept.Add(record);
                continue;
            }

            var key = (record.RelationshipId.ToUpperInvariant(), record.Kind);
            if (!byEvent.TryGetValue(key, out var indexes))
            {
                byEvent[key] = indexes = [];
            }

            var match = indexes.FirstOrDefault(i => SameEvent(kept[i], record, options.Tolerance), -1);
            if (match < 0)
            {
                indexes.Add(kept.Count);
                kept.Add(record);
                continue;
            }

            if (kept[match].Actor.Kind == AuditActorKind.Unknown && record.Actor.Kind != AuditActorKind.Unknown)
            {
                kept[match] = kept[match] with { Actor = record.Actor };
            }
        }

        // Stable sort: records of one source at one instant keep the order that source gave them (ids may be random).
        return kept
            .OrderBy(r => r.OccurredAt)
            .ThenBy(r => Rank(r.Source))
            .ToList();
    }

    /// <summary>Filters records with a query, then merges them.</summary>
    /// <param name="records">Records from any mix of sources.</param>
    /// <param name="query">The filter.</param>
    /// <param name="options">Matching settings; defaults when <see langword="null"/>.</param>
    /// <returns>The matching timeline.</returns>
    public static IReadOnlyList<AuditRecord> Query(IEnumerable<AuditRecord> records, AuditQuery query, AuditTimelineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(query);
        return Merge(records.Where(query.Matches), options);
    }

    private static bool SameEvent(AuditRecord kept, AuditRecord candidate, Duration tolerance)
    {
        if (kept.AccessAssignmentId is not null && candidate.AccessAssignmentId is not null &&
            !string.Equals(kept.AccessAssignmentId, candidate.AccessAssignmentId, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Intermediate status changes are distinct events when they reach different statuses.
        if (kept.Details.TryGetValue("statusAfter", out var keptStatus) && candidate.Details.TryGetValue("statusAfter", out var candidateStatus) &&
            !string.Equals(keptStatus, candidateStatus, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Near(kept.OccurredAt, candidate.OccurredAt, tolerance))
        {
            return true;
        }

        // Auto-extensions carry exact times and can repeat inside one span, so only closeness counts for them.
        if (candidate.Kind == AuditRecordKind.AutoExtended)
        {
            return false;
        }

        // A snapshot only knows the span between its two reads; any report of the same event inside that span is the same event.
        return InSnapshotSpan(candidate, kept.OccurredAt, tolerance) || InSnapshotSpan(kept, candidate.OccurredAt, tolerance);
    }

    private static bool InSnapshotSpan(AuditRecord snapshotRecord, Instant instant, Duration tolerance)
    {
        if (snapshotRecord.Source != AuditSource.Snapshot ||
            !snapshotRecord.Details.TryGetValue(SnapshotDiffer.CurrentAtKey, out var currentText) ||
            !InstantText.TryParseIso(currentText, out var currentAt))
        {
            return false;
        }

        var previousAt = snapshotRecord.Details.TryGetValue(SnapshotDiffer.PreviousAtKey, out var previousText) &&
                         InstantText.TryParseIso(previousText, out var parsed)
            ? parsed
            : Instant.MinValue;
        return instant >= previousAt - tolerance && instant <= currentAt + tolerance;
    }

    private static bool Near(Instant a, Instant b, Duration tolerance) => (a > b ? a - b : b - a) <= tolerance;

    private static int Rank(AuditSource source) => source switch
    {
        AuditSource.Sdk => 0,
        AuditSource.Service => 1,
        AuditSource.Snapshot => 2,
        AuditSource.SignInLog => 3,
        _ => 4,
    };
}
