using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;
using static PartnerAccess.Sdk.TestSupport.Fixtures;

namespace PartnerAccess.Sdk.Governance.Tests.Audit;

public class SnapshotDifferTests
{
    private static readonly Instant Before = T0 + Duration.FromDays(100);
    private static readonly Instant After = T0 + Duration.FromDays(101);

    private static RelationshipSnapshot Snap(Instant at, params Relationship[] relationships) => new() { TakenAt = at, Relationships = relationships };

    private static IReadOnlyList<AuditRecord> Diff(Relationship? then, Relationship? now) =>
        SnapshotDiffer.Diff(Snap(Before, then is null ? [] : [then]), Snap(After, now is null ? [] : [now]), PartnerTenantId);

    private static Relationship Draft(int n) => new()
    {
        Id = RelationshipId(n),
        DisplayName = "Draft",
        Customer = Contoso,
        Roles = [WellKnownRoles.HelpdeskAdministrator],
        Window = new AccessWindow(Duration.FromDays(90), Duration.Zero),
        Status = RelationshipStatus.Created,
        CreatedAt = Before - Duration.FromHours(1),
        LastModifiedAt = Before - Duration.FromHours(1),
    };

    [Fact]
    public void Diff_NewRelationship_RecordsCreated()
    {
        var records = Diff(null, Draft(1));

        var record = records.Should().ContainSingle().Subject;
        record.Kind.Should().Be(AuditRecordKind.RelationshipCreated);
        record.Source.Should().Be(AuditSource.Snapshot);
        record.PartnerTenantId.Should().Be(PartnerTenantId);
        record.Details.Should().ContainKey(SnapshotDiffer.PreviousAtKey).And.ContainKey(SnapshotDiffer.CurrentAtKey);
    }

    [Fact]
    public void Diff_Locked_RecordsLockedForApproval()
    {
        var draft = Draft(1);
        var locked = draft with { Status = RelationshipStatus.ApprovalPending, LastModifiedAt = Before + Duration.FromHours(2) };

        Diff(draft, locked).Should().ContainSingle().Which.Should().Match<AuditRecord>(r =>
            r.Kind == AuditRecordKind.LockedForApproval && r.OccurredAt == Before + Duration.FromHours(2) && r.Actor.Kind == AuditActorKind.Partner);
    }

    [Fact]
    public void Diff_ApprovedAndActivatedBetweenSnapshots_RecordsApprovalByTheCustomerAndActivation()
    {
        var pending = Draft(1) with { Status = RelationshipStatus.ApprovalPending };
        var activatedAt = Before + Duration.FromHours(5);
        var active = pending with
        {
            Status = RelationshipStatus.Active,
            Window = new AccessWindow(Duration.FromDays(90), Duration.Zero, activatedAt, activatedAt + Duration.FromDays(90)),
            LastModifiedAt = activatedAt,
        };

        var records = Diff(pending, active);

        records.Select(r => r.Kind).Should().Equal(AuditRecordKind.Approved, AuditRecordKind.Activated);
        records[0].Actor.Kind.Should().Be(AuditActorKind.Customer);
        records[0].Actor.Id.Should().Be(ContosoTenantId);
        records[1].OccurredAt.Should().Be(activatedAt);
        records[1].Actor.Should().Be(AuditActor.System);
    }

    [Fact]
    public void Diff_FirstSeenActive_RecordsTheWholeHistoryItImplies()
    {
        var records = SnapshotDiffer.Diff(null, Snap(After, Active(1, T0, 365)));

        records.Select(r => r.Kind).Should().Equal(
            AuditRecordKind.RelationshipCreated, AuditRecordKind.LockedForApproval, AuditRecordKind.Approved, AuditRecordKind.Activated);
    }

    [Fact]
    public void Diff_Expired_RecordsExpiredAtTheEndDate()
    {
        var active = Active(1, T0, 100);
        var expired = active with { Status = RelationshipStatus.Expired, LastModifiedAt = After };

        var record = Diff(active, expired).Should().ContainSingle().Subject;

        record.Kind.Should().Be(AuditRecordKind.Expired);
        record.OccurredAt.Should().Be(active.EndsAt!.Value);
        record.Actor.Should().Be(AuditActor.System);
    }

    [Fact]
    public void Diff_TerminatedOutsideTheSdk_RecordsRequestAndTermination()
    {
        var active = Active(1, T0, 365);
        var terminated = active with { Status = RelationshipStatus.Terminated, LastModifiedAt = Before + Duration.FromHours(3) };

        Diff(active, terminated).Select(r => r.Kind).Should().Equal(AuditRecordKind.TerminationRequested, AuditRecordKind.Terminated);
        Diff(active, terminated with { Status = RelationshipStatus.Terminating }).Select(r => r.Kind).Should().Equal(AuditRecordKind.TerminationRequested);
    }

