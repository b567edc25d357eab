using System.Collections.Concurrent;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>The kinds of call a test can intercept.</summary>
public enum CallKind
{
    CreateRelationship,
    UpdateRelationship,
    DeleteRelationship,
    LockForApproval,
    Terminate,
    CreateAssignment,
    UpdateAssignment,
    DeleteAssignment,
    Read,
}

/// <summary>What an intercepted call is about.</summary>
/// <param name="Kind">The call.</param>
/// <param name="CustomerTenantId">The customer, when the call names one (creates); otherwise null.</param>
/// <param name="RelationshipId">The relationship, when the call names one.</param>
public sealed record Call(CallKind Kind, string? CustomerTenantId, string? RelationshipId)
{
    public bool IsWrite => Kind != CallKind.Read;
}

/// <summary>
/// Wraps a client and lets a test act before a call reaches it (throw, cancel) or after it succeeded (throw as if the
/// answer was lost). Counts the writes that reached the inner client.
/// </summary>
public sealed class InterceptingClient(IPartnerAccessClient inner) : IPartnerAccessClient
{
    private int _writes;

    /// <summary>Runs before each call; throw to fail the call without it reaching the service.</summary>
    public Action<Call>? Before { get; set; }

    /// <summary>Runs after each call that succeeded; throw to lose the answer of a call the service carried out.</summary>
    public Action<Call>? After { get; set; }

    /// <summary>Writes the inner client carried out.</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>Every call, in order of arrival.</summary>
    public ConcurrentQueue<Call> Calls { get; } = new();

    public TimeProvider TimeProvider => inner.TimeProvider;

    public Task<Relationship> CreateRelationshipAsync(CreateRelationshipRequest request, CancellationToken cancellationToken = default) =>
        Run(new Call(CallKind.CreateRelationship, request.Customer?.TenantId, null), () => inner.CreateRelationshipAsync(request, cancellationToken));

    public Task<Relationship> GetRelationshipAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Run(new Call(CallKind.Read, null, relationshipId), () => inner.GetRelationshipAsync(relationshipId, cancellationToken));

    public IAsyncEnumerable<Relationship> ListRelationshipsAsync(RelationshipQuery? query = null, CancellationToken cancellationToken = default) =>
        List(new Call(CallKind.Read, query?.CustomerTenantId, null), () => inner.ListRelationshipsAsync(query, cancellationToken));

    public Task<UpdateOutcome<Relationship>> UpdateRelationshipAsync(Relationship relationship, RelationshipUpdate update, CancellationToken cancellationToken = default) =>
        Run(new Call(CallKind.UpdateRelationship, relationship.Customer?.TenantId, relationship.Id), () => inner.UpdateRelationshipAsync(relationship, update, cancellationToken));

    public Task DeleteRelationshipAsync(Relationship relationship, CancellationToken cancellationToken = default) =>
        Run(new Call(CallKind.DeleteRelationship, relationship.Customer?.TenantId, relationship.Id), async () =>
        {
            await inner.DeleteRelationshipAsync(relationship, cancellationToken);
            return true;
        });

    public Task<RelationshipRequest> LockForApprovalAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Run(new Call(CallKind.LockForApproval, null, relationshipId), () => inner.LockForApprovalAsync(relationshipId, cancellationToken));

    public Task<RelationshipRequest> TerminateRelationshipAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Run(new Call(CallKind.Terminate, null, relationshipId), () => inner.TerminateRelationshipAsync(relationshipId, cancellationToken));

    public IAsyncEnumerable<RelationshipRequest> ListRequestsAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        List(new Call(CallKind.Read, null, relationshipId), () => inner.ListRequestsAsync(relationshipId, cancellationToken));

    public Task<AccessAssignment> CreateAccessAssignmentAsync(string relationshipId, CreateAccessAssignmentRequest request, CancellationToken cancellationToken = default) =>
        Run(new Call(CallKind.CreateAssignment, null, relationshipId), () => inner.CreateAccessAssignmentAsync(relationshipId, request, cancellationToken));

    public Task<AccessAssignment> GetAccessAssignmentAsync(string relationshipId, string accessAssignmentId, CancellationToken cancellationToken = default) =>
        Run(new Call(CallKind.Read, null, relationshipId), () => inner.GetAccessAssignmentAsync(relationshipId, accessAssignmentId, cancellationToken));

    public IAsyncEnumerable<AccessAssignment> ListAccessAssignmentsAsync(string relationshipId, AccessAssignmentQuery? query = null, CancellationToken cancellationToken = default) =>
        List(new Call(CallKind.Read, null, relationshipId), () => inner.ListAccessAssignmentsAsync(relationshipId, query, cancellationToken));

    public Task<UpdateOutcome<AccessAssignment>> UpdateAccessAssignmentAsync(AccessAssignment accessAssignment, IReadOnlyList<RoleGrant> roles, CancellationToken cancellationToken = default) =>
        Run(new Call(CallKind.UpdateAssignment, null, accessAssignment.RelationshipId), () => inner.UpdateAccessAssignmentAsync(accessAssignment, roles, cancellationToken));

    public Task DeleteAccessAssignmentAsync(AccessAssignment accessAssignment, CancellationToken cancellationToken = default) =>
        Run(new Call(CallKind.DeleteAssignment, null, accessAssignment.RelationshipId), async () =>
        {
            await inner.DeleteAccessAssignmentAsync(accessAssignment, cancellationToken);
            return true;
        });

    public Task<RelationshipOperation> GetOperationAsync(string relationshipId, string operationId, CancellationToken cancellationToken = default) =>
        Run(new Call(CallKind.Read, null, relationshipId), () => inner.GetOperationAsync(relationshipId, operationId, cancellationToken));

    public IAsyncEnumerable<RelationshipOperation> ListOperationsAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        List(new Call(CallKind.Read, null, relationshipId), () => inner.ListOperationsAsync(relationshipId, cancellationToken));

    public IAsyncEnumerable<DelegatedAdminCustomer> ListCustomersAsync(CancellationToken cancellationToken = default) =>
        List(new Call(CallKind.Read, null, null), () => inner.ListCustomersAsync(cancellationToken));

    public IAsyncEnumerable<ServiceManagementDetail> ListServiceManagementDetailsAsync(string customerId, CancellationToken cancellationToken = default) =>
        List(new Call(CallKind.Read, customerId, null), () => inner.ListServiceManagementDetailsAsync(customerId, cancellationToken));

    public IAsyncEnumerable<AuditRecord> ListAuditRecordsAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        List(new Call(CallKind.Read, null, null), () => inner.ListAuditRecordsAsync(query, cancellationToken));

    private async Task<T> Run<T>(Call call, Func<Task<T>> action)
    {
        Calls.Enqueue(call);
        Before?.Invoke(call);
        var result = await action();
        if (call.IsWrite)
        {
            Interlocked.Increment(ref _writes);
        }

        After?.Invoke(call);
        return result;
    }

    private async IAsyncEnumerable<T> List<T>(Call call, Func<IAsyncEnumerable<T>> list)
    {
        Calls.Enqueue(call);
        Before?.Invoke(call);
        await foreach (var item in list())
        {
            yield return item;
        }
    }
}
