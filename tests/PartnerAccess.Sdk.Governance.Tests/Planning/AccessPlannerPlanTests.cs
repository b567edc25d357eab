using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Planning;
using static PartnerAccess.Sdk.Governance.Tests.Planning.PlanningFixtures;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>The pure planner: desired state + snapshot + now, no client.</summary>
public class AccessPlannerPlanTests
{
    private static AccessPlan Plan(DesiredState desired, PartnerStateSnapshot snapshot, AccessPlannerOptions? options = null) =>
        AccessPlanner.CreatePlan(desired, snapshot, Now, options);

    private static IReadOnlyList<PlanStep> StepsFor(AccessPlan plan, CustomerParticipant customer) =>
        plan.Customers.Single(c => c.Customer == customer).Steps;

    [Fact]
    public void CreatePlan_NoRelationships_CreateAndLockPerCustomer()
    {
        var plan = Plan(Desired((Contoso, ["Service desk"]), (Fabrikam, ["Service desk"])), Snapshot([]));

        plan.Writes.Should().Be(4);
        var step = StepsFor(plan, Contoso).Should().ContainSingle().Which;
        step.Kind.Should().Be(PlanStepKind.CreateRelationship);
        step.RelationshipName.Should().Be(RelationshipNames.Derive(Contoso, "Service desk"));
        step.Create!.Customer.Should().Be(Contoso);
        step.Create.Roles.Should().Equal(ServiceDesk.Roles);
        step.Create.AutoExtendDuration.Should().Be(Duration.FromDays(180));
        step.Create.DisplayName.Should().Be(step.RelationshipName);
    }

    [Fact]
    public void CreatePlan_CreatedRelationship_LocksWithoutCreatingAgain()
    {
        var created = Relationship(Contoso, ServiceDesk, RelationshipStatus.Created);

        var steps = StepsFor(Plan(Desired((Contoso, ["Service desk"])), Snapshot([created])), Contoso);

        steps.Should().ContainSingle().Which.Should().Match<PlanStep>(s => s.Kind == PlanStepKind.LockForApproval && s.Relationship == created);
    }

    [Fact]
    public void CreatePlan_CreatedRelationshipDiffersFromTemplate_UpdatesThenLocks()
    {
        var created = Relationship(Contoso, ServiceDesk, RelationshipStatus.Created, roles: [WellKnownRoles.HelpdeskAdministrator], autoExtend: false, duration: Duration.FromDays(90));

        var steps = StepsFor(Plan(Desired((Contoso, ["Service desk"])), Snapshot([created])), Contoso);

        steps.Select(s => s.Kind).Should().Equal(PlanStepKind.UpdateRelationship, PlanStepKind.LockForApproval);
        var update = steps[0].Update!;
        update.Roles.Should().Equal(ServiceDesk.Roles);
        update.Duration.Should().Be(Duration.FromDays(730));
        update.AutoExtendDuration.Should().Be(Duration.FromDays(180));
    }

    [Fact]
    public void CreatePlan_AwaitingApproval_ReportsLinkWithoutWrites()
    {
        var pending = Relationship(Contoso, ServiceDesk, RelationshipStatus.ApprovalPending);

        var plan = Plan(Desired((Contoso, ["Service desk"])), Snapshot([pending]));

        plan.Writes.Should().Be(0);
        var step = StepsFor(plan, Contoso).Should().ContainSingle().Which;
        step.Kind.Should().Be(PlanStepKind.AwaitApproval);
        step.ApprovalLink.Should().Be(pending.ApprovalLink);
        step.ToString().Should().Contain(pending.ApprovalLink.ToString());
        plan.Customers[0].AwaitsApproval.Should().BeTrue();
    }

    [Theory]
    [InlineData(RelationshipStatus.Approved)]
    [InlineData(RelationshipStatus.Activating)]
    public void CreatePlan_Activating_WaitsForService(RelationshipStatus status)
    {
        var steps = StepsFor(Plan(Desired((Contoso, ["Service desk"])), Snapshot([Relationship(Contoso, ServiceDesk, status)])), Contoso);

        steps.Should().ContainSingle().Which.Kind.Should().Be(PlanStepKind.AwaitService);
    }

