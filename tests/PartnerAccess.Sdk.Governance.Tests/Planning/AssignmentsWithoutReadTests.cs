using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>
/// A planner that has seen a relationship since before approval creates its assignments without reading them first,
/// and settles a 409 from an assignment made elsewhere by one read of that group's assignment.
/// </summary>
public class AssignmentsWithoutReadTests
{
    [Fact]
    public async Task ApplyAsync_RelationshipsThisPlannerCreated_CreatesAssignmentsWithoutReadingThem()
    {
        var fixture = new ApplyFixture();
        var desired = fixture.Desired();
        await fixture.Planner.ApplyAsync(desired);
        fixture.ApproveAll().Should().Be(12);
        fixture.Client.Calls.Clear();

        var result = await fixture.Planner.ApplyAsync(desired);

        result.Succeeded.Should().Be(12);
        result.Writes.Should().Be(24);
        fixture.Client.Calls.Where(c => c.Kind == CallKind.Read && c.RelationshipId is not null).Should().BeEmpty("no assignment can exist before approval");
        fixture.Client.Calls.Count(c => c.Kind == CallKind.CreateAssignment).Should().Be(24);
        result.Customers.SelectMany(c => c.Steps).Should().OnlyContain(s => s.Reason == PlanCalculator.NotReadReason);
        fixture.ShouldHaveNoDuplicates(PlanningFixtures.ServiceDesk);
    }

    [Fact]
    public async Task PlanAsync_AfterThePlannerWroteTheAssignments_ReadsThemAgainAndFindsNothingToDo()
    {
        var fixture = new ApplyFixture();
        var desired = fixture.Desired();
        await fixture.Planner.ApplyAsync(desired);
        fixture.ApproveAll();
        await fixture.Planner.ApplyAsync(desired);
        fixture.Client.Calls.Clear();

        var plan = await fixture.Planner.PlanAsync(desired);

        plan.Writes.Should().Be(0);
        fixture.Client.Calls.Count(c => c.Kind == CallKind.Read && c.RelationshipId is not null).Should().Be(12, "each relationship's assignments are read once");
    }

    [Fact]
    public async Task PlanAsync_NewPlannerOverApprovedRelationships_ReadsTheAssignments()
    {
        var fixture = new ApplyFixture();
        var desired = fixture.Desired();
        await fixture.Planner.ApplyAsync(desired);
        fixture.ApproveAll();
        fixture.Client.Calls.Clear();

        var plan = await new AccessPlanner(fixture.Client).PlanAsync(desired);

        plan.Writes.Should().Be(24);
        plan.Steps.Should().OnlyContain(s => s.Kind == PlanStepKind.CreateAssignment && s.Reason == null);
        fixture.Client.Calls.Count(c => c.Kind == CallKind.Read && c.RelationshipId is not null).Should().Be(12, "a planner that did not see them pending cannot know they have none");
    }

    [Fact]
    public async Task PlanAsync_RelationshipReadWhileAwaitingApproval_TrustsItHasNoAssignmentsOnceActive()
    {
        var fixture = new ApplyFixture(customers: 3);
        var desired = fixture.Desired();
        await new AccessPlanner(fixture.Client).ApplyAsync(desired);
        var planner = new AccessPlanner(fixture.Client);
        (await planner.PlanAsync(desired)).Writes.Should().Be(0, "it only sees them awaiting approval");
        fixture.ApproveAll();
        fixture.Client.Calls.Clear();

        var plan = await planner.PlanAsync(desired);

        plan.Writes.Should().Be(6);
        fixture.Client.Calls.Where(c => c.Kind == CallKind.Read && c.RelationshipId is not null).Should().BeEmpty();
    }

    [Fact]
    public async Task PlanAsync_Twice_OnlyTheFirstPlanSkipsTheRead()
    {
        var fixture = new ApplyFixture(customers: 3);
        var desired = fixture.Desired();
        await fixture.Planner.ApplyAsync(desired);
        fixture.ApproveAll();
        (await fixture.Planner.PlanAsync(desired)).Writes.Should().Be(6);
        fixture.Client.Calls.Clear();

        var second = await fixture.Planner.PlanAsync(desired);

        second.Writes.Should().Be(6);
        second.Steps.Should().OnlyContain(s => s.Reason == null);
        fixture.Client.Calls.Count(c => c.Kind == CallKind.Read && c.RelationshipId is not null).Should().Be(3, "the trust is spent by the plan that used it");
    }

