using System.Text;
using System.Text.Json;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Testing;

public sealed partial class GdapSimulator
{
    /// <summary>Gives a partner security group some of an active relationship's roles (<c>POST .../accessAssignments</c>).</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="request">The group and roles.</param>
    /// <returns>The new assignment, pending; it becomes active after the configured delay.</returns>
    /// <exception cref="PartnerAccessException">InvalidState (relationship not active), Validation, Conflict (group already assigned) or NotFound.</exception>
    public AccessAssignment CreateAccessAssignment(string relationshipId, CreateAccessAssignmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run(now =>
        {
            var entry = FindRelationship(relationshipId);
            GdapRules.ThrowIfAny(Rules.ValidateCreateAssignment(entry.Value, request, entry.Assignments.Select(a => a.Value)));
            var assignment = new AccessAssignment
            {
                Id = NewId(),
                RelationshipId = entry.Value.Id,
                SecurityGroupId = request.SecurityGroupId,
                Roles = request.Roles.ToList().AsReadOnly(),
                Status = AccessAssignmentStatus.Pending,
                CreatedAt = now,
                LastModifiedAt = now,
                ETag = NewETag(),
            };
            var assignmentEntry = new AssignmentEntry(entry, assignment, now);
            entry.Assignments.Add(assignmentEntry);
            Reschedule(assignmentEntry);
            Record(AuditRecordKind.AssignmentCreated, now, _partner, entry,
                $"Assigned {FormatRoleNames(assignment.Roles)} to group {assignment.SecurityGroupId}.",
                Details(("statusAfter", "pending"), ("securityGroupId", assignment.SecurityGroupId), ("rolesAfter", FormatRoleIds(assignment.Roles))),
                assignment);
            return assignment;
        });
    }

    /// <summary>Reads one access assignment; deleted ones stay readable.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="accessAssignmentId">The assignment id.</param>
    /// <returns>The assignment as it is now.</returns>
    /// <exception cref="PartnerAccessException">NotFound, or Validation for a malformed relationship id.</exception>
    public AccessAssignment GetAccessAssignment(string relationshipId, string accessAssignmentId) =>
        Run(_ => FindAssignment(FindRelationship(relationshipId), accessAssignmentId).Value);

