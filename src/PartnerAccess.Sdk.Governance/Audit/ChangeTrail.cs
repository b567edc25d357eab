using PartnerAccess.Sdk.JustInTime;

namespace PartnerAccess.Sdk.Audit;

/// <summary>
/// Builds the complete change history of relationships: the client's own lifecycle records
/// (<see cref="IPartnerAccessClient.ListAuditRecordsAsync"/>: the SDK's records with the actor for the in-memory client,
/// the trail rebuilt from Graph's requests, operations and assignments for the Graph client), merged with any records
/// you add, typically snapshot differences (<see cref="SnapshotDiffer"/>) and partner sign-ins, into one record per event.
/// <see cref="BuildWithElevationsAsync"/> adds the just-in-time elevations, revocations and expiries of PIM for Groups.
/// </summary>
public static class ChangeTrail
{
    /// <summary>Reads, merges and filters the timeline.</summary>
    /// <param name="client">Reads the lifecycle records.</param>
    /// <param name="query">Which records: by relationship, customer, partner, time range and kind.</param>
    /// <param name="additionalRecords">More records to merge in, for example snapshot differences; optional.</param>
    /// <param name="options">How duplicates are recognised; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One record per event, oldest first.</returns>
    public static async Task<IReadOnlyList<AuditRecord>> BuildAsync(
        IPartnerAccessClient client,
        AuditQuery query,
        IEnumerable<AuditRecord>? additionalRecords = null,
        AuditTimelineOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(query);
        var records = new List<AuditRecord>();
        await foreach (var record in client.ListAuditRecordsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            records.Add(record.Source == AuditSource.Unknown ? record with { Source = AuditSource.Sdk } : record);
        }

        if (additionalRecords is not null)
        {
            records.AddRange(additionalRecords);
        }

        return AuditTimeline.Query(records, query, options);
    }

    /// <summary>
    /// Reads, merges and filters the timeline like <see cref="BuildAsync"/>, with the just-in-time elevations, early
    /// revocations and expiries (<see cref="JustInTimeAudit.ToAuditRecords"/> over a <see cref="JustInTimeSnapshot"/>)
    /// merged in: one record per customer the group reaches through an active relationship, under the same filters.
    /// </summary>
    /// <remarks>
    /// PIM for Groups is read only when the query's kinds include an elevation kind (or name no kinds). An elevation into
    /// a group that reaches no customer now carries neither customer nor relationship, so a customer or relationship
    /// filter leaves it out. Elevation records are only merged by id, so two users elevating at once stay two events.
    /// </remarks>
    /// <param name="client">Reads the lifecycle records, the relationships and their access assignments.</param>
    /// <param name="justInTime">Reads the eligibilities, memberships and requests of PIM for Groups, on the client's clock.</param>
    /// <param name="query">Which records: by relationship, customer, partner, time range and kind.</param>
    /// <param name="partnerTenantId">The partner tenant to stamp on elevation records; <see cref="AuditQuery.PartnerTenantId"/> when <see langword="null"/>.</param>
    /// <param name="additionalRecords">More records to merge in, for example snapshot differences; optional.</param>
    /// <param name="options">How duplicates are recognised; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One record per event, oldest first.</returns>
    /// <exception cref="PartnerAccessException">A read failed, for example Unauthorized when PIM for Groups is not licensed or permitted.</exception>
    public static async Task<IReadOnlyList<AuditRecord>> BuildWithElevationsAsync(
        IPartnerAccessClient client,
        IJustInTimeAccess justInTime,
        AuditQuery query,
        string? partnerTenantId = null,
        IEnumerable<AuditRecord>? additionalRecords = null,
        AuditTimelineOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(justInTime);
        ArgumentNullException.ThrowIfNull(query);
        var records = new List<AuditRecord>(additionalRecords ?? []);
        if (query.Kinds is not { Count: > 0 } kinds || kinds.Any(IsElevation))
        {
            var snapshot = await JustInTimeSnapshot.CaptureAsync(client, justInTime, cancellationToken).ConfigureAwait(false);
            records.AddRange(JustInTimeAudit.ToAuditRecords(snapshot, partnerTenantId ?? query.PartnerTenantId));
        }

        return await BuildAsync(client, query, records, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether a kind is a just-in-time elevation event, which is only ever merged by id.</summary>
    internal static bool IsElevation(AuditRecordKind kind) =>
        kind is AuditRecordKind.ElevationActivated or AuditRecordKind.ElevationRevoked or AuditRecordKind.ElevationExpired;
}