    [Fact]
    public void CreatePlan_ActiveWithoutAssignments_CreatesOnePerGroupWithItsRoles()
    {
        var active = Relationship(Contoso, ServiceDesk, RelationshipStatus.Active);

        var steps = StepsFor(Plan(Desired((Contoso, ["Service desk"])), Snapshot([active])), Contoso);

        steps.Should().HaveCount(2).And.OnlyContain(s => s.Kind == PlanStepKind.CreateAssignment && s.Relationship == active);
        steps[0].SecurityGroupId.Should().Be(AgentsGroup);
        steps[0].Roles.Should().Equal(WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator);
        steps[1].SecurityGroupId.Should().Be(LeadsGroup);
        steps[1].Roles.Should().Equal(ServiceDesk.Roles);
    }

    [Fact]
    public void CreatePlan_DesiredStateReached_NoSteps()
    {
        var active = Relationship(Contoso, ServiceDesk, RelationshipStatus.Active);

        var plan = Plan(Desired((Contoso, ["Service desk"])), Snapshot([active], ServiceDeskAssignments(active)));

        plan.Writes.Should().Be(0);
        plan.Customers.Should().ContainSingle().Which.Steps.Should().BeEmpty();
        plan.ToString().Should().Contain("1 customer(s) up to date");
    }

    [Fact]
    public void CreatePlan_AssignmentRolesDiffer_UpdatesOrWaitsForRunningChange()
    {
        var active = Relationship(Contoso, ServiceDesk, RelationshipStatus.Active);
        var assignments = ServiceDeskAssignments(active);
        assignments[0] = assignments[0] with { Roles = [WellKnownRoles.HelpdeskAdministrator] };
        var snapshot = Snapshot([active], assignments);

        var update = StepsFor(Plan(Desired((Contoso, ["Service desk"])), snapshot), Contoso).Should().ContainSingle().Which;
        update.Kind.Should().Be(PlanStepKind.UpdateAssignment);
        update.Assignment.Should().Be(assignments[0]);
        update.Roles.Should().Equal(WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator);

        var running = snapshot with { Operations = Operations(active, RelationshipOperationType.DelegatedAdminAccessAssignmentUpdate) };
        StepsFor(Plan(Desired((Contoso, ["Service desk"])), running), Contoso).Should().ContainSingle().Which.Kind.Should().Be(PlanStepKind.AwaitService);
    }

    [Fact]
    public void CreatePlan_PendingErrorAndUnlistedAssignments_WaitDeleteAndPrune()
    {
        var active = Relationship(Contoso, ServiceDesk, RelationshipStatus.Active);
        var pending = Assignment(active, AgentsGroup, AccessAssignmentStatus.Pending, WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator);
        var failed = Assignment(active, LeadsGroup, AccessAssignmentStatus.Error, [.. ServiceDesk.Roles]);
        var stray = Assignment(active, StrayGroup, AccessAssignmentStatus.Active, WellKnownRoles.LicenseAdministrator);
        var gone = Assignment(active, StrayGroup, AccessAssignmentStatus.Deleted, WellKnownRoles.LicenseAdministrator);
        var snapshot = Snapshot([active], pending, failed, stray, gone);

        var steps = StepsFor(Plan(Desired((Contoso, ["Service desk"])), snapshot), Contoso);

        steps.Select(s => (s.Kind, s.Assignment)).Should().Equal(
            (PlanStepKind.AwaitService, pending),
            (PlanStepKind.DeleteAssignment, failed),
            (PlanStepKind.DeleteAssignment, stray));

        var keep = StepsFor(Plan(Desired((Contoso, ["Service desk"])), snapshot, new AccessPlannerOptions { RemoveUnlistedAssignments = false }), Contoso);
        keep.Single(s => s.Assignment == stray).Kind.Should().Be(PlanStepKind.Note);
    }

