using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using static PartnerAccess.Sdk.TestSupport.Fixtures;

namespace PartnerAccess.Sdk.Governance.Tests.Audit;

public class RelationshipSnapshotJsonTests
{
    [Fact]
    public async Task WriteThenRead_RoundTripsRelationshipsAndAssignments_SoTheNextRunCanDiff()
    {
        var active = Active(1, T0, 365, autoExtend: true) with { ETag = new ETag("W/\"abc\""), IsPartnerConsentPending = false };
        var pending = Pending(2, T0) with { IndirectProviderTenantId = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a" };
        var assignment = Assignment(active, HelpdeskGroupId, AccessAssignmentStatus.Active, WellKnownRoles.HelpdeskAdministrator) with { ETag = new ETag("W/\"x\"") };
        var snapshot = new RelationshipSnapshot
        {
            TakenAt = T0 + Duration.FromDays(3) + Duration.FromMilliseconds(123),
            Relationships = [active, pending],
            Assignments = new Dictionary<string, IReadOnlyList<AccessAssignment>> { [active.Id] = [assignment] },
        };
        var stream = new MemoryStream();

        await RelationshipSnapshotJson.WriteAsync(snapshot, stream);
        stream.Position = 0;
        var back = await RelationshipSnapshotJson.ReadAsync(stream);

        back.TakenAt.Should().Be(snapshot.TakenAt);
        back.Relationships.Should().BeEquivalentTo(snapshot.Relationships, o => o.ComparingByMembers<Relationship>().Excluding(r => r.ApprovalLink));
        back.Assignments![active.Id].Should().BeEquivalentTo([assignment]);
        SnapshotDiffer.Diff(back, snapshot).Should().BeEmpty("a snapshot read back equals the original");
    }

    [Fact]
    public async Task Read_NotASnapshot_ThrowsInvalidData()
    {
        var act = () => RelationshipSnapshotJson.ReadAsync(new MemoryStream("{\"relationships\": 5}"u8.ToArray()));

        await act.Should().ThrowAsync<InvalidDataException>();
    }
}
