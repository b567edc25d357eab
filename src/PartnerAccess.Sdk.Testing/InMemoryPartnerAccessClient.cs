using System.Runtime.CompilerServices;
using NodaTime.Extensions;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Testing;

/// <summary>
/// An <see cref="IPartnerAccessClient"/> that behaves like Microsoft Graph's GDAP service, rule for rule and state for
/// state, without a tenant. It runs on a <see cref="GdapSimulator"/>, whose clock you control: give it a fake
/// <see cref="System.TimeProvider"/> and move time forward to see activation, expiry, auto-extension and clean-up.
/// </summary>
/// <remarks>
/// The customer's side (approving, terminating) is not part of <see cref="IPartnerAccessClient"/>; use
/// <see cref="Simulator"/> for it, for example <c>client.Simulator.Approve(relationship.Id, customer)</c>.
/// </remarks>
public sealed class InMemoryPartnerAccessClient : IPartnerAccessClient
{
    /// <summary>Creates a client over a new, empty simulator.</summary>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="options">Partner tenant, rule settings and delays; defaults (everything immediate) when <see langword="null"/>.</param>
    public InMemoryPartnerAccessClient(TimeProvider? timeProvider = null, GdapSimulatorOptions? options = null)
        : this(new GdapSimulator(timeProvider ?? TimeProvider.System, options))
    {
    }

    /// <summary>Creates a client over an existing simulator, for example one shared with the emulator or a test.</summary>
    /// <param name="simulator">The simulator.</param>
    public InMemoryPartnerAccessClient(GdapSimulator simulator)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        Simulator = simulator;
    }

    /// <summary>The simulated service: its customer side, its clock and its settings.</summary>
    public GdapSimulator Simulator { get; }

    /// <inheritdoc />
    public TimeProvider TimeProvider => Simulator.TimeProvider;

    /// <inheritdoc />
    public Task<Relationship> CreateRelationshipAsync(CreateRelationshipRequest request, CancellationToken cancellationToken = default) =>
        Call(() => Simulator.CreateRelationship(request), cancellationToken);

    /// <inheritdoc />
    public Task<Relationship> GetRelationshipAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Call(() => Simulator.GetRelationship(relationshipId), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<Relationship> ListRelationshipsAsync(RelationshipQuery? query = null, CancellationToken cancellationToken = default) =>
        Stream(() =>
        {
            var all = Simulator.ListRelationships();
            if (query is null)
            {
                return all;
            }

            var now = Simulator.TimeProvider.GetCurrentInstant();
            return all.Where(r => query.Matches(r, now));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<UpdateOutcome<Relationship>> UpdateRelationshipAsync(Relationship relationship, RelationshipUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        return Call(() => Simulator.UpdateRelationship(relationship.Id, relationship.ETag, update), cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteRelationshipAsync(Relationship relationship, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        return Call(() =>
        {
            Simulator.DeleteRelationship(relationship.Id, relationship.ETag);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RelationshipRequest> LockForApprovalAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Call(() => Simulator.CreateRequest(relationshipId, RelationshipRequestAction.LockForApproval), cancellationToken);

    /// <inheritdoc />
    public Task<RelationshipRequest> TerminateRelationshipAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Call(() => Simulator.CreateRequest(relationshipId, RelationshipRequestAction.Terminate), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<RelationshipRequest> ListRequestsAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Stream(() => Simulator.ListRequests(relationshipId), cancellationToken);

    /// <inheritdoc />
    public Task<AccessAssignment> CreateAccessAssignmentAsync(string relationshipId, CreateAccessAssignmentRequest request, CancellationToken cancellationToken = default) =>
        Call(() => Simulator.CreateAccessAssignment(relationshipId, request), cancellationToken);

    /// <inheritdoc />
    public Task<AccessAssignment> GetAccessAssignmentAsync(string relationshipId, string accessAssignmentId, CancellationToken cancellationToken = default) =>
        Call(() => Simulator.GetAccessAssignment(relationshipId, accessAssignmentId), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<AccessAssignment> ListAccessAssignmentsAsync(string relationshipId, AccessAssignmentQuery? query = null, CancellationToken cancellationToken = default) =>
        Stream(() =>
        {
            var all = Simulator.ListAccessAssignments(relationshipId);
            return query is null ? all : all.Where(query.Matches);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<UpdateOutcome<AccessAssignment>> UpdateAccessAssignmentAsync(AccessAssignment accessAssignment, IReadOnlyList<RoleGrant> roles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accessAssignment);
        return Call(() => Simulator.UpdateAccessAssignment(accessAssignment.RelationshipId, accessAssignment.Id, accessAssignment.ETag, roles), cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAccessAssignmentAsync(AccessAssignment accessAssignment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accessAssignment);
        return Call(() =>
        {
            Simulator.DeleteAccessAssignment(accessAssignment.RelationshipId, accessAssignment.Id, accessAssignment.ETag);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RelationshipOperation> GetOperationAsync(string relationshipId, string operationId, CancellationToken cancellationToken = default) =>
        Call(() => Simulator.GetOperation(relationshipId, operationId), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<RelationshipOperation> ListOperationsAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Stream(() => Simulator.ListOperations(relationshipId), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<DelegatedAdminCustomer> ListCustomersAsync(CancellationToken cancellationToken = default) =>
        Stream(Simulator.ListCustomers, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ServiceManagementDetail> ListServiceManagementDetailsAsync(string customerId, CancellationToken cancellationToken = default) =>
        Stream(() => Simulator.ListServiceManagementDetails(customerId), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<AuditRecord> ListAuditRecordsAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Stream(() => Simulator.ListAuditRecords(query), cancellationToken);
    }

    private static Task<T> Call<T>(Func<T> call, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            return Task.FromResult(call());
        }
        catch (PartnerAccessException exception)
        {
            return Task.FromException<T>(exception);
        }
    }

    // Reads the list when enumeration starts, like the first page of a Graph list, and checks cancellation per item.
    private static async IAsyncEnumerable<T> Stream<T>(Func<IEnumerable<T>> read, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var item in read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
