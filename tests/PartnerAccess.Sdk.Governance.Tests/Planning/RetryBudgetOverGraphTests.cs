using NodaTime.Extensions;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Emulator.Faults;
using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>
/// One retry budget: under 100 % 503 the planner over the Graph client sends exactly what docs/resilience.md states,
/// MaxAttempts per request and no loop of its own on top (about 144 attempts for one read before).
/// </summary>
public sealed class RetryBudgetOverGraphTests
{
    private static readonly GdapEmulatorOptions AlwaysUnavailable = new() { Faults = new EmulatorFaults { Status503Rate = 1.0, Seed = 1 } };

    [Fact]
    public async Task PlanAsync_Always503_ReadIsSentExactlyMaxAttemptsTimes()
    {
        await using var harness = await EmulatorHost.StartAsync(AlwaysUnavailable, clientTime: new AcceleratedTimeProvider(50));
        var planner = new AccessPlanner(harness.Client);

        var failure = await planner.Invoking(p => p.PlanAsync(DesiredState.ForAll([PlanningFixtures.Contoso], PlanningFixtures.ServiceDesk)))
            .Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.ServiceError);
        harness.Emulator.Requests.Should().HaveCount(4, "MaxAttempts = 4 and nothing else retries");
    }

    [Fact]
    public async Task ApplyAsync_Always503_SendsMaxAttemptsPerRequestTimesTheRoundsAndNoMore()
    {
        await using var harness = await EmulatorHost.StartAsync(AlwaysUnavailable, clientTime: new AcceleratedTimeProvider(50));
        var planner = new AccessPlanner(harness.Client);
        var desired = DesiredState.ForAll([PlanningFixtures.Contoso], PlanningFixtures.ServiceDesk);
        var plan = AccessPlanner.CreatePlan(desired, new PartnerStateSnapshot { Relationships = [] }, harness.Client.TimeProvider.GetCurrentInstant());

        var result = await planner.ApplyAsync(plan);

        result.Failed.Should().Be(1);
        // Round 1: the create, 4 sends. Rounds 2 to 4: the fresh read of the customer, 4 sends each.
        harness.Emulator.Requests.Should().HaveCount(4 * planner.Options.MaxAttemptsPerCustomer);
        harness.Emulator.Requests.Count(r => r.Method == "POST").Should().Be(4);
    }
}
