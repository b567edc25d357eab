using NodaTime;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Graph.Audit;
using PartnerAccess.Sdk.Relationships;
using static PartnerAccess.Sdk.TestSupport.Fixtures;

namespace PartnerAccess.Sdk.Graph.Tests.Audit;

public class ServiceAuditMapperTests
{
    private static readonly Relationship Relationship = Active(1, T0, 365);

    [Fact]
    public void Operation_ReadsTheAssignmentAndRolesFromData()
    {
        var operation = new RelationshipOperation
        {
            Id = "57e4479a-aafb-4d00-ab0f-8ce6027466cf",
            RelationshipId = Relationship.Id,
            OperationType = RelationshipOperationType.DelegatedAdminAccessAssignmentUpdate,
            Status = OperationStatus.Succeeded,
            Data = "{\"id\":\"a97a9b4c-f43e-4c47-bbd6-50d8d3c88d94\",\"accessContainer\":{\"accessContainerId\":\"869713c9-0b28-4d08-8949-ae07ae1bf528\",\"accessContainerType\":\"securityGroup\"},\"accessDetails\":{\"unifiedRoles\":[{\"roleDefinitionId\":\"e3973bdf-4987-49ae-837a-ba8e231c7286\"}]},\"status\":\"active\"}",
            CreatedAt = T0,
            LastModifiedAt = T0 + Duration.FromSeconds(20),
        };

        var record = ServiceAuditMapper.FromOperation(operation, Relationship, PartnerTenantId);

        record.Id.Should().Be("service:operation:57e4479a-aafb-4d00-ab0f-8ce6027466cf");
        record.Kind.Should().Be(AuditRecordKind.AssignmentUpdated);
        record.Source.Should().Be(AuditSource.Service);
        record.AccessAssignmentId.Should().Be("a97a9b4c-f43e-4c47-bbd6-50d8d3c88d94");
        record.Details["roles"].Should().Be("e3973bdf-4987-49ae-837a-ba8e231c7286");
        record.CustomerTenantId.Should().Be(ContosoTenantId);
        ServiceAuditMapper.FromOperation(operation with { Data = "not json", Status = OperationStatus.Failed }).Summary.Should().EndWith("(failed)");
    }

    [Theory]
    [InlineData(RelationshipRequestAction.LockForApproval, AuditRecordKind.LockedForApproval, AuditActorKind.Partner)]
    [InlineData(RelationshipRequestAction.Terminate, AuditRecordKind.TerminationRequested, AuditActorKind.Partner)]
    [InlineData(RelationshipRequestAction.Approve, AuditRecordKind.Approved, AuditActorKind.Reseller)]
    [InlineData(RelationshipRequestAction.Reject, AuditRecordKind.Rejected, AuditActorKind.Reseller)]
    public void Request_MapsActionToKindAndActor(RelationshipRequestAction action, AuditRecordKind kind, AuditActorKind actor)
    {
        var record = ServiceAuditMapper.FromRequest(new RelationshipRequest
        {
            Id = "r1", RelationshipId = Relationship.Id, Action = action, Status = RelationshipRequestStatus.Succeeded, CreatedAt = T0,
        });

        record.Kind.Should().Be(kind);
        record.Actor.Kind.Should().Be(actor);
        record.OccurredAt.Should().Be(T0);
    }

}
