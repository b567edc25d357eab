using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Emulator.Faults;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>
/// Found by the chaos test: after an ambiguous failure the Graph client posts a create again, and a Kiota model
/// serializes only changed values the second time, so the resent body was <c>{}</c>. Each attempt needs a fresh body.
/// </summary>
public sealed class GraphResendTests
{
    [Fact]
    public async Task Creates_AfterDroppedConnectionsAnd503s_ResendTheFullBody()
    {
        // The drops happen before the emulator acts, so every one leads to a second POST of the same create.
        await using var harness = await EmulatorHost.StartAsync(
            new GdapEmulatorOptions { Faults = new EmulatorFaults { Status503Rate = 0.3, DropConnectionRate = 0.3, DropBeforeProcessing = true, Seed = 11 } },
            clientTime: new AcceleratedTimeProvider(50));
        var customer = new CustomerParticipant("5b0e3c1d-2a4f-4e6b-8c7d-9e0f1a2b3c4d", "Resend Ltd");
        var planner = new AccessPlanner(harness.Client);

        var result = await planner.ApplyAsync(DesiredState.ForAll([customer], PlanningFixtures.ServiceDesk, PlanningFixtures.Escalation));

        result.Customers.Should().ContainSingle().Which.Outcome.Should().Be(CustomerOutcome.PendingApproval, result.ToString());
        harness.Emulator.Requests.Where(r => r.Method == "POST" && r.Fault is "dropConnection" or "status503").Should().NotBeEmpty();
        harness.Emulator.Requests.Should().NotContain(r => r.Status == 400, "no resent request arrived without its body");
        harness.Emulator.Simulator.ListRelationships().Should().HaveCount(2).And.OnlyContain(r => r.Status == RelationshipStatus.ApprovalPending);
    }
}
