using Microsoft.Extensions.Time.Testing;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Emulator.Faults;
using PartnerAccess.Sdk.Testing;
using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>GraphPartnerAccessClient's <c>$batch</c> reads against the emulator, with the emulator's throttle on a fake wire clock.</summary>
public sealed class GraphBatchReadTests
{
    [Fact]
    public async Task PlanAsync_OverGraph_ReadsAssignmentsInBatchesAndResendsItemsThrottledInsideTheEnvelope()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 12, 0, 0, TimeSpan.Zero));
        await using var harness = await EmulatorHost.StartAsync(
            new GdapEmulatorOptions { Faults = new EmulatorFaults { ThrottleRequestsPerSecond = 12 }, WireTimeProvider = time }, clientTime: time);
        var service = new InMemoryPartnerAccessClient(harness.Emulator.Simulator);
        var customers = Enumerable.Range(1, 25)
            .Select(i => new Relationships.CustomerParticipant(new Guid(i, 7, 0x4aaa, [0x9b, 0, 0, 0, 0, 0, 0, (byte)i]).ToString(), $"Batch customer {i}"))
            .ToList();
        var desired = DesiredState.ForAll(customers, PlanningFixtures.ServiceDesk);
        var inMemory = new AccessPlanner(service);
        await inMemory.ApplyAsync(desired);
        foreach (var relationship in harness.Emulator.Simulator.ListRelationships())
        {
            harness.Emulator.Simulator.Approve(relationship.Id);
        }

        var expected = await new AccessPlanner(service).PlanAsync(desired);
        var actual = await time.AdvanceUntilCompleteAsync(new AccessPlanner(harness.Client).PlanAsync(desired), TimeSpan.FromMilliseconds(250));

        actual.Customers.Select(c => c.ToString()).Should().Equal(expected.Customers.Select(c => c.ToString()), "the batched reads over Graph see what the engine holds");
        actual.Writes.Should().Be(50);
        var log = harness.Emulator.Requests;
        log.Count(r => r.Method == "POST" && r.Path.EndsWith("/$batch", StringComparison.Ordinal)).Should().BeGreaterThanOrEqualTo(2, "25 relationships need two batches of at most 20");
        var itemReads = log.Where(r => r.Method == "GET" && r.Path.Contains("/accessAssignments", StringComparison.Ordinal)).ToList();
        itemReads.Should().Contain(r => r.Status == 429 && r.Fault == "throttled", "some items were throttled inside a 200 envelope");
        itemReads.Count(r => r.Status == 200).Should().Be(25, "each relationship's assignments were read successfully exactly once");
    }
}
