using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;
using static PartnerAccess.Sdk.Governance.Tests.Planning.PlanningFixtures;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>Role changes by replacement, state by state, on the pure planner.</summary>
public class ReplacementPlanTests
{
    // The template gained License Administrator after the relationship was approved.
    private static readonly RoleGrant[] OldRoles = [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator];

    private static Relationship Old(AccessTemplate? template = null, bool? autoExtend = null, Instant? endsAt = null) =>
        Relationship(Contoso, template ?? ServiceDesk, RelationshipStatus.Active, roles: OldRoles, autoExtend: autoExtend, endsAt: endsAt);

    private static AccessAssignment[] OldAssignments(Relationship old) =>
    [
        Assignment(old, AgentsGroup, AccessAssignmentStatus.Active, OldRoles),
        Assignment(old, LeadsGroup, AccessAssignmentStatus.Active, OldRoles),
    ];

    private static Relationship Replacement(RelationshipStatus status, Instant? lockedAt = null)
    {
        var locked = lockedAt ?? Now - Duration.FromDays(1);
        return Relationship(Contoso, ServiceDesk, status, generation: 2) with { CreatedAt = locked - Duration.FromHours(1), LastModifiedAt = locked };
    }

    private static IReadOnlyList<PlanStep> Steps(PartnerStateSnapshot snapshot, Instant? now = null, AccessPlannerOptions? options = null) =>
        AccessPlanner.CreatePlan(Desired((Contoso, ["Service desk"])), snapshot, now ?? Now, options).Customers.Single().Steps;

    [Fact]
    public void CreatePlan_ActiveRelationshipLacksRoles_RequestsReplacementWithTheTemplatesRoles()
    {
        var old = Old();

        var steps = Steps(Snapshot([old], OldAssignments(old)));

        var replace = steps.Should().ContainSingle(s => s.Kind == PlanStepKind.ReplaceRelationship).Which;
        replace.RelationshipName.Should().Be(RelationshipNames.Derive(Contoso, ServiceDesk.Name, 2));
        replace.Create!.DisplayName.Should().Be(replace.RelationshipName);
        replace.Create.Roles.Should().Equal(ServiceDesk.Roles);
        replace.Create.AutoExtendDuration.Should().Be(Duration.FromDays(180), "the replacement follows the template, auto-extend included");
        replace.Replaces.Should().Be(old);
        replace.Writes.Should().Be(2);
        replace.Reason.Should().Contain("License Administrator").And.Contain("keeps serving");
        replace.ToString().Should().StartWith("+ replace \"" + old.DisplayName + "\"");
        steps.Should().NotContain(s => s.Kind == PlanStepKind.TerminateRelationship || s.Kind == PlanStepKind.TerminateReplacedRelationship);
    }

    [Fact]
    public void CreatePlan_ExpiringRelationshipLacksRoles_ReplacesInsteadOfRenewing()
    {
        var old = Relationship(Contoso, Escalation, RelationshipStatus.Active, roles: [WellKnownRoles.GlobalReader], endsAt: Now + Duration.FromDays(10));

        var steps = AccessPlanner.CreatePlan(Desired((Contoso, ["Escalation"])), Snapshot([old]), Now).Customers.Single().Steps;

        steps.Where(s => s.Create is not null).Should().ContainSingle().Which.Kind.Should().Be(PlanStepKind.ReplaceRelationship);
    }

    [Fact]
    public void CreatePlan_ReplacementCreatedButNotLocked_LocksItAndRequestsNoSecond()
    {
        var old = Old();
        var created = Replacement(RelationshipStatus.Created);

        var steps = Steps(Snapshot([old, created], OldAssignments(old)));

        steps.Should().NotContain(s => s.Kind == PlanStepKind.ReplaceRelationship);
        steps.Should().ContainSingle(s => s.Kind == PlanStepKind.LockForApproval).Which.Relationship.Should().Be(created);
        steps.Single(s => s.Relationship == old).Should().Match<PlanStep>(s => s.Kind == PlanStepKind.Note && s.Reason!.Contains("kept until its replacement"));
    }

    [Fact]
    public void CreatePlan_ReplacementAwaitsApproval_ExplainsWhatItAddsAndUntilWhen()
    {
        var old = Old();
        var pending = Replacement(RelationshipStatus.ApprovalPending, lockedAt: Instant.FromUtc(2026, 8, 1, 9, 0));

        var steps = Steps(Snapshot([old, pending], OldAssignments(old)));

        steps.Sum(s => s.Writes).Should().Be(0);
        var awaiting = steps.Should().ContainSingle(s => s.Kind == PlanStepKind.AwaitApproval).Which;
        awaiting.Relationship.Should().Be(pending);
        awaiting.Replaces.Should().Be(old);
        awaiting.Reason.Should().Be($"replaces \"{old.DisplayName}\" to add License Administrator; the customer can approve until 2026-10-30");
        steps.Single(s => s.Relationship == old).Reason.Should().Contain("approved (by 2026-10-30)");
    }

