using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Tests.Notifications;
using static PartnerAccess.Sdk.Tests.Notifications.Fixtures;

namespace PartnerAccess.Sdk.Tests.AuditTrail;

public class AuditTimelineTests
{
    private static readonly Relationship Relationship = Active(1, T0, 365);

    private static AuditRecord Record(string id, AuditRecordKind kind, Instant at, AuditSource source, AuditActor? actor = null, string? assignmentId = null) => new()
    {
        Id = id,
        OccurredAt = at,
        Kind = kind,
        Source = source,
        Actor = actor ?? new AuditActor(AuditActorKind.Unknown),
        RelationshipId = Relationship.Id,
        AccessAssignmentId = assignmentId,
        CustomerTenantId = ContosoTenantId,
    };

    [Fact]
    public void Merge_SameEventFromThreeSources_KeepsTheSdkRecordWithItsActor()
    {
        var at = T0 + Duration.FromDays(200);
        var sdk = Record("sdk:1", AuditRecordKind.TerminationRequested, at, AuditSource.Sdk, new AuditActor(AuditActorKind.Partner, "alice@fabrikam.example"));
        var service = ServiceAuditMapper.FromRequest(new RelationshipRequest
        {
            Id = "b2c3", RelationshipId = Relationship.Id, Action = RelationshipRequestAction.Terminate, Status = RelationshipRequestStatus.Succeeded,
            CreatedAt = at + Duration.FromSeconds(2), LastModifiedAt = at + Duration.FromSeconds(5),
        }, Relationship);
        var snapshot = SnapshotDiffer.Diff(
            new RelationshipSnapshot { TakenAt = at - Duration.FromHours(6), Relationships = [Relationship] },
            new RelationshipSnapshot { TakenAt = at + Duration.FromHours(6), Relationships = [Relationship with { Status = RelationshipStatus.Terminated, LastModifiedAt = at + Duration.FromHours(1) }] });

        var timeline = AuditTimeline.Merge([.. snapshot, service, sdk]);

        timeline.Select(r => (r.Kind, r.Source)).Should().Equal(
            (AuditRecordKind.TerminationRequested, AuditSource.Sdk),
            (AuditRecordKind.Terminated, AuditSource.Snapshot));
        timeline[0].Actor.Id.Should().Be("alice@fabrikam.example");
    }

    [Fact]
    public void Merge_UnknownActorIsFilledFromADroppedDuplicate()
    {
        var at = T0 + Duration.FromDays(10);
        var sdk = Record("sdk:1", AuditRecordKind.Approved, at, AuditSource.Sdk);
        var snapshot = Record("snap:1", AuditRecordKind.Approved, at + Duration.FromMinutes(3), AuditSource.Snapshot, new AuditActor(AuditActorKind.Customer, ContosoTenantId));

        var merged = AuditTimeline.Merge([snapshot, sdk]).Should().ContainSingle().Subject;

        merged.Id.Should().Be("sdk:1");
        merged.Actor.Kind.Should().Be(AuditActorKind.Customer);
    }

    [Fact]
    public void Merge_DistinctEvents_AreKept_AndOrderedByTime()
    {
        var extension1 = Record("a", AuditRecordKind.AutoExtended, T0 + Duration.FromDays(365), AuditSource.Sdk);
        var extension2 = Record("b", AuditRecordKind.AutoExtended, T0 + Duration.FromDays(545), AuditSource.Snapshot);
        var assignmentA = Record("c", AuditRecordKind.AssignmentCreated, T0, AuditSource.Sdk, assignmentId: "A");
        var assignmentB = Record("d", AuditRecordKind.AssignmentCreated, T0, AuditSource.Service, assignmentId: "B");
        var signIn1 = new AuditRecord { Id = "signin:1", OccurredAt = T0, Kind = AuditRecordKind.PartnerSignIn, Source = AuditSource.SignInLog };

        var timeline = AuditTimeline.Merge([extension2, extension1, assignmentB, signIn1, assignmentA, extension1]);

        timeline.Select(r => r.Id).Should().Equal("c", "d", "signin:1", "a", "b");
    }

