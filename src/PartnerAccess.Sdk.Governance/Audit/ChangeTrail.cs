namespace PartnerAccess.Sdk.Audit;

/// <summary>
/// Builds the complete change history of relationships: the client's own lifecycle records
/// (<see cref="IPartnerAccessClient.ListAuditRecordsAsync"/>: the SDK's records with the actor for the in-memory client,
/// the trail rebuilt from Graph's requests, operations and assignments for the Graph client), merged with any records
/// you add, typically snapshot differences (<see cref="SnapshotDiffer"/>) and partner sign-ins, into one record per event.
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
}