    [Fact]
    public void Diff_ResellerRejected_RecordsRejected()
    {
        var pending = Draft(1) with { Status = RelationshipStatus.ApprovalPending, IndirectProviderTenantId = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a" };

        var record = Diff(pending, pending with { Status = RelationshipStatus.Terminated }).Should().ContainSingle().Subject;

        record.Kind.Should().Be(AuditRecordKind.Rejected);
        record.Actor.Kind.Should().Be(AuditActorKind.Reseller);
    }

    [Fact]
    public void Diff_EndMovedForwardWithAutoExtendOn_RecordsOneAutoExtensionPerPeriod()
    {
        var active = Active(1, T0, 90, autoExtend: true);
        var end = active.EndsAt!.Value;
        var twiceExtended = active with { Window = active.Window with { EndsAt = end + Duration.FromDays(360) } };

        var records = SnapshotDiffer.Diff(Snap(end - Duration.FromDays(1), active), Snap(end + Duration.FromDays(200), twiceExtended));

        records.Should().HaveCount(2).And.OnlyContain(r => r.Kind == AuditRecordKind.AutoExtended);
        records.Select(r => r.OccurredAt).Should().Equal(end, end + Duration.FromDays(180));
        records[1].Details["endsAt.after"].Should().Be(InstantText.Iso(end + Duration.FromDays(360)));
        records.Select(r => r.Id).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Diff_GlobalAdministratorRemoved_RecordsRolesChanged()
    {
        var withGa = Active(1, T0, 365, roles: [WellKnownRoles.GlobalAdministrator, WellKnownRoles.UserAdministrator]);
        var withoutGa = withGa with { Roles = [WellKnownRoles.UserAdministrator], LastModifiedAt = Before + Duration.FromMinutes(30) };

        var record = Diff(withGa, withoutGa).Should().ContainSingle().Subject;

        record.Kind.Should().Be(AuditRecordKind.RolesChanged);
        record.Details["roles.removed"].Should().Be("Global Administrator");
        record.Details["roles.added"].Should().BeEmpty();
        record.Summary.Should().Be("Roles changed: removed Global Administrator");
    }

    [Fact]
    public void Diff_AutoExtendSwitchedOn_RecordsAutoExtendChanged()
    {
        var off = Active(1, T0, 365);
        var on = off with { Window = off.Window with { AutoExtendDuration = GdapDurations.AutoExtendPeriod }, LastModifiedAt = Before + Duration.FromHours(1) };

        var record = Diff(off, on).Should().ContainSingle().Subject;

        record.Kind.Should().Be(AuditRecordKind.AutoExtendChanged);
        record.Details.Should().Contain("autoExtend.before", "PT0S").And.Contain("autoExtend.after", "P180D");
        record.Summary.Should().Be("Auto-extend switched on");
    }

    [Fact]
    public void Diff_DraftRenamed_RecordsRelationshipUpdated()
    {
        var draft = Draft(1);
        var renamed = draft with { DisplayName = "Draft v2", Window = new AccessWindow(Duration.FromDays(30), Duration.Zero) };

        var record = Diff(draft, renamed).Should().ContainSingle().Subject;

        record.Kind.Should().Be(AuditRecordKind.RelationshipUpdated);
        record.Details.Should().Contain("displayName.after", "Draft v2").And.Contain("duration.after", "P30D");
    }

    [Fact]
    public void Diff_Disappeared_DeletedWhileCreated_OrCleanedUpOtherwise()
    {
        Diff(Draft(1), null).Single().Kind.Should().Be(AuditRecordKind.RelationshipDeleted);
        Diff(Draft(1) with { Status = RelationshipStatus.ApprovalPending }, null).Single().Kind.Should().Be(AuditRecordKind.CleanedUp);
    }

    [Fact]
    public void Diff_NothingChanged_RecordsNothing()
    {
        var active = Active(1, T0, 365);

        Diff(active, active).Should().BeEmpty();
    }

    [Fact]
    public void Diff_Assignments_CreatedUpdatedActivatedAndDeleted()
    {
        var relationship = Active(1, T0, 365);
        var helpdesk = Assignment(relationship, HelpdeskGroupId, AccessAssignmentStatus.Pending, WellKnownRoles.HelpdeskAdministrator);
        var exchange = Assignment(relationship, ExchangeGroupId, AccessAssignmentStatus.Active, WellKnownRoles.ExchangeAdministrator);
        var newGroup = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";
        var added = Assignment(relationship, newGroup, AccessAssignmentStatus.Pending, WellKnownRoles.HelpdeskAdministrator);
        var previous = new RelationshipSnapshot
        {
            TakenAt = Before,
            Relationships = [relationship],
            Assignments = new Dictionary<string, IReadOnlyList<AccessAssignment>> { [relationship.Id] = [helpdesk, exchange] },
        };
        var current = new RelationshipSnapshot
        {
            TakenAt = After,
            Relationships = [relationship],
            Assignments = new Dictionary<string, IReadOnlyList<AccessAssignment>>
            {
                [relationship.Id] =
                [
                    helpdesk with { Status = AccessAssignmentStatus.Active, Roles = [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ExchangeAdministrator] },
                    exchange with { Status = AccessAssignmentStatus.Deleted },
                    added,
                ],
            },
        };

        var records = SnapshotDiffer.Diff(previous, current);

        records.Select(r => (r.Kind, r.AccessAssignmentId)).Should().BeEquivalentTo(new[]
        {
            (AuditRecordKind.AssignmentUpdated, helpdesk.Id),
            (AuditRecordKind.AssignmentDeleted, exchange.Id),
            (AuditRecordKind.AssignmentCreated, added.Id),
        });
        records.Single(r => r.Kind == AuditRecordKind.AssignmentUpdated).Details.Should().Contain("status.after", "active");
    }

    [Fact]
    public void Diff_SamePairTwice_GivesTheSameIds()
    {
        var active = Active(1, T0, 365);
        var terminated = active with { Status = RelationshipStatus.Terminated, LastModifiedAt = After };

        Diff(active, terminated).Select(r => r.Id).Should().Equal(Diff(active, terminated).Select(r => r.Id));
    }
}
