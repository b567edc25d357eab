using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Graph.Wire;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Graph.Audit;

/// <summary>
/// Graph has no GDAP audit endpoint. This rebuilds lifecycle records from what Graph does expose about one
/// relationship: the relationship itself (created, activated, ended), its requests (lock, approve, reject,
/// terminate), its long-running operations (role changes) and its access assignments (created, deleted).
/// Every record has <see cref="AuditSource.Service"/> and an id derived from the Graph object, so reading twice
/// gives the same ids.
/// </summary>
internal static class ServiceAuditTrail
{
    /// <summary>Builds the records of one relationship.</summary>
    /// <param name="relationship">The relationship.</param>
    /// <param name="requests">Its requests.</param>
    /// <param name="operations">Its long-running operations.</param>
    /// <param name="assignments">Its access assignments.</param>
    /// <param name="partnerTenantId">The partner tenant to stamp on each record, when known.</param>
    /// <returns>The records, oldest first.</returns>
    public static IReadOnlyList<AuditRecord> Build(
        Relationship relationship,
        IEnumerable<RelationshipRequest> requests,
        IEnumerable<RelationshipOperation> operations,
        IEnumerable<AccessAssignment> assignments,
        string? partnerTenantId)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(assignments);
        var id = relationship.Id;
        var records = new List<AuditRecord>();

        AuditRecord Record(string key, Instant at, AuditRecordKind kind, AuditActor actor, string summary, string? assignmentId = null, IReadOnlyDictionary<string, string>? details = null) => new()
        {
            Id = $"graph:{id}:{key}",
            OccurredAt = at,
            Kind = kind,
            Actor = actor,
            Source = AuditSource.Service,
            RelationshipId = id,
            AccessAssignmentId = assignmentId,
            CustomerTenantId = relationship.Customer?.TenantId,
            PartnerTenantId = partnerTenantId,
            Summary = summary,
            Details = details ?? new Dictionary<string, string>(),
        };

        var partner = new AuditActor(AuditActorKind.Partner, partnerTenantId);
        records.Add(Record("created", relationship.CreatedAt, AuditRecordKind.RelationshipCreated, partner,
            $"Relationship '{relationship.DisplayName}' created."));

        // Requests and operations map the same way wherever they are read; the core mapper owns that.
        records.AddRange(requests.Where(r => r.Status != RelationshipRequestStatus.Failed)
            .Select(r => ServiceAuditMapper.FromRequest(r, relationship, partnerTenantId)));
        records.AddRange(operations.Select(o => ServiceAuditMapper.FromOperation(o, relationship, partnerTenantId)));

        if (relationship.ActivatedAt is { } activatedAt)
        {
            records.Add(Record("activated", activatedAt, AuditRecordKind.Activated, AuditActor.System, "Access became active."));
        }

        foreach (var assignment in assignments)
        {
            var details = new Dictionary<string, string> { ["securityGroupId"] = assignment.SecurityGroupId };
            records.Add(Record($"assignment:{assignment.Id}:created", assignment.CreatedAt, AuditRecordKind.AssignmentCreated, partner,
                $"Access assignment for group {assignment.SecurityGroupId} created.", assignment.Id, details));
            if (assignment.Status is AccessAssignmentStatus.Deleting or AccessAssignmentStatus.Deleted)
            {
                records.Add(Record($"assignment:{assignment.Id}:deleted", assignment.LastModifiedAt, AuditRecordKind.AssignmentDeleted, new AuditActor(AuditActorKind.Unknown),
                    $"Access assignment for group {assignment.SecurityGroupId} removed.", assignment.Id, details));
            }
        }

        switch (relationship.Status)
        {
            case RelationshipStatus.Terminated:
                records.Add(Record("terminated", relationship.LastModifiedAt, AuditRecordKind.Terminated, AuditActor.System, "Termination completed."));
                break;
            case RelationshipStatus.Expired:
                records.Add(Record("expired", relationship.LastModifiedAt, AuditRecordKind.Expired, AuditActor.System, "The relationship expired."));
                break;
        }

        return records.OrderBy(r => r.OccurredAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
    }
}