    /// <summary>Lists a relationship's access assignments, deleted ones included, ordered by creation time, then id.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <returns>The assignments.</returns>
    /// <exception cref="PartnerAccessException">NotFound, or Validation for a malformed id.</exception>
    public IReadOnlyList<AccessAssignment> ListAccessAssignments(string relationshipId) => Run(_ =>
        FindRelationship(relationshipId).Assignments.Select(a => a.Value)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id, StringComparer.Ordinal).ToList());

    /// <summary>
    /// Changes the roles of an active access assignment (<c>PATCH</c>). The same roles as now change nothing and return
    /// the assignment; other roles start an operation of type
    /// <see cref="RelationshipOperationType.DelegatedAdminAccessAssignmentUpdate"/>. The assignment keeps its old roles
    /// and stays active until the operation succeeds.
    /// </summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="accessAssignmentId">The assignment id.</param>
    /// <param name="ifMatch">The ETag of the version the caller read.</param>
    /// <param name="roles">The new roles; a subset of the relationship's roles.</param>
    /// <returns>The unchanged assignment, or the operation that applies the new roles.</returns>
    /// <exception cref="PartnerAccessException">Concurrency, InvalidState, Validation or NotFound.</exception>
    public UpdateOutcome<AccessAssignment> UpdateAccessAssignment(string relationshipId, string accessAssignmentId, ETag ifMatch, IReadOnlyList<RoleGrant> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return Run(now =>
        {
            var entry = FindRelationship(relationshipId);
            var assignment = FindAssignment(entry, accessAssignmentId);
            var violations = new List<RuleViolation>(Rules.ValidateETag(assignment.Value.ETag, ifMatch));
            violations.AddRange(Rules.ValidateUpdateAssignment(entry.Value, assignment.Value, roles));
            GdapRules.ThrowIfAny(violations);
            if (GdapRules.SameRoles(roles, assignment.Value.Roles))
            {
                return new UpdateOutcome<AccessAssignment> { Value = assignment.Value };
            }

            var newRoles = roles.ToList().AsReadOnly();
            var target = assignment.Value with { Roles = newRoles, Status = AccessAssignmentStatus.Active };
            var operation = StartOperation(entry, now, RelationshipOperationType.DelegatedAdminAccessAssignmentUpdate, AssignmentJson(target),
                o => new OperationEntry(entry, o) { Assignment = assignment, AssignmentRoles = newRoles });
            return new UpdateOutcome<AccessAssignment> { Operation = operation, RetryAfter = Options.OperationRetryAfter };
        });
    }

    /// <summary>Removes an access assignment: it goes deleting, then deleted, and stays visible.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="accessAssignmentId">The assignment id.</param>
    /// <param name="ifMatch">The ETag of the version the caller read.</param>
    /// <exception cref="PartnerAccessException">Concurrency, InvalidState (already deleting or deleted) or NotFound.</exception>
    public void DeleteAccessAssignment(string relationshipId, string accessAssignmentId, ETag ifMatch) => Run(now =>
    {
        var entry = FindRelationship(relationshipId);
        var assignment = FindAssignment(entry, accessAssignmentId);
        var violations = new List<RuleViolation>(Rules.ValidateETag(assignment.Value.ETag, ifMatch));
        violations.AddRange(Rules.ValidateDeleteAssignment(assignment.Value));
        GdapRules.ThrowIfAny(violations);
        StartDeleting(assignment, now, _partner, "at the partner's request");
    });

    /// <summary>Reads one long-running operation.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="operationId">The operation id.</param>
    /// <returns>The operation as it is now.</returns>
    /// <exception cref="PartnerAccessException">NotFound, or Validation for a malformed relationship id.</exception>
    public RelationshipOperation GetOperation(string relationshipId, string operationId) => Run(_ =>
        FindRelationship(relationshipId).Operations.Find(o => string.Equals(o.Value.Id, operationId, StringComparison.OrdinalIgnoreCase))?.Value
        ?? throw NotFound("Operation", operationId));

    /// <summary>Lists a relationship's long-running operations, ordered by creation time, then id.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <returns>The operations.</returns>
    /// <exception cref="PartnerAccessException">NotFound, or Validation for a malformed id.</exception>
    public IReadOnlyList<RelationshipOperation> ListOperations(string relationshipId) => Run(_ =>
        FindRelationship(relationshipId).Operations.Select(o => o.Value)
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal).ToList());

    private RelationshipOperation StartOperation(
        RelationshipEntry entry,
        Instant now,
        RelationshipOperationType type,
        string data,
        Func<RelationshipOperation, OperationEntry> track)
    {
        var operation = new RelationshipOperation
        {
            Id = NewId(),
            RelationshipId = entry.Value.Id,
            OperationType = type,
            Status = OperationStatus.NotStarted,
            Data = data,
            CreatedAt = now,
            LastModifiedAt = now,
            ETag = NewETag(),
        };
        var operationEntry = track(operation);
        entry.Operations.Add(operationEntry);
        Reschedule(operationEntry);
        return operation;
    }

    // Graph's operation data is the resulting object as a JSON string (wire spec §6.7).
    private static string AssignmentJson(AccessAssignment assignment) => WriteJson(writer =>
    {
        writer.WriteString("id", assignment.Id);
        writer.WriteStartObject("accessContainer");
        writer.WriteString("accessContainerId", assignment.SecurityGroupId);
        writer.WriteString("accessContainerType", "securityGroup");
        writer.WriteEndObject();
        WriteAccessDetails(writer, assignment.Roles);
        writer.WriteString("status", GraphNames.ToGraphName(assignment.Status));
    });

    private static string RelationshipJson(Relationship relationship, IReadOnlyList<RoleGrant> roles) => WriteJson(writer =>
    {
        writer.WriteString("id", relationship.Id);
        writer.WriteString("displayName", relationship.DisplayName);
        WriteAccessDetails(writer, roles);
        writer.WriteString("status", GraphNames.ToGraphName(relationship.Status));
    });

    private static void WriteAccessDetails(Utf8JsonWriter writer, IEnumerable<RoleGrant> roles)
    {
        writer.WriteStartObject("accessDetails");
        writer.WriteStartArray("unifiedRoles");
        foreach (var role in roles)
        {
            writer.WriteStartObject();
            writer.WriteString("roleDefinitionId", role.RoleDefinitionId.ToString("D"));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string WriteJson(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