    [Fact]
    public void CreatePlan_ReplacementNotApprovedWithin90Days_SaysSoAndKeepsTheOldRelationship()
    {
        var old = Old();
        var pending = Replacement(RelationshipStatus.ApprovalPending, lockedAt: Now - Duration.FromDays(91));

        var steps = Steps(Snapshot([old, pending], OldAssignments(old)));

        steps.Sum(s => s.Writes).Should().Be(0, "nothing is requested twice and nothing ends");
        steps.Should().NotContain(s => s.Kind == PlanStepKind.AwaitApproval);
        steps.Single(s => s.Relationship == pending).Should().Match<PlanStep>(s => s.Kind == PlanStepKind.Note && s.Reason!.Contains("did not approve it by"));
        steps.Single(s => s.Relationship == old).Reason.Should().Contain("did not approve its replacement").And.Contain("stays as it is");
    }

    [Theory]
    [InlineData(RelationshipStatus.Approved)]
    [InlineData(RelationshipStatus.Activating)]
    public void CreatePlan_ReplacementActivating_WaitsAndKeepsTheOld(RelationshipStatus status)
    {
        var old = Old();

        var steps = Steps(Snapshot([old, Replacement(status)], OldAssignments(old)));

        steps.Sum(s => s.Writes).Should().Be(0);
        steps.Single(s => s.Relationship == old).Kind.Should().Be(PlanStepKind.Note);
    }

    [Fact]
    public void CreatePlan_ReplacementActive_MovesEachSlotBeforeAnythingEnds()
    {
        var old = Old();
        var active = Replacement(RelationshipStatus.Active);

        var steps = Steps(Snapshot([old, active], OldAssignments(old)));

        steps.Where(s => s.Kind == PlanStepKind.CreateAssignment).Should().HaveCount(2).And.OnlyContain(s => s.Relationship == active);
        steps.Single(s => s.Kind == PlanStepKind.CreateAssignment && s.SecurityGroupId == LeadsGroup).Roles.Should().Equal(ServiceDesk.Roles);
        steps.Should().NotContain(s => s.Kind == PlanStepKind.TerminateReplacedRelationship);
        steps.Single(s => s.Relationship == old).Reason.Should().Contain("not active yet");
    }

    [Fact]
    public void CreatePlan_ReplacementAssignmentsPending_Waits()
    {
        var old = Old();
        var active = Replacement(RelationshipStatus.Active);
        var pending = ServiceDeskAssignments(active).Select(a => a with { Status = AccessAssignmentStatus.Pending }).ToArray();

        var steps = Steps(Snapshot([old, active], [.. OldAssignments(old), .. pending]));

        steps.Sum(s => s.Writes).Should().Be(0);
        steps.Count(s => s.Kind == PlanStepKind.AwaitService).Should().Be(2);
        steps.Should().NotContain(s => s.Kind == PlanStepKind.TerminateReplacedRelationship);
    }

    [Fact]
    public void CreatePlan_ReplacementAssignmentsActive_TerminatesTheOld()
    {
        var old = Old();
        var active = Replacement(RelationshipStatus.Active);

        var steps = Steps(Snapshot([old, active], [.. OldAssignments(old), .. ServiceDeskAssignments(active)]));

        var terminate = steps.Should().ContainSingle().Which;
        terminate.Kind.Should().Be(PlanStepKind.TerminateReplacedRelationship);
        terminate.Relationship.Should().Be(old);
        terminate.ReplacedBy.Should().Be(active);
        terminate.Writes.Should().Be(1);
        terminate.ToString().Should().Be($"- terminate relationship \"{old.DisplayName}\", replaced by \"{active.DisplayName}\" (replaced by \"{active.DisplayName}\", whose assignments are active)");
    }

    [Fact]
    public void CreatePlan_OldHoldsAnUnlistedGroupThatIsKept_DoesNotTerminate()
    {
        var old = Old();
        var active = Replacement(RelationshipStatus.Active);
        var stray = Assignment(old, StrayGroup, AccessAssignmentStatus.Active, WellKnownRoles.HelpdeskAdministrator);

        var steps = Steps(Snapshot([old, active], [.. OldAssignments(old), stray, .. ServiceDeskAssignments(active)]),
            options: new AccessPlannerOptions { RemoveUnlistedAssignments = false });

        steps.Should().NotContain(s => s.Kind == PlanStepKind.TerminateReplacedRelationship);
        steps.Should().Contain(s => s.Relationship == old && s.Reason!.Contains(StrayGroup) && s.Reason.Contains("would end with it"));
    }

    [Fact]
    public void CreatePlan_OldTerminatedAfterReplacement_IsUpToDate()
    {
        var old = Relationship(Contoso, ServiceDesk, RelationshipStatus.Terminated, roles: OldRoles);
        var active = Replacement(RelationshipStatus.Active);

        var steps = Steps(Snapshot([old, active], ServiceDeskAssignments(active)));

        steps.Should().BeEmpty();
    }

    [Fact]
    public void CreatePlan_RenewalWithSameRoles_NeverTerminatesTheOld()
    {
        var old = Relationship(Contoso, ServiceDesk, RelationshipStatus.Active);
        var renewal = Replacement(RelationshipStatus.Active);

        var steps = Steps(Snapshot([old, renewal], [.. ServiceDeskAssignments(old), .. ServiceDeskAssignments(renewal)]));

        steps.Should().BeEmpty("a relationship holding the template's roles is no replacement case");
    }
}
