// TEMPORARY: compile-only stand-in for the shared engine (engine-api.md) until helper/inmemory lands on main.
// DELETE THIS FILE when src/PartnerAccess.Sdk.Testing contains GdapSimulator. It implements no GDAP behaviour.
#pragma warning disable CS1591
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Testing;

public sealed record GdapSimulatorOptions
{
    public string PartnerTenantId { get; init; } = "8777b240-c6f0-4469-9e98-a3205431b836";
    public GdapRuleOptions Rules { get; init; } = new();
    public Duration LockProcessingDelay { get; init; }
    public Duration ApprovalToActivatingDelay { get; init; }
    public Duration ActivationDelay { get; init; }
    public Duration TerminationDelay { get; init; }
    public Duration ExpiryDelay { get; init; }
    public Duration AssignmentActivationDelay { get; init; }
    public Duration AssignmentDeletionDelay { get; init; }
    public Duration OperationDelay { get; init; }
    public Duration ApprovalPendingCleanup { get; init; } = Duration.FromDays(90);
    public Duration EndedCleanup { get; init; } = Duration.FromDays(365);
}

public sealed class GdapSimulator
{
    public GdapSimulator(TimeProvider timeProvider, GdapSimulatorOptions? options = null)
    {
        TimeProvider = timeProvider;
        Options = options ?? new();
        Rules = new GdapRules(Options.Rules);
    }

    public TimeProvider TimeProvider { get; }
    public GdapSimulatorOptions Options { get; }
    public GdapRules Rules { get; }

    public Relationship CreateRelationship(CreateRelationshipRequest request) => throw new NotImplementedException();
    public Relationship CreateResellerRelationship(CreateRelationshipRequest request, string indirectProviderTenantId) => throw new NotImplementedException();
    public Relationship GetRelationship(string relationshipId) => throw new NotImplementedException();
    public IReadOnlyList<Relationship> ListRelationships() => [];
    public UpdateOutcome<Relationship> UpdateRelationship(string relationshipId, ETag ifMatch, RelationshipUpdate update) => throw new NotImplementedException();
    public void DeleteRelationship(string relationshipId, ETag ifMatch) => throw new NotImplementedException();
    public RelationshipRequest CreateRequest(string relationshipId, RelationshipRequestAction action) => throw new NotImplementedException();
    public RelationshipRequest GetRequest(string relationshipId, string requestId) => throw new NotImplementedException();
    public IReadOnlyList<RelationshipRequest> ListRequests(string relationshipId) => throw new NotImplementedException();
    public AccessAssignment CreateAccessAssignment(string relationshipId, CreateAccessAssignmentRequest request) => throw new NotImplementedException();
    public AccessAssignment GetAccessAssignment(string relationshipId, string accessAssignmentId) => throw new NotImplementedException();
    public IReadOnlyList<AccessAssignment> ListAccessAssignments(string relationshipId) => throw new NotImplementedException();
    public UpdateOutcome<AccessAssignment> UpdateAccessAssignment(string relationshipId, string accessAssignmentId, ETag ifMatch, IReadOnlyList<RoleGrant> roles) => throw new NotImplementedException();
    public void DeleteAccessAssignment(string relationshipId, string accessAssignmentId, ETag ifMatch) => throw new NotImplementedException();
    public RelationshipOperation GetOperation(string relationshipId, string operationId) => throw new NotImplementedException();
    public IReadOnlyList<RelationshipOperation> ListOperations(string relationshipId) => throw new NotImplementedException();
    public IReadOnlyList<DelegatedAdminCustomer> ListCustomers() => [];
    public DelegatedAdminCustomer GetCustomer(string customerId) => throw new NotImplementedException();
    public IReadOnlyList<ServiceManagementDetail> ListServiceManagementDetails(string customerId) => throw new NotImplementedException();
    public IReadOnlyList<AuditRecord> ListAuditRecords(AuditQuery query) => [];
    public Relationship Approve(string relationshipId, CustomerParticipant? customer = null) => throw new NotImplementedException();
    public Relationship TerminateByCustomer(string relationshipId) => throw new NotImplementedException();
    public void AddSignIns(IEnumerable<AuditRecord> signIns) => throw new NotImplementedException();
    public void Reset() { }
    public event EventHandler<AuditRecord>? Changed { add { } remove { } }
}
