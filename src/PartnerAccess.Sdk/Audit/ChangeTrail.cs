using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Audit;

/// <summary>
/// Builds the complete change history of relationships from three sources: the SDK's own records
/// (<see cref="IPartnerAccessClient.ListAuditRecordsAsync"/>, with the actor), Graph's requests and operations
/// (<see cref="ServiceAuditMapper"/>), and any records you add, typically snapshot differences
/// (<see cref="SnapshotDiffer"/>) and partner sign-ins (<see cref="PartnerSignInMapper"/>).
/// </summary>
public static class ChangeTrail
{
    /// <summary>Reads, merges and filters the timeline.</summary>
    /// <param name="client">Reads SDK records, relationships, requests and operations.</param>
    /// <param name="query">Which records: by relationship, customer, partner, time range and kind.</param>
    /// <param name="additionalRecords">More records to merge in, for example snapshot differences; optional.</param>
    /// <param name="partnerTenantId">Stamped on records mapped from Graph; optional.</param>
    /// <param name="options">How duplicates are recognised; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One record per event, oldest first.</returns>
    public static async Task<IReadOnlyList<AuditRecord>> BuildAsync(
        IPartnerAccessClient client,
        AuditQuery query,
        IEnumerable<AuditRecord>? additionalRecords = null,
        string? partnerTenantId = null,
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

        if (WantsServiceRecords(query))
        {
            foreach (var relationship in await RelationshipsInScopeAsync(client, query, cancellationToken).ConfigureAwait(false))
            {
                await foreach (var request in client.ListRequestsAsync(relationship.Id, cancellationToken).ConfigureAwait(false))
                {
                    records.Add(ServiceAuditMapper.FromRequest(request, relationship, partnerTenantId));
                }

                await foreach (var operation in client.ListOperationsAsync(relationship.Id, cancellationToken).ConfigureAwait(false))
                {
                    records.Add(ServiceAuditMapper.FromOperation(operation, relationship, partnerTenantId));
                }
            }
        }

        if (additionalRecords is not null)
        {
            records.AddRange(additionalRecords);
        }

        return AuditTimeline.Query(records, query, options);
    }

    private static bool WantsServiceRecords(AuditQuery query) =>
        query.Kinds is not { Count: > 0 } kinds || kinds.Any(k => k is AuditRecordKind.LockedForApproval or AuditRecordKind.TerminationRequested
            or AuditRecordKind.Approved or AuditRecordKind.Rejected or AuditRecordKind.AssignmentUpdated or AuditRecordKind.RolesChanged);

    private static async Task<IReadOnlyList<Relationship>> RelationshipsInScopeAsync(IPartnerAccessClient client, AuditQuery query, CancellationToken cancellationToken)
    {
        if (query.RelationshipId is { } id)
        {
            try
            {
                return [await client.GetRelationshipAsync(id, cancellationToken).ConfigureAwait(false)];
            }
            catch (PartnerAccessException e) when (e.ErrorCode is PartnerAccessErrorCode.NotFound or PartnerAccessErrorCode.Validation)
            {
                // Cleaned up or never existed: only the SDK's and the added records can speak for it.
                return [];
            }
        }

        var filter = query.CustomerTenantId is { } tenant ? new RelationshipQuery { CustomerTenantId = tenant } : null;
        return await client.ListRelationshipsAsync(filter, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
    }
}