    [Fact]
    public async Task ApplyAsync_AssignmentMadeElsewhereAfterApproval_AdoptsItAndGivesItTheTemplateRoles()
    {
        var fixture = new ApplyFixture(customers: 2);
        var desired = fixture.Desired();
        await fixture.Planner.ApplyAsync(desired);
        fixture.ApproveAll();
        var first = fixture.Relationships.OrderBy(r => r.DisplayName).First();
        var elsewhere = await fixture.Service.CreateAccessAssignmentAsync(first.Id, new CreateAccessAssignmentRequest
        {
            SecurityGroupId = PlanningFixtures.AgentsGroup,
            Roles = [WellKnownRoles.HelpdeskAdministrator],
        });
        fixture.Client.Calls.Clear();

        var result = await fixture.Planner.ApplyAsync(desired);

        result.Succeeded.Should().Be(2);
        result.Writes.Should().Be(4, "three creates and one role change; the conflicting create is refused");
        fixture.Client.Calls.Count(c => c.Kind == CallKind.UpdateAssignment && c.RelationshipId == first.Id).Should().Be(1);
        fixture.Client.Calls.Count(c => c.Kind == CallKind.Read && c.RelationshipId == first.Id).Should().Be(1, "one read of that group's assignment settles the 409");
        var agents = fixture.Service.Simulator.ListAccessAssignments(first.Id).Where(a => a.SecurityGroupId == PlanningFixtures.AgentsGroup).ToList();
        agents.Should().ContainSingle().Which.Id.Should().Be(elsewhere.Id);
        result.Customers.SelectMany(c => c.Steps).Where(s => s.SecurityGroupId == PlanningFixtures.AgentsGroup && s.Relationship!.Id == first.Id)
            .Should().ContainSingle().Which.Assignment!.Id.Should().Be(elsewhere.Id);
        fixture.ShouldHaveNoDuplicates(PlanningFixtures.ServiceDesk);
    }

    [Fact]
    public async Task ApplyAsync_AssignmentMadeElsewhereWithTheTemplateRoles_AdoptsItWithoutAWrite()
    {
        var fixture = new ApplyFixture(customers: 1);
        var desired = fixture.Desired();
        await fixture.Planner.ApplyAsync(desired);
        fixture.ApproveAll();
        var relationship = fixture.Relationships.Single();
        await fixture.Service.CreateAccessAssignmentAsync(relationship.Id, new CreateAccessAssignmentRequest
        {
            SecurityGroupId = PlanningFixtures.LeadsGroup,
            Roles = PlanningFixtures.ServiceDesk.Roles,
        });
        fixture.Client.Calls.Clear();

        var result = await fixture.Planner.ApplyAsync(desired);

        result.Writes.Should().Be(1);
        fixture.Client.Calls.Should().NotContain(c => c.Kind == CallKind.UpdateAssignment);
        (await fixture.Planner.PlanAsync(desired)).Writes.Should().Be(0);
        fixture.ShouldHaveNoDuplicates(PlanningFixtures.ServiceDesk);
    }

    [Fact]
    public async Task ApplyAsync_RoundAfterAFailure_ReadsTheCustomerInFull()
    {
        var fixture = new ApplyFixture(customers: 1);
        var desired = fixture.Desired();
        await fixture.Planner.ApplyAsync(desired);
        fixture.ApproveAll();
        var failOnce = true;
        fixture.Client.Before = call =>
        {
            if (call.Kind == CallKind.CreateAssignment && failOnce)
            {
                failOnce = false;
                throw new PartnerAccessException(PartnerAccessErrorCode.ServiceError, "The service is unavailable.");
            }
        };
        fixture.Client.Calls.Clear();

        var result = await fixture.Planner.ApplyAsync(desired);

        result.Succeeded.Should().Be(1);
        result.Customers.Single().Attempts.Should().Be(2);
        var relationship = fixture.Relationships.Single();
        fixture.Client.Calls.Count(c => c.Kind == CallKind.Read && c.RelationshipId == relationship.Id).Should().Be(1, "the second round reads the assignments");
        fixture.Service.Simulator.ListAccessAssignments(relationship.Id).Should().HaveCount(2);
    }
}
