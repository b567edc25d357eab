using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime.Extensions;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Telemetry;

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
    private readonly Instrumentation.Client _telemetry;

    /// <summary>Creates a client over a new, empty simulator.</summary>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="options">Partner tenant, rule settings and delays; defaults (everything immediate) when <see langword="null"/>.</param>
    public InMemoryPartnerAccessClient(TimeProvider? timeProvider = null, GdapSimulatorOptions? options = null)
        : this(new GdapSimulator(timeProvider ?? TimeProvider.System, options))
    {
    }

    /// <summary>Creates a client over an existing simulator, for example one shared with the emulator or a test.</summary>
    /// <param name="simulator">The simulator.</param>
    /// <param name="loggerFactory">Logging of each operation (see docs/telemetry.md); none when <see langword="null"/>.</param>
    public InMemoryPartnerAccessClient(GdapSimulator simulator, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        Simulator = simulator;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<InMemoryPartnerAccessClient>();
        _telemetry = new Instrumentation.Client("in-memory", logger, simulator.TimeProvider, ActivityKind.Internal);
    }

    /// <summary>The simulated service: its customer side, its clock and its settings.</summary>
    public GdapSimulator Simulator { get; }

    /// <inheritdoc />
    public TimeProvider TimeProvider => Simulator.TimeProvider;

    /// <inheritdoc />
    public Task<Relationship> CreateRelationshipAsync(CreateRelationshipRequest request, CancellationToken cancellationToken = default) =>
        Call(() =>
        {
            ArgumentNullException.ThrowIfNull(request);
            return Simulator.CreateRelationship(request);
        }, cancellationToken, null, request?.Customer?.TenantId);

    /// <inheritdoc />
    public Task<Relationship> GetRelationshipAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Call(() => Simulator.GetRelationship(relationshipId), cancellationToken, relationshipId);

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
        }, cancellationToken, null, query?.CustomerTenantId);

    /// <inheritdoc />
    public Task<UpdateOutcome<Relationship>> UpdateRelationshipAsync(Relationship relationship, RelationshipUpdate update, CancellationToken cancellationToken = default) =>
        Call(() =>
        {
            ArgumentNullException.ThrowIfNull(relationship);
            ArgumentNullException.ThrowIfNull(update);
            return Simulator.UpdateRelationship(relationship.Id, relationship.ETag, update);
        }, cancellationToken, relationship?.Id, relationship?.Customer?.TenantId);

    /// <inheritdoc />
    public Task DeleteRelationshipAsync(Relationship relationship, CancellationToken cancellationToken = default) =>
        Call(() =>
        {
            ArgumentNullException.ThrowIfNull(relationship);
            Simulator.DeleteRelationship(relationship.Id, relationship.ETag);
            return true;
        }, cancellationToken, relationship?.Id, relationship?.Customer?.TenantId);

    /// <inheritdoc />
    public Task<RelationshipRequest> LockForApprovalAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Call(() => Simulator.CreateRequest(relationshipId, RelationshipRequestAction.LockForApproval), cancellationToken, relationshipId);

    /// <inheritdoc />
    public Task<RelationshipRequest> TerminateRelationshipAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Call(() => Simulator.CreateRequest(relationshipId, RelationshipRequestAction.Terminate), cancellationToken, relationshipId);

    /// <inheritdoc />
    public IAsyncEnumerable<RelationshipRequest> ListRequestsAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Stream(() => Simulator.ListRequests(relationshipId), cancellationToken, relationshipId);

    /// <inheritdoc />
    public Task<AccessAssignment> CreateAccessAssignmentAsync(string relationshipId, CreateAccessAssignmentRequest request, CancellationToken cancellationToken = default) =>
        Call(() =>
        {
            ArgumentNullException.ThrowIfNull(request);
            return Simulator.CreateAccessAssignment(relationshipId, request);
        }, cancellationToken, relationshipId);

    /// <inheritdoc />
    public Task<AccessAssignment> GetAccessAssignmentAsync(string relationshipId, string accessAssignmentId, CancellationToken cancellationToken = default) =>
        Call(() =>
        {
            GdapRules.ThrowIfAny(Simulator.Rules.ValidateRelationshipId(relationshipId));
            ArgumentException.ThrowIfNullOrWhiteSpace(accessAssignmentId);
            return Simulator.GetAccessAssignment(relationshipId, accessAssignmentId);
        }, cancellationToken, relationshipId);

    /// <inheritdoc />
    public IAsyncEnumerable<AccessAssignment> ListAccessAssignmentsAsync(string relationshipId, AccessAssignmentQuery? query = null, CancellationToken cancellationToken = default) =>
        Stream(() =>
        {
            var all = Simulator.ListAccessAssignments(relationshipId);
            return query is null ? all : all.Where(query.Matches);
        }, cancellationToken, relationshipId);

    /// <inheritdoc />
    public Task<UpdateOutcome<AccessAssignment>> UpdateAccessAssignmentAsync(AccessAssignment accessAssignment, IReadOnlyList<RoleGrant> roles, CancellationToken cancellationToken = default) =>
        Call(() =>
        {
            ArgumentNullException.ThrowIfNull(accessAssignment);
            ArgumentNullException.ThrowIfNull(roles);
            return Simulator.UpdateAccessAssignment(accessAssignment.RelationshipId, accessAssignment.Id, accessAssignment.ETag, roles);
        }, cancellationToken, accessAssignment?.RelationshipId);

    /// <inheritdoc />
    public Task DeleteAccessAssignmentAsync(AccessAssignment accessAssignment, CancellationToken cancellationToken = default) =>
        Call(() =>
        {
            ArgumentNullException.ThrowIfNull(accessAssignment);
            Simulator.DeleteAccessAssignment(accessAssignment.RelationshipId, accessAssignment.Id, accessAssignment.ETag);
            return true;
        }, cancellationToken, accessAssignment?.RelationshipId);

    /// <inheritdoc />
    public Task<RelationshipOperation> GetOperationAsync(string relationshipId, string operationId, CancellationToken cancellationToken = default) =>
        Call(() =>
        {
            GdapRules.ThrowIfAny(Simulator.Rules.ValidateRelationshipId(relationshipId));
            ArgumentException.ThrowIfNullOrWhiteSpace(operationId);
            return Simulator.GetOperation(relationshipId, operationId);
        }, cancellationToken, relationshipId);

    /// <inheritdoc />
    public IAsyncEnumerable<RelationshipOperation> ListOperationsAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Stream(() => Simulator.ListOperations(relationshipId), cancellationToken, relationshipId);

    /// <inheritdoc />
    public IAsyncEnumerable<DelegatedAdminCustomer> ListCustomersAsync(CancellationToken cancellationToken = default) =>
        Stream(Simulator.ListCustomers, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ServiceManagementDetail> ListServiceManagementDetailsAsync(string customerId, CancellationToken cancellationToken = default) =>
        Stream(() =>
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
            return Simulator.ListServiceManagementDetails(customerId);
        }, cancellationToken, null, customerId);

    /// <inheritdoc />
    public IAsyncEnumerable<AuditRecord> ListAuditRecordsAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        Stream(() =>
        {
            ArgumentNullException.ThrowIfNull(query);
            return Simulator.ListAuditRecords(query);
        }, cancellationToken, query?.RelationshipId, query?.CustomerTenantId);

    private static string OperationName(string member) => member.EndsWith("Async", StringComparison.Ordinal) ? member[..^5] : member;

    private Task<T> Call<T>(Func<T> call, CancellationToken cancellationToken, string? relationshipId = null, string? customerTenantId = null, [CallerMemberName] string operation = "")
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            return Task.FromResult(_telemetry.Run(OperationName(operation), relationshipId, customerTenantId, call));
        }
        catch (Exception exception) when (exception is PartnerAccessException or ArgumentException)
        {
            // Like an async method (and the Graph client): a bad argument faults the task, it never throws at the call.
            return Task.FromException<T>(exception);
        }
    }

    private IAsyncEnumerable<T> Stream<T>(Func<IEnumerable<T>> read, CancellationToken cancellationToken, string? relationshipId = null, string? customerTenantId = null, [CallerMemberName] string operation = "") =>
        _telemetry.StreamAsync(OperationName(operation), relationshipId, customerTenantId, Read(read, cancellationToken), cancellationToken);

    // Reads the list when enumeration starts, like the first page of a Graph list, and checks cancellation per item.
    private static async IAsyncEnumerable<T> Read<T>(Func<IEnumerable<T>> read, [EnumeratorCancellation] CancellationToken cancellationToken = default)
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
