using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>The planner's batched read path: fewer round trips, and throttled items inside a batch read again.</summary>
public class BatchReadTests
{
    [Fact]
    public async Task PlanAsync_BatchReader_ReadsAssignmentsInBatchesAndThrottledItemsOneByOneThroughTheClient()
    {
        var fixture = new ApplyFixture(customers: 45);
        var desired = fixture.Desired();
        await fixture.Planner.ApplyAsync(desired);
        fixture.ApproveAll();
        await fixture.Planner.ApplyAsync(desired);
        var reader = new ThrottlingBatchReader(fixture.Service, throttleEvery: 7);
        var planner = new AccessPlanner(fixture.Client, new AccessPlannerOptions { AssignmentBatchReader = reader });
        var reads = fixture.Client.Calls.Count;

        var plan = await fixture.Time.AdvanceUntilCompleteAsync(planner.PlanAsync(desired));

        plan.Writes.Should().Be(0, "every assignment was read, including the throttled ones");
        reader.Batches.Should().OnlyContain(b => b <= 20);
        reader.ThrottledItems.Should().BeGreaterThan(0);
        reader.Batches.Count(b => b == 20).Should().Be(2, "45 relationships make batches of 20, 20 and 5");
        reader.Batches.Sum().Should().Be(45, "nothing is batched twice");
        (fixture.Client.Calls.Count - reads).Should().Be(1 + reader.ThrottledItems, "the client listed the relationships, then read each throttled item once");
        planner.CurrentRequestsPerSecond.Should().NotBeNull("a throttled item slows the pacer like any throttle");
    }

    [Fact]
    public async Task PlanAsync_BatchReaderDropsNothing_SamePlanAsOneCallPerRelationship()
    {
        var fixture = new ApplyFixture(customers: 25);
        var desired = fixture.Desired();
        await fixture.Planner.ApplyAsync(desired);
        fixture.ApproveAll();
        var batched = new AccessPlanner(fixture.Client, new AccessPlannerOptions { AssignmentBatchReader = new ThrottlingBatchReader(fixture.Service, throttleEvery: 0) });

        var expected = await new AccessPlanner(fixture.Client).PlanAsync(desired);
        var actual = await batched.PlanAsync(desired);

        actual.ToString().Should().Be(expected.ToString());
        actual.Writes.Should().Be(50);
    }

    /// <summary>Reads from the in-memory service; every n-th item of the first round comes back throttled, as a 429 inside a 200 batch would.</summary>
    private sealed class ThrottlingBatchReader(IPartnerAccessClient client, int throttleEvery) : IAssignmentBatchReadCapability
    {
        private readonly HashSet<string> _throttledOnce = [];
        private int _items;

        public int MaxBatchSize => 20;

        public List<int> Batches { get; } = [];

        public int ThrottledItems { get; private set; }

        public async Task<AccessAssignmentBatch> ListAccessAssignmentsAsync(IReadOnlyList<string> relationshipIds, CancellationToken cancellationToken = default)
        {
            lock (Batches)
            {
                Batches.Add(relationshipIds.Count);
            }

            var read = new Dictionary<string, IReadOnlyList<AccessAssignment>>();
            var throttled = new List<string>();
            foreach (var id in relationshipIds)
            {
                bool throttle;
                lock (_throttledOnce)
                {
                    throttle = throttleEvery > 0 && ++_items % throttleEvery == 0 && _throttledOnce.Add(id);
                    ThrottledItems += throttle ? 1 : 0;
                }

                if (throttle)
                {
                    throttled.Add(id);
                    continue;
                }

                var list = new List<AccessAssignment>();
                await foreach (var assignment in client.ListAccessAssignmentsAsync(id, null, cancellationToken))
                {
                    list.Add(assignment);
                }

                read[id] = list;
            }

            return new AccessAssignmentBatch(read, throttled, TimeSpan.FromSeconds(1));
        }
    }
}