    [Fact]
    public void CreatePlan_GlobalAdministratorNotInTemplate_RemovesItOrWaits()
    {
        var withGa = Relationship(Contoso, ServiceDesk, RelationshipStatus.Active, roles: [.. ServiceDesk.Roles, WellKnownRoles.GlobalAdministrator], autoExtend: false);
        var snapshot = Snapshot([withGa], ServiceDeskAssignments(withGa));

        var steps = StepsFor(Plan(Desired((Contoso, ["Service desk"])), snapshot), Contoso);

        steps.Select(s => s.Kind).Should().Equal(PlanStepKind.RemoveGlobalAdministrator, PlanStepKind.Note);
        steps[1].Reason.Should().Contain("auto-extend is switched on once Global Administrator is gone");

        var running = snapshot with { Operations = Operations(withGa, RelationshipOperationType.DelegatedAdminRelationshipUpdate) };
        StepsFor(Plan(Desired((Contoso, ["Service desk"])), running), Contoso)[0].Kind.Should().Be(PlanStepKind.AwaitService);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CreatePlan_AutoExtendDiffers_SwitchesIt(bool templateAutoExtends)
    {
        var template = templateAutoExtends ? ServiceDesk : Escalation;
        var active = Relationship(Contoso, template, RelationshipStatus.Active, autoExtend: !templateAutoExtends);
        var assignments = templateAutoExtends
            ? ServiceDeskAssignments(active)
            : [Assignment(active, LeadsGroup, AccessAssignmentStatus.Active, [.. Escalation.Roles])];

        var steps = StepsFor(Plan(Desired((Contoso, [template.Name])), Snapshot([active], assignments)), Contoso);

        var step = steps.Should().ContainSingle().Which;
        step.Kind.Should().Be(PlanStepKind.SetAutoExtend);
        step.Update!.AutoExtendDuration.Should().Be(templateAutoExtends ? Duration.FromDays(180) : Duration.Zero);
        step.ToString().Should().Contain(templateAutoExtends ? "turn auto-extend on" : "turn auto-extend off");
    }

    [Fact]
    public void CreatePlan_ExpiresWithinWindow_RenewsWithNextGenerationName()
    {
        var expiring = Relationship(Contoso, Escalation, RelationshipStatus.Active, endsAt: Now + Duration.FromDays(20));
        var assignments = new[] { Assignment(expiring, LeadsGroup, AccessAssignmentStatus.Active, [.. Escalation.Roles]) };

        var steps = StepsFor(Plan(Desired((Contoso, ["Escalation"])), Snapshot([expiring], assignments)), Contoso);

        var renew = steps.Should().ContainSingle().Which;
        renew.Kind.Should().Be(PlanStepKind.RenewRelationship);
        renew.Writes.Should().Be(2);
        renew.RelationshipName.Should().Be(RelationshipNames.Derive(Contoso, "Escalation", 2));
        renew.Create!.Roles.Should().Equal(Escalation.Roles);

        var later = StepsFor(Plan(Desired((Contoso, ["Escalation"])), Snapshot([expiring], assignments), new AccessPlannerOptions { RenewWithin = Duration.FromDays(10) }), Contoso);
        later.Should().BeEmpty();
    }

    [Fact]
    public void CreatePlan_RenewalAlreadyRequested_DoesNotRenewTwice()
    {
        var expiring = Relationship(Contoso, Escalation, RelationshipStatus.Active, endsAt: Now + Duration.FromDays(20));
        var renewal = Relationship(Contoso, Escalation, RelationshipStatus.ApprovalPending, generation: 2);
        var assignments = new[] { Assignment(expiring, LeadsGroup, AccessAssignmentStatus.Active, [.. Escalation.Roles]) };

        var steps = StepsFor(Plan(Desired((Contoso, ["Escalation"])), Snapshot([expiring, renewal], assignments)), Contoso);

        steps.Should().ContainSingle().Which.Should().Match<PlanStep>(s => s.Kind == PlanStepKind.AwaitApproval && s.Relationship == renewal);
    }

    [Fact]
    public void CreatePlan_OnlyEndedRelationships_CreatesNextGeneration()
    {
        var expired = Relationship(Contoso, Escalation, RelationshipStatus.Expired, endsAt: Now - Duration.FromDays(3));

        var step = StepsFor(Plan(Desired((Contoso, ["Escalation"])), Snapshot([expired])), Contoso).Should().ContainSingle().Which;

        step.Kind.Should().Be(PlanStepKind.CreateRelationship);
        step.RelationshipName.Should().Be(RelationshipNames.Derive(Contoso, "Escalation", 2));
        step.Reason.Should().Contain("ended");
    }

    [Fact]
    public void CreatePlan_TemplateNoLongerWanted_TerminatesOnlyWhenAsked()
    {
        var active = Relationship(Contoso, Escalation, RelationshipStatus.Active);
        var created = Relationship(Fabrikam, Escalation, RelationshipStatus.Created);
        var desired = Desired((Contoso, []), (Fabrikam, []));

        var noted = Plan(desired, Snapshot([active, created]));
        noted.Writes.Should().Be(0);
        noted.Steps.Should().HaveCount(2).And.OnlyContain(s => s.Kind == PlanStepKind.Note);

        var terminating = Plan(desired, Snapshot([active, created]), new AccessPlannerOptions { TerminateUnwanted = true });
        StepsFor(terminating, Contoso).Should().ContainSingle().Which.Kind.Should().Be(PlanStepKind.TerminateRelationship);
        StepsFor(terminating, Fabrikam).Should().ContainSingle().Which.Kind.Should().Be(PlanStepKind.DeleteRelationship);
    }

    [Fact]
    public void CreatePlan_CustomerRenamed_StillRecognisedByTag()
    {
        var active = Relationship(Contoso with { DisplayName = "Contoso (old name)" }, ServiceDesk, RelationshipStatus.Active);

        var plan = Plan(Desired((Contoso, ["Service desk"])), Snapshot([active], ServiceDeskAssignments(active)));

        plan.Writes.Should().Be(0);
    }

    [Fact]
    public void CreatePlan_SameNameOtherTenantOrForeignRelationships_Ignored()
    {
        var foreign = Relationship(Fabrikam, ServiceDesk, RelationshipStatus.Active) with { DisplayName = RelationshipNames.Derive(Contoso, "Service desk") };
        var handMade = Relationship(Contoso, ServiceDesk, RelationshipStatus.Active) with { DisplayName = "Contoso GDAP" };

        var steps = StepsFor(Plan(Desired((Contoso, ["Service desk"])), Snapshot([foreign, handMade])), Contoso);

        steps.Should().ContainSingle().Which.Kind.Should().Be(PlanStepKind.CreateRelationship);
    }

    [Fact]
    public void CreatePlan_ActiveRelationshipLacksRoles_RequestsAReplacement()
    {
        var active = Relationship(Contoso, ServiceDesk, RelationshipStatus.Active, roles: [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator]);
        var assignments = ServiceDeskAssignments(active);
        assignments[1] = assignments[1] with { Roles = [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator] };

        var steps = StepsFor(Plan(Desired((Contoso, ["Service desk"])), Snapshot([active], assignments)), Contoso);

        steps.Should().ContainSingle().Which.Should().Match<PlanStep>(s => s.Kind == PlanStepKind.ReplaceRelationship && s.Reason!.Contains("License Administrator"));
    }

    [Fact]
    public void ToString_ReadablePerCustomer()
    {
        var pending = Relationship(Fabrikam, ServiceDesk, RelationshipStatus.ApprovalPending);

        var text = Plan(Desired((Contoso, ["Service desk"]), (Fabrikam, ["Service desk"])), Snapshot([pending])).ToString();

        text.Should().StartWith("Plan of 2026-09-01T12:00:00Z: 2 customer(s), 2 write(s)");
        text.Should().Contain($"Contoso Ltd ({Contoso.TenantId})");
        text.Should().Contain($"+ create relationship \"{RelationshipNames.Derive(Contoso, "Service desk")}\" (3 role(s), P730D, auto-extend on), lock it for approval");
        text.Should().Contain("… \"" + pending.DisplayName + "\" awaits the customer's approval: https://admin.microsoft.com/");
    }

    private static Dictionary<string, IReadOnlyList<RelationshipOperation>> Operations(Relationship relationship, RelationshipOperationType type) => new()
    {
        [relationship.Id] =
        [
            new RelationshipOperation { Id = Guid.NewGuid().ToString(), RelationshipId = relationship.Id, OperationType = type, Status = OperationStatus.Running },
        ],
    };
}
