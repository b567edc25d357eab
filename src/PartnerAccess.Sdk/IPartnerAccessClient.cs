using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk;

/// <summary>
/// Manages a partner's GDAP relationships and access assignments. Two implementations ship: the Graph client
/// (PartnerAccess.Sdk.Graph) and the in-memory one (PartnerAccess.Sdk.Testing). Both check every request with the
/// same <see cref="Rules.GdapRules"/> and fail with <see cref="PartnerAccessException"/>.
/// </summary>
/// <remarks>
/// Changes take the object as last read and send its <see cref="ETag"/> as <c>If-Match</c>, so a change made against
/// a stale copy fails with <see cref="PartnerAccessErrorCode.Concurrency"/> instead of overwriting. Helpers such as
/// waiting for activation are extension methods in <see cref="PartnerAccessClientExtensions"/>.
/// </remarks>
public interface IPartnerAccessClient
{
    /// <summary>The one time source of this client: "now", delays, polling and timeouts all come from it.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>Creates a relationship in status created.</summary>
    /// <param name="request">What to ask the customer for.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new relationship.</returns>
    /// <exception cref="PartnerAccessException">Validation (every broken rule) or Conflict (display name in use).</exception>
    Task<Relationship> CreateRelationshipAsync(CreateRelationshipRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads one relationship.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The relationship.</returns>
    /// <exception cref="PartnerAccessException">NotFound, or Validation for a malformed id.</exception>
    Task<Relationship> GetRelationshipAsync(string relationshipId, CancellationToken cancellationToken = default);

    /// <summary>Lists the partner's relationships, page by page as they arrive.</summary>
    /// <param name="query">Filters; all relationships when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The matching relationships.</returns>
    IAsyncEnumerable<Relationship> ListRelationshipsAsync(RelationshipQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes a relationship: any property while created; auto-extend or removing Global Administrator while active.
    /// Removing Global Administrator runs in the background and returns an operation.
    /// </summary>
    /// <param name="relationship">The relationship as last read; its ETag is sent as If-Match.</param>
    /// <param name="update">The change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The changed relationship, or the operation that applies the change.</returns>
    /// <exception cref="PartnerAccessException">Validation, InvalidState, Conflict, Concurrency or NotFound.</exception>
    Task<UpdateOutcome<Relationship>> UpdateRelationshipAsync(Relationship relationship, RelationshipUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Deletes a relationship that is still in status created.</summary>
    /// <param name="relationship">The relationship as last read; its ETag is sent as If-Match.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the relationship is gone.</returns>
    /// <exception cref="PartnerAccessException">InvalidState, Concurrency or NotFound.</exception>
    Task DeleteRelationshipAsync(Relationship relationship, CancellationToken cancellationToken = default);

    /// <summary>Finalises a created relationship and sends it for customer approval (<c>lockForApproval</c>).</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request; give the customer <see cref="Relationship.ApprovalLink"/>.</returns>
    /// <exception cref="PartnerAccessException">InvalidState or NotFound.</exception>
    Task<RelationshipRequest> LockForApprovalAsync(string relationshipId, CancellationToken cancellationToken = default);

    /// <summary>Ends an active relationship (<c>terminate</c>); its access assignments are removed with it.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request.</returns>
    /// <exception cref="PartnerAccessException">InvalidState or NotFound.</exception>
    Task<RelationshipRequest> TerminateRelationshipAsync(string relationshipId, CancellationToken cancellationToken = default);

    /// <summary>Lists the requests made against a relationship.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The requests, oldest first.</returns>
    IAsyncEnumerable<RelationshipRequest> ListRequestsAsync(string relationshipId, CancellationToken cancellationToken = default);

    /// <summary>Gives a partner security group some of an active relationship's roles.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="request">The group and roles.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new assignment, usually pending.</returns>
    /// <exception cref="PartnerAccessException">Validation, InvalidState, Conflict (group already assigned) or NotFound.</exception>
    Task<AccessAssignment> CreateAccessAssignmentAsync(string relationshipId, CreateAccessAssignmentRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads one access assignment.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="accessAssignmentId">The assignment id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The assignment.</returns>
    /// <exception cref="PartnerAccessException">NotFound.</exception>
    Task<AccessAssignment> GetAccessAssignmentAsync(string relationshipId, string accessAssignmentId, CancellationToken cancellationToken = default);

    /// <summary>Lists a relationship's access assignments, including deleted ones.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="query">Filters; all assignments when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The matching assignments.</returns>
    IAsyncEnumerable<AccessAssignment> ListAccessAssignmentsAsync(string relationshipId, AccessAssignmentQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Changes the roles of an active access assignment. The service runs the change in the background.</summary>
    /// <param name="accessAssignment">The assignment as last read; its ETag is sent as If-Match.</param>
    /// <param name="roles">The new roles; a subset of the relationship's roles.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The unchanged assignment when the roles are the same, otherwise the operation that applies them.</returns>
    /// <exception cref="PartnerAccessException">Validation, InvalidState, Concurrency or NotFound.</exception>
    Task<UpdateOutcome<AccessAssignment>> UpdateAccessAssignmentAsync(AccessAssignment accessAssignment, IReadOnlyList<RoleGrant> roles, CancellationToken cancellationToken = default);

    /// <summary>Removes an access assignment; it goes deleting, then deleted.</summary>
    /// <param name="accessAssignment">The assignment as last read; its ETag is sent as If-Match.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the service has accepted the deletion.</returns>
    /// <exception cref="PartnerAccessException">InvalidState, Concurrency or NotFound.</exception>
    Task DeleteAccessAssignmentAsync(AccessAssignment accessAssignment, CancellationToken cancellationToken = default);

    /// <summary>Reads one long-running operation.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="operationId">The operation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operation.</returns>
    /// <exception cref="PartnerAccessException">NotFound.</exception>
    Task<RelationshipOperation> GetOperationAsync(string relationshipId, string operationId, CancellationToken cancellationToken = default);

    /// <summary>Lists a relationship's long-running operations.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The operations, oldest first.</returns>
    IAsyncEnumerable<RelationshipOperation> ListOperationsAsync(string relationshipId, CancellationToken cancellationToken = default);

    /// <summary>Lists the customers the partner has relationships with.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The customers.</returns>
    IAsyncEnumerable<DelegatedAdminCustomer> ListCustomersAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists where the partner manages a customer's services.</summary>
    /// <param name="customerId">The customer id.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The service management details.</returns>
    IAsyncEnumerable<ServiceManagementDetail> ListServiceManagementDetailsAsync(string customerId, CancellationToken cancellationToken = default);

    /// <summary>Reads audit records: lifecycle changes and, where the implementation has them, partner sign-ins.</summary>
    /// <param name="query">Filters by relationship, customer, time range and kind.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The matching records, oldest first.</returns>
    IAsyncEnumerable<AuditRecord> ListAuditRecordsAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
