using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using static PartnerAccess.Sdk.TestSupport.Fixtures;

namespace PartnerAccess.Sdk.Governance.Tests.Audit;

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
        // As the Graph client rebuilds it from the terminate request: no actor, a few seconds later.
        var service = Record("service:request:b2c3", AuditRecordKind.TerminationRequested, at + Duration.FromSeconds(2), AuditSource.Service);
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
    public async Task ChangeTrail_BuildAsync_MergesClientAndSnapshotRecordsForOneRelationship()
    {
        var client = new FixedPartnerAccessClient(new FakeTimeProvider(T0.ToDateTimeOffset()));
        var terminated = Relationship with { Status = RelationshipStatus.Terminated, LastModifiedAt = T0 + Duration.FromDays(100) };
        var other = Active(2, T0, 365);
        client.Relationships.AddRange([terminated, other]);
        client.AuditRecords.Add(Record("sdk:lock", AuditRecordKind.LockedForApproval, T0 - Duration.FromDays(1), AuditSource.Unknown, new AuditActor(AuditActorKind.Partner, "bob")));
        client.AuditRecords.Add(Record("sdk:other", AuditRecordKind.LockedForApproval, T0, AuditSource.Sdk) with { RelationshipId = other.Id });
        // What a Graph-backed client returns: records rebuilt from the service's requests, without an actor.
        client.AuditRecords.Add(Record("service:lock", AuditRecordKind.LockedForApproval, T0 - Duration.FromDays(1) + Duration.FromSeconds(1), AuditSource.Service));
        client.AuditRecords.Add(Record("service:end", AuditRecordKind.TerminationRequested, T0 + Duration.FromDays(100), AuditSource.Service));
        var snapshots = SnapshotDiffer.Diff(
            new RelationshipSnapshot { TakenAt = T0 + Duration.FromDays(99), Relationships = [Relationship] },
            new RelationshipSnapshot { TakenAt = T0 + Duration.FromDays(101), Relationships = [terminated] });

        var trail = await ChangeTrail.BuildAsync(client, new AuditQuery { RelationshipId = Relationship.Id }, snapshots);

        trail.Select(r => (r.Kind, r.Source)).Should().Equal(
            (AuditRecordKind.LockedForApproval, AuditSource.Sdk),
            (AuditRecordKind.TerminationRequested, AuditSource.Service),
            (AuditRecordKind.Terminated, AuditSource.Snapshot));
        trail[0].Actor.Id.Should().Be("bob");
        client.ListRelationshipCalls.Should().Be(0, "the client's own records already cover the service trail; nothing is read twice");
    }
}
