using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Renewal;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>One naming scheme: a renewal made from a notice's proposal is one the planner recognises as its own.</summary>
public sealed class RenewalNamingTests
{
    [Fact]
    public async Task ApplyAsync_AfterRenewingFromTheNoticesProposal_CreatesNoRelationship()
    {
        var fixture = new ApplyFixture(customers: 2);
        var desired = fixture.Desired(PlanningFixtures.Escalation);
        await fixture.Planner.ApplyAsync(desired);
        fixture.ApproveAll();
        await fixture.Planner.ApplyAsync(desired);
        fixture.Time.Advance(TimeSpan.FromDays(340));

        // What the notification dispatcher proposes for an expiring relationship, carried out by hand.
        var all = await fixture.Service.ListRelationshipsAsync().ToListAsync();
        foreach (var expiring in all)
        {
            var assignments = await fixture.Service.ListAccessAssignmentsAsync(expiring.Id).ToListAsync();
            var proposal = RenewalPlanner.Plan(expiring, assignments, all);
            proposal.IsValid.Should().BeTrue(string.Join("; ", proposal.Violations));
            var renewal = await fixture.Service.CreateRelationshipAsync(proposal.Request);
            await fixture.Service.LockForApprovalAsync(renewal.Id);
        }

        fixture.ApproveAll();
        var before = fixture.Relationships.Count;

        var result = await fixture.Planner.ApplyAsync(desired);

        fixture.Relationships.Should().HaveCount(before, "the renewals from the notices are recognised, so none is created");
        result.Customers.SelectMany(c => c.Steps).Should().NotContain(s => s.Kind == PlanStepKind.CreateRelationship || s.Kind == PlanStepKind.RenewRelationship);
        foreach (var customer in fixture.Customers)
        {
            fixture.Relationships.Should().Contain(r => r.DisplayName == RelationshipNames.Derive(customer, "Escalation", 2) && r.Status == RelationshipStatus.Active);
        }
    }

    [Fact]
    public void Match_NameOfTheEarlierRenewalScheme_IsRecognisedAsGenerationTwo()
    {
        var name = RelationshipNames.Derive(PlanningFixtures.Contoso, "Escalation") + " R2";

        RelationshipNames.TryParse(name, out var tag, out var generation).Should().BeTrue();

        tag.Should().Be(RelationshipNames.Tag(PlanningFixtures.Contoso.TenantId, "Escalation"));
        generation.Should().Be(2);
    }
}
