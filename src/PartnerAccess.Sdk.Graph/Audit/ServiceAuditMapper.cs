using System.Text.Json;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

using PartnerAccess.Sdk.Audit;

namespace PartnerAccess.Sdk.Graph.Audit;

/// <summary>
/// Turns what Graph keeps about a relationship, its requests (lock, terminate, approve, reject) and its long-running
/// operations (role changes), into audit records with <see cref="AuditSource.Service"/>. Record ids are derived from
/// the Graph ids, so reading them twice gives the same records.
/// </summary>
internal static class ServiceAuditMapper
{
    /// <summary>Maps a relationship request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="relationship">The relationship, for the customer; optional.</param>
    /// <param name="partnerTenantId">The partner's tenant id; optional.</param>
    /// <returns>The audit record, dated when the request was made.</returns>
    public static AuditRecord FromRequest(RelationshipRequest request, Relationship? relationship = null, string? partnerTenantId = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (kind, actor, verb) = request.Action switch
        {
            RelationshipRequestAction.LockForApproval => (AuditRecordKind.LockedForApproval, new AuditActor(AuditActorKind.Partner, partnerTenantId), "Locked for approval"),
            RelationshipRequestAction.Terminate => (AuditRecordKind.TerminationRequested, new AuditActor(AuditActorKind.Partner, partnerTenantId), "Termination requested"),
            RelationshipRequestAction.Approve => (AuditRecordKind.Approved, new AuditActor(AuditActorKind.Reseller), "Approved by the reseller"),
            RelationshipRequestAction.Reject => (AuditRecordKind.Rejected, new AuditActor(AuditActorKind.Reseller), "Rejected by the reseller"),
            _ => (AuditRecordKind.Unknown, new AuditActor(AuditActorKind.Unknown), "Unknown request"),
        };
        var status = GraphNames.ToGraphName(request.Status);
        return new AuditRecord
        {
            Id = "service:request:" + request.Id,
            OccurredAt = request.CreatedAt,
            Kind = kind,
            Actor = actor,
            Source = AuditSource.Service,
            RelationshipId = request.RelationshipId,
            CustomerTenantId = relationship?.Customer?.TenantId,
            PartnerTenantId = partnerTenantId,
            Summary = request.Status == RelationshipRequestStatus.Failed ? $"{verb} (the request failed)" : verb,
            Details = new Dictionary<string, string>
            {
                ["requestId"] = request.Id,
                ["action"] = GraphNames.ToGraphName(request.Action),
                ["status"] = status,
                ["lastModifiedAt"] = InstantText.Iso(request.LastModifiedAt),
            },
        };
    }

    /// <summary>Maps a long-running operation.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="relationship">The relationship, for the customer; optional.</param>
    /// <param name="partnerTenantId">The partner's tenant id; optional.</param>
    /// <returns>The audit record, dated when the change was asked for.</returns>
    public static AuditRecord FromOperation(RelationshipOperation operation, Relationship? relationship = null, string? partnerTenantId = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var details = new Dictionary<string, string>
        {
            ["operationId"] = operation.Id,
            ["operationType"] = GraphNames.ToGraphName(operation.OperationType),
            ["status"] = GraphNames.ToGraphName(operation.Status),
            ["lastModifiedAt"] = InstantText.Iso(operation.LastModifiedAt),
        };
        var (assignmentId, groupId, roles) = ReadData(operation.Data);
        if (groupId is not null)
        {
            details["securityGroupId"] = groupId;
        }

        if (roles is not null)
        {
            details["roles"] = string.Join(";", roles.Select(r => r.RoleDefinitionId.ToString()));
        }

        var (kind, verb) = operation.OperationType switch
        {
            RelationshipOperationType.DelegatedAdminAccessAssignmentUpdate => (AuditRecordKind.AssignmentUpdated, "Access assignment roles changed"),
            RelationshipOperationType.DelegatedAdminRelationshipUpdate => (AuditRecordKind.RolesChanged, "Relationship roles changed (Global Administrator removed)"),
            _ => (AuditRecordKind.Unknown, "Unknown operation"),
        };
        var outcome = operation.Status switch
        {
            OperationStatus.Failed => " (failed)",
            OperationStatus.NotStarted or OperationStatus.Running => " (in progress)",
            _ => string.Empty,
        };
        return new AuditRecord
        {
            Id = "service:operation:" + operation.Id,
            OccurredAt = operation.CreatedAt,
            Kind = kind,
            Actor = new AuditActor(AuditActorKind.Partner, partnerTenantId),
            Source = AuditSource.Service,
            RelationshipId = operation.RelationshipId,
            AccessAssignmentId = kind == AuditRecordKind.AssignmentUpdated ? assignmentId : null,
            CustomerTenantId = relationship?.Customer?.TenantId,
            PartnerTenantId = partnerTenantId,
            Summary = verb + outcome,
            Details = details,
        };
    }

    /// <summary>Reads the assignment id, group and roles from an operation's <c>data</c>, a JSON string; tolerant of anything else.</summary>
    private static (string? AssignmentId, string? GroupId, IReadOnlyList<RoleGrant>? Roles) ReadData(string? data)
    {
        if (string.IsNullOrWhiteSpace(data))
        {
            return (null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, null);
            }

            var id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            var group = root.TryGetProperty("accessContainer", out var container) && container.ValueKind == JsonValueKind.Object &&
                        container.TryGetProperty("accessContainerId", out var groupElement) && groupElement.ValueKind == JsonValueKind.String
                ? groupElement.GetString()
                : null;
            List<RoleGrant>? roles = null;
            if (root.TryGetProperty("accessDetails", out var access) && access.ValueKind == JsonValueKind.Object &&
                access.TryGetProperty("unifiedRoles", out var unified) && unified.ValueKind == JsonValueKind.Array)
            {
                roles = [];
                foreach (var role in unified.EnumerateArray())
                {
                    if (role.ValueKind == JsonValueKind.Object && role.TryGetProperty("roleDefinitionId", out var rid) &&
                        rid.ValueKind == JsonValueKind.String && Guid.TryParse(rid.GetString(), out var guid))
                    {
                        roles.Add(new RoleGrant(guid));
                    }
                }
            }

            return (id, group, roles);
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }
}
