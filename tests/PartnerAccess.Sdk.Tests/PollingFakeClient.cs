using System.Collections.Concurrent;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Tests;

/// <summary>
/// A hand-written <see cref="IPartnerAccessClient"/> for the extension-method tests: reads return a scripted status
/// per poll, and each poll records the fake time it happened at. Everything else is not supported.
/// </summary>
internal sealed class PollingFakeClient(TimeProvider timeProvider) : IPartnerAccessClient
{
    private int _polls;

    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>The relationship status returned at poll n (1-based).</summary>
    public Func<int, RelationshipStatus> RelationshipStatusAt { get; init; } = _ => RelationshipStatus.ApprovalPending;

    /// <summary>The access assignment status returned at poll n (1-based).</summary>
    public Func<int, AccessAssignmentStatus> AssignmentStatusAt { get; init; } = _ => AccessAssignmentStatus.Pending;

    /// <summary>The operation status returned at poll n (1-based).</summary>
    public Func<int, OperationStatus> OperationStatusAt { get; init; } = _ => OperationStatus.Running;

    /// <summary>What <see cref="UpdateRelationshipAsync"/> answers.</summary>
    public Func<Relationship, RelationshipUpdate, UpdateOutcome<Relationship>> OnUpdate { get; init; } =
        (r, _) => new UpdateOutcome<Relationship> { Value = r };

    /// <summary>What <see cref="ListRelationshipsAsync"/> yields.</summary>
    public IReadOnlyList<Relationship> Relationships { get; init; } = [];

    public int Polls => Volatile.Read(ref _polls);

    public ConcurrentQueue<DateTimeOffset> PolledAt { get; } = new();

    public ConcurrentQueue<RelationshipUpdate> Updates { get; } = new();

    public ConcurrentQueue<RelationshipQuery?> Queries { get; } = new();

    /// <summary>Status changes from <paramref name="before"/> to <paramref name="after"/> once <paramref name="polls"/> polls have seen the old one.</summary>
    public static Func<int, T> After<T>(int polls, T before, T after) => poll => poll > polls ? after : before;

    private int Poll(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        PolledAt.Enqueue(TimeProvider.GetUtcNow());
        return Interlocked.Increment(ref _polls);
    }

    public Task<Relationship> GetRelationshipAsync(string relationshipId, CancellationToken cancellationToken = default)
    {
        var poll = Poll(cancellationToken);
        return Task.FromResult(Sample.Relationship(RelationshipStatusAt(poll), id: relationshipId));
    }

    public Task<AccessAssignment> GetAccessAssignmentAsync(string relationshipId, string accessAssignmentId, CancellationToken cancellationToken = default)
    {
        var poll = Poll(cancellationToken);
        return Task.FromResult(Sample.Assignment(AssignmentStatusAt(poll)) with { Id = accessAssignmentId, RelationshipId = relationshipId });
    }

    public Task<RelationshipOperation> GetOperationAsync(string relationshipId, string operationId, CancellationToken cancellationToken = default)
    {
        var poll = Poll(cancellationToken);
        return Task.FromResult(new RelationshipOperation
        {
            Id = operationId,
            RelationshipId = relationshipId,
            OperationType = RelationshipOperationType.DelegatedAdminAccessAssignmentUpdate,
            Status = OperationStatusAt(poll),
        });
    }

    public Task<UpdateOutcome<Relationship>> UpdateRelationshipAsync(Relationship relationship, RelationshipUpdate update, CancellationToken cancellationToken = default)
    {
        Updates.Enqueue(update);
        return Task.FromResult(OnUpdate(relationship, update));
    }

    public async IAsyncEnumerable<Relationship> ListRelationshipsAsync(RelationshipQuery? query = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Queries.Enqueue(query);
        foreach (var relationship in Relationships)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return relationship;
        }
    }

    public Task<Relationship> CreateRelationshipAsync(CreateRelationshipRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DeleteRelationshipAsync(Relationship relationship, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<RelationshipRequest> LockForApprovalAsync(string relationshipId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<RelationshipRequest> TerminateRelationshipAsync(string relationshipId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<RelationshipRequest> ListRequestsAsync(string relationshipId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AccessAssignment> CreateAccessAssignmentAsync(string relationshipId, CreateAccessAssignmentRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<AccessAssignment> ListAccessAssignmentsAsync(string relationshipId, AccessAssignmentQuery? query = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<UpdateOutcome<AccessAssignment>> UpdateAccessAssignmentAsync(AccessAssignment accessAssignment, IReadOnlyList<RoleGrant> roles, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DeleteAccessAssignmentAsync(AccessAssignment accessAssignment, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<RelationshipOperation> ListOperationsAsync(string relationshipId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<DelegatedAdminCustomer> ListCustomersAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<ServiceManagementDetail> ListServiceManagementDetailsAsync(string customerId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<AuditRecord> ListAuditRecordsAsync(AuditQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
