using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Graph.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Telemetry;

namespace PartnerAccess.Sdk.Graph;

// The public operations: each one is a span, a count, a duration and a log line around its *CoreAsync body. Core
// methods call only core methods, never these, so one caller call is measured once.
public sealed partial class GraphPartnerAccessClient
{
    private Instrumentation.Client? _instrumentation;

    private Instrumentation.Client Telemetry => _instrumentation ??= new Instrumentation.Client("graph", _logger, TimeProvider, ActivityKind.Client);

    /// <inheritdoc />
    public Task<Relationship> CreateRelationshipAsync(CreateRelationshipRequest request, CancellationToken cancellationToken = default) =>
        Telemetry.RunAsync("CreateRelationship", null, request?.Customer?.TenantId, () => CreateRelationshipCoreAsync(request!, cancellationToken));

    /// <inheritdoc />
    public Task<Relationship> GetRelationshipAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Telemetry.RunAsync("GetRelationship", relationshipId, null, () => GetRelationshipCoreAsync(relationshipId, cancellationToken));

    /// <inheritdoc />
    public IAsyncEnumerable<Relationship> ListRelationshipsAsync(RelationshipQuery? query = null, CancellationToken cancellationToken = default) =>
        Telemetry.StreamAsync("ListRelationships", null, query?.CustomerTenantId, ListRelationshipsCoreAsync(query, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<UpdateOutcome<Relationship>> UpdateRelationshipAsync(Relationship relationship, RelationshipUpdate update, CancellationToken cancellationToken = default) =>
        Telemetry.RunAsync("UpdateRelationship", relationship?.Id, relationship?.Customer?.TenantId, () => UpdateRelationshipCoreAsync(relationship!, update, cancellationToken));

    /// <inheritdoc />
    public Task DeleteRelationshipAsync(Relationship relationship, CancellationToken cancellationToken = default) =>
        Telemetry.RunAsync("DeleteRelationship", relationship?.Id, relationship?.Customer?.TenantId, () => DeleteRelationshipCoreAsync(relationship!, cancellationToken));

    /// <inheritdoc />
    public Task<RelationshipRequest> LockForApprovalAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Telemetry.RunAsync("LockForApproval", relationshipId, null, () => LockForApprovalCoreAsync(relationshipId, cancellationToken));

    /// <inheritdoc />
    public Task<RelationshipRequest> TerminateRelationshipAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Telemetry.RunAsync("TerminateRelationship", relationshipId, null, () => TerminateRelationshipCoreAsync(relationshipId, cancellationToken));

    /// <inheritdoc />
    public IAsyncEnumerable<RelationshipRequest> ListRequestsAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Telemetry.StreamAsync("ListRequests", relationshipId, null, ListRequestsCoreAsync(relationshipId, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<AccessAssignment> CreateAccessAssignmentAsync(string relationshipId, CreateAccessAssignmentRequest request, CancellationToken cancellationToken = default) =>
        Telemetry.RunAsync("CreateAccessAssignment", relationshipId, null, () => CreateAccessAssignmentCoreAsync(relationshipId, request, cancellationToken));

    /// <inheritdoc />
    public Task<AccessAssignment> GetAccessAssignmentAsync(string relationshipId, string accessAssignmentId, CancellationToken cancellationToken = default) =>
        Telemetry.RunAsync("GetAccessAssignment", relationshipId, null, () => GetAccessAssignmentCoreAsync(relationshipId, accessAssignmentId, cancellationToken));

    /// <inheritdoc />
    public IAsyncEnumerable<AccessAssignment> ListAccessAssignmentsAsync(string relationshipId, AccessAssignmentQuery? query = null, CancellationToken cancellationToken = default) =>
        Telemetry.StreamAsync("ListAccessAssignments", relationshipId, null, ListAccessAssignmentsCoreAsync(relationshipId, query, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<UpdateOutcome<AccessAssignment>> UpdateAccessAssignmentAsync(AccessAssignment accessAssignment, IReadOnlyList<RoleGrant> roles, CancellationToken cancellationToken = default) =>
        Telemetry.RunAsync("UpdateAccessAssignment", accessAssignment?.RelationshipId, null, () => UpdateAccessAssignmentCoreAsync(accessAssignment!, roles, cancellationToken));

    /// <inheritdoc />
    public Task DeleteAccessAssignmentAsync(AccessAssignment accessAssignment, CancellationToken cancellationToken = default) =>
        Telemetry.RunAsync("DeleteAccessAssignment", accessAssignment?.RelationshipId, null, () => DeleteAccessAssignmentCoreAsync(accessAssignment!, cancellationToken));

    /// <inheritdoc />
    public Task<RelationshipOperation> GetOperationAsync(string relationshipId, string operationId, CancellationToken cancellationToken = default) =>
        Telemetry.RunAsync("GetOperation", relationshipId, null, () => GetOperationCoreAsync(relationshipId, operationId, cancellationToken));

    /// <inheritdoc />
    public IAsyncEnumerable<RelationshipOperation> ListOperationsAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Telemetry.StreamAsync("ListOperations", relationshipId, null, ListOperationsCoreAsync(relationshipId, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<DelegatedAdminCustomer> ListCustomersAsync(CancellationToken cancellationToken = default) =>
        Telemetry.StreamAsync("ListCustomers", null, null, ListCustomersCoreAsync(cancellationToken), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ServiceManagementDetail> ListServiceManagementDetailsAsync(string customerId, CancellationToken cancellationToken = default) =>
        Telemetry.StreamAsync("ListServiceManagementDetails", null, customerId, ListServiceManagementDetailsCoreAsync(customerId, cancellationToken), cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Graph offers no GDAP audit log, so the records are rebuilt from each relationship's requests, operations and
    /// access assignments (<see cref="ServiceAuditTrail"/>, source <see cref="AuditSource.Service"/>). The query should
    /// name a relationship or a customer: without either, every relationship is read, at four requests each.
    /// Records of all matching relationships are gathered and returned oldest first. Partner sign-ins are not included.
    /// </remarks>
    public IAsyncEnumerable<AuditRecord> ListAuditRecordsAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        Telemetry.StreamAsync("ListAuditRecords", query?.RelationshipId, query?.CustomerTenantId, ListAuditRecordsCoreAsync(query!, cancellationToken), cancellationToken);

    [LoggerMessage(EventId = 12, EventName = "OperationAccepted", Level = LogLevel.Information,
        Message = "Graph accepted the change in relationship {RelationshipId} as long-running operation {OperationId}; Retry-After {RetryAfter}.")]
    private static partial void LogOperationAccepted(ILogger logger, string relationshipId, string operationId, TimeSpan? retryAfter);
}
