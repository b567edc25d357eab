using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Cli.Tests;

/// <summary>
/// Passes every call through, except that the first listing of access assignments fails with <see cref="Failure"/>,
/// as when the client's retry budget runs out on that one read. Later reads (apply's re-read, readiness) succeed.
/// </summary>
internal sealed class FirstAssignmentsReadFailsClient(IPartnerAccessClient inner, PartnerAccessException failure) : IPartnerAccessClient
{
    private int _assignmentReads;

    public PartnerAccessException Failure { get; } = failure;

    /// <summary>The relationship whose read failed, once it did.</summary>
    public string? FailedRelationshipId { get; private set; }

    public TimeProvider TimeProvider => inner.TimeProvider;

    public async IAsyncEnumerable<AccessAssignment> ListAccessAssignmentsAsync(string relationshipId, AccessAssignmentQuery? query = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Fails when enumerated, as a listing whose first page cannot be fetched does.
        if (Interlocked.Increment(ref _assignmentReads) == 1)
        {
            FailedRelationshipId = relationshipId;
            throw Failure;
        }

        await foreach (var assignment in inner.ListAccessAssignmentsAsync(relationshipId, query, cancellationToken).WithCancellation(cancellationToken))
        {
            yield return assignment;
        }
    }

    public Task<Relationship> CreateRelationshipAsync(CreateRelationshipRequest request, CancellationToken cancellationToken = default) => inner.CreateRelationshipAsync(request, cancellationToken);

    public Task<Relationship> GetRelationshipAsync(string relationshipId, CancellationToken cancellationToken = default) => inner.GetRelationshipAsync(relationshipId, cancellationToken);

    public IAsyncEnumerable<Relationship> ListRelationshipsAsync(RelationshipQuery? query = null, CancellationToken cancellationToken = default) => inner.ListRelationshipsAsync(query, cancellationToken);

    public Task<UpdateOutcome<Relationship>> UpdateRelationshipAsync(Relationship relationship, RelationshipUpdate update, CancellationToken cancellationToken = default) => inner.UpdateRelationshipAsync(relationship, update, cancellationToken);

    public Task DeleteRelationshipAsync(Relationship relationship, CancellationToken cancellationToken = default) => inner.DeleteRelationshipAsync(relationship, cancellationToken);

    public Task<RelationshipRequest> LockForApprovalAsync(string relationshipId, CancellationToken cancellationToken = default) => inner.LockForApprovalAsync(relationshipId, cancellationToken);

    public Task<RelationshipRequest> TerminateRelationshipAsync(string relationshipId, CancellationToken cancellationToken = default) => inner.TerminateRelationshipAsync(relationshipId, cancellationToken);

    public IAsyncEnumerable<RelationshipRequest> ListRequestsAsync(string relationshipId, CancellationToken cancellationToken = default) => inner.ListRequestsAsync(relationshipId, cancellationToken);

    public Task<AccessAssignment> CreateAccessAssignmentAsync(string relationshipId, CreateAccessAssignmentRequest request, CancellationToken cancellationToken = default) => inner.CreateAccessAssignmentAsync(relationshipId, request, cancellationToken);

    public Task<AccessAssignment> GetAccessAssignmentAsync(string relationshipId, string accessAssignmentId, CancellationToken cancellationToken = default) => inner.GetAccessAssignmentAsync(relationshipId, accessAssignmentId, cancellationToken);

    public Task<UpdateOutcome<AccessAssignment>> UpdateAccessAssignmentAsync(AccessAssignment accessAssignment, IReadOnlyList<RoleGrant> roles, CancellationToken cancellationToken = default) => inner.UpdateAccessAssignmentAsync(accessAssignment, roles, cancellationToken);

    public Task DeleteAccessAssignmentAsync(AccessAssignment accessAssignment, CancellationToken cancellationToken = default) => inner.DeleteAccessAssignmentAsync(accessAssignment, cancellationToken);

    public Task<RelationshipOperation> GetOperationAsync(string relationshipId, string operationId, CancellationToken cancellationToken = default) => inner.GetOperationAsync(relationshipId, operationId, cancellationToken);

    public IAsyncEnumerable<RelationshipOperation> ListOperationsAsync(string relationshipId, CancellationToken cancellationToken = default) => inner.ListOperationsAsync(relationshipId, cancellationToken);

    public IAsyncEnumerable<DelegatedAdminCustomer> ListCustomersAsync(CancellationToken cancellationToken = default) => inner.ListCustomersAsync(cancellationToken);

    public IAsyncEnumerable<ServiceManagementDetail> ListServiceManagementDetailsAsync(string customerId, CancellationToken cancellationToken = default) => inner.ListServiceManagementDetailsAsync(customerId, cancellationToken);

    public IAsyncEnumerable<AuditRecord> ListAuditRecordsAsync(AuditQuery query, CancellationToken cancellationToken = default) => inner.ListAuditRecordsAsync(query, cancellationToken);
}
