using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>One customer's details cannot be read while planning (the client's retry budget ran out on that read).</summary>
public class PlanReadFailureTests
{
    [Fact]
    public async Task ApplyAsync_OneCustomersAssignmentsReadFails_OthersApplyAndThatCustomerIsReadAgainWithoutDuplicates()
    {
        var fixture = new ApplyFixture();
        var desired = fixture.Desired();
        await fixture.SeedApprovedAsync(desired);
        var unlucky = fixture.Relationships[3].Id;
        var failures = 0;
        fixture.Client.Before = call =>
        {
            // Only the first read of the relationship's details: the listing by customer and every later read pass.
            if (call.Kind == CallKind.Read && call.RelationshipId == unlucky && Interlocked.Increment(ref failures) == 1)
            {
                throw new PartnerAccessException(PartnerAccessErrorCode.Throttled, "Graph throttled the request and the retry budget ran out.");
            }
        };

        // A throttle slows the pacer down on the fake clock.
        var result = await fixture.Time.AdvanceUntilCompleteAsync(fixture.Planner.ApplyAsync(desired));

        result.Failed.Should().Be(0);
        result.Customers.Should().OnlyContain(c => c.Outcome == CustomerOutcome.Succeeded);
        result.Writes.Should().Be(24, "two assignments per customer, the unlucky one's included, none twice");
        fixture.ShouldHaveNoDuplicates(PlanningFixtures.ServiceDesk);
        fixture.Client.Calls.Count(c => c.Kind == CallKind.Read && c.RelationshipId == unlucky).Should().BeGreaterThanOrEqualTo(2, "the customer was read again before its writes");
    }

    [Fact]
    public async Task PlanAsync_OneCustomersAssignmentsReadFails_PlansEveryoneAndSaysWhichCustomerWasNotFullyRead()
    {
        var fixture = new ApplyFixture();
        var desired = fixture.Desired();
        await fixture.SeedApprovedAsync(desired);
        var unlucky = fixture.Relationships[0];
        fixture.Client.Before = call =>
        {
            if (call.Kind == CallKind.Read && call.RelationshipId == unlucky.Id)
            {
                throw new PartnerAccessException(PartnerAccessErrorCode.ServiceError, "Graph is unavailable.");
            }
        };

        var plan = await fixture.Time.AdvanceUntilCompleteAsync(fixture.Planner.PlanAsync(desired));

        plan.Customers.Should().HaveCount(12);
        var unluckyPlan = plan.Customers.Single(c => c.Customer.TenantId == unlucky.Customer!.TenantId);
        unluckyPlan.ToString().Should().Contain("not fully read (Graph is unavailable.)");
        unluckyPlan.ReadError!.ErrorCode.Should().Be(PartnerAccessErrorCode.ServiceError);
        plan.Customers.Where(c => c != unluckyPlan).Should().OnlyContain(c => c.ReadError == null);
    }

    [Fact]
    public async Task ApplyAsync_ReadKeepsFailing_OnlyThatCustomerFailsAndNothingIsWrittenForIt()
    {
        var fixture = new ApplyFixture();
        var desired = fixture.Desired();
        await fixture.SeedApprovedAsync(desired);
        var unlucky = fixture.Relationships[5];
        fixture.Client.Before = call =>
        {
            if (call.Kind == CallKind.Read && call.RelationshipId == unlucky.Id)
            {
                throw new PartnerAccessException(PartnerAccessErrorCode.Unauthorized, "No permission to read this relationship's assignments.");
            }
        };

        var result = await fixture.Time.AdvanceUntilCompleteAsync(fixture.Planner.ApplyAsync(desired));

        result.Failed.Should().Be(1);
        var failed = result.Customers.Single(c => c.Outcome == CustomerOutcome.Failed);
        failed.Customer.TenantId.Should().Be(unlucky.Customer!.TenantId);
        failed.Writes.Should().Be(0, "a customer is never planned from a partial read");
        failed.Error!.ErrorCode.Should().Be(PartnerAccessErrorCode.Unauthorized);
        fixture.Service.Simulator.ListAccessAssignments(unlucky.Id).Should().BeEmpty();
    }
}