    [Fact]
    public void Query_FiltersByCustomerTimeAndKind()
    {
        var inRange = Record("in", AuditRecordKind.Expired, T0 + Duration.FromDays(5), AuditSource.Snapshot);
        var tooLate = Record("late", AuditRecordKind.Expired, T0 + Duration.FromDays(50), AuditSource.Snapshot);
        var otherKind = Record("kind", AuditRecordKind.Activated, T0 + Duration.FromDays(5), AuditSource.Snapshot);
        var otherCustomer = inRange with { Id = "other", CustomerTenantId = FabrikamTenantId };
        var query = new AuditQuery
        {
            CustomerTenantId = ContosoTenantId.ToUpperInvariant(),
            From = T0,
            To = T0 + Duration.FromDays(10),
            Kinds = [AuditRecordKind.Expired],
        };

        AuditTimeline.Query([inRange, tooLate, otherKind, otherCustomer], query).Select(r => r.Id).Should().Equal("in");
    }

    [Fact]
    public void ServiceMapper_Operation_ReadsTheAssignmentAndRolesFromData()
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
    public void ServiceMapper_Request_MapsActionToKindAndActor(RelationshipRequestAction action, AuditRecordKind kind, AuditActorKind actor)
    {
        var record = ServiceAuditMapper.FromRequest(new RelationshipRequest
        {
            Id = "r1", RelationshipId = Relationship.Id, Action = action, Status = RelationshipRequestStatus.Succeeded, CreatedAt = T0,
        });

        record.Kind.Should().Be(kind);
        record.Actor.Kind.Should().Be(actor);
        record.OccurredAt.Should().Be(T0);
    }

    [Fact]
    public async Task ChangeTrail_BuildAsync_MergesSdkServiceAndSnapshotRecordsForOneRelationship()
    {
        var client = new FixedPartnerAccessClient(new FakeTimeProvider(T0.ToDateTimeOffset()));
        var terminated = Relationship with { Status = RelationshipStatus.Terminated, LastModifiedAt = T0 + Duration.FromDays(100) };
        var other = Active(2, T0, 365);
        client.Relationships.AddRange([terminated, other]);
        client.AuditRecords.Add(Record("sdk:lock", AuditRecordKind.LockedForApproval, T0 - Duration.FromDays(1), AuditSource.Unknown, new AuditActor(AuditActorKind.Partner, "bob")));
        client.AuditRecords.Add(Record("sdk:other", AuditRecordKind.LockedForApproval, T0, AuditSource.Sdk) with { RelationshipId = other.Id });
        client.Requests[Relationship.Id] =
        [
            new RelationshipRequest { Id = "lock", RelationshipId = Relationship.Id, Action = RelationshipRequestAction.LockForApproval, Status = RelationshipRequestStatus.Succeeded, CreatedAt = T0 - Duration.FromDays(1) + Duration.FromSeconds(1) },
            new RelationshipRequest { Id = "end", RelationshipId = Relationship.Id, Action = RelationshipRequestAction.Terminate, Status = RelationshipRequestStatus.Succeeded, CreatedAt = T0 + Duration.FromDays(100) },
        ];
        var snapshots = SnapshotDiffer.Diff(
            new RelationshipSnapshot { TakenAt = T0 + Duration.FromDays(99), Relationships = [Relationship] },
            new RelationshipSnapshot { TakenAt = T0 + Duration.FromDays(101), Relationships = [terminated] });

        var trail = await ChangeTrail.BuildAsync(client, new AuditQuery { RelationshipId = Relationship.Id }, snapshots);

        trail.Select(r => (r.Kind, r.Source)).Should().Equal(
            (AuditRecordKind.LockedForApproval, AuditSource.Sdk),
            (AuditRecordKind.TerminationRequested, AuditSource.Service),
            (AuditRecordKind.Terminated, AuditSource.Snapshot));
        trail[0].Actor.Id.Should().Be("bob");
    }
}
