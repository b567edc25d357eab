using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Emulator.Faults;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>
/// 200 customers through GraphPartnerAccessClient over real HTTP to the emulator, with 10 % 429 (Retry-After), 5 % 503,
/// 2 % dropped connections (after the service acted) and eventual-consistency 404s. Seeded. The client's waits run on
/// an accelerated clock, so a one-second Retry-After costs 20 ms.
/// </summary>
public sealed class ChaosConvergenceTests
{
    private const int CustomerCount = 200;
    private const int MaxRuns = 3;

    private static EmulatorFaults Chaos(int seed) => new()
    {
        Status429Rate = 0.10,
        Status503Rate = 0.05,
        DropConnectionRate = 0.02,
        EventualConsistencyDelayMs = 100,
        RetryAfterSeconds = 1,
        Seed = seed,
    };

    [Fact]
    public async Task ApplyAsync_200CustomersUnderFaults_ConvergesWithoutDuplicatesOrOrphansAndSecondApplyWritesNothing()
    {
        await using var harness = await EmulatorHost.StartAsync(new GdapEmulatorOptions { Faults = Chaos(20260901) }, clientTime: new AcceleratedTimeProvider(50));
        var desired = Desired();
        var planner = new AccessPlanner(harness.Client);

        var (onboarded, onboardingRuns) = await ApplyUntilSettledAsync(planner, desired);
        onboarded.Customers.Should().OnlyContain(c => c.Outcome == CustomerOutcome.PendingApproval && c.ApprovalLinks.Count == 1);
        ShouldHaveOneRelationshipPerCustomer(harness, RelationshipStatus.ApprovalPending);

        (await harness.ApproveAllAsync()).Should().Be(CustomerCount);
        var (assigned, assignRuns) = await ApplyUntilSettledAsync(planner, desired);
        assigned.Customers.Should().OnlyContain(c => c.Outcome == CustomerOutcome.Succeeded);
        ShouldBeInDesiredState(harness);

        var second = await planner.ApplyAsync(desired);
        second.Writes.Should().Be(0);
        second.Failed.Should().Be(0, string.Join("; ", second.Customers.Where(c => c.Error is not null).Select(c => c.Error!.Message)));

        (onboardingRuns + assignRuns).Should().BeLessThanOrEqualTo(3, "the planner absorbs the faults within a run almost always");
        var faults = harness.Emulator.Requests.Select(r => r.Fault).Where(f => f is not null).ToHashSet();
        faults.Should().Contain(["status429", "status503", "dropConnection", "notYetVisible"], "every kind of fault was exercised");
    }

    [Fact]
    public async Task ApplyAsync_CancelledAtHalfUnderFaults_ResumedRunsConvergeWithoutDuplicates()
    {
        await using var harness = await EmulatorHost.StartAsync(new GdapEmulatorOptions { Faults = Chaos(4242) }, clientTime: new AcceleratedTimeProvider(50));
        var desired = Desired();
        var planner = new AccessPlanner(harness.Client);

        await CancelAtHalfAsync(planner, desired);
        harness.Emulator.Simulator.ListRelationships().Count.Should().BeInRange(CustomerCount / 3, CustomerCount, "about half was done before the cancel");
        var (onboarded, _) = await ApplyUntilSettledAsync(planner, desired);
        onboarded.Customers.Should().OnlyContain(c => c.Outcome == CustomerOutcome.PendingApproval);
        ShouldHaveOneRelationshipPerCustomer(harness, RelationshipStatus.ApprovalPending);

        await harness.ApproveAllAsync();
        await CancelAtHalfAsync(planner, desired);
        var (assigned, _) = await ApplyUntilSettledAsync(planner, desired);
        assigned.Customers.Should().OnlyContain(c => c.Outcome == CustomerOutcome.Succeeded);
        ShouldBeInDesiredState(harness);
        (await planner.ApplyAsync(desired)).Writes.Should().Be(0);
    }

    [Fact]
    public async Task ApplyAsync_OnePlannerUnderTheProductionProfile_AssignsWithoutReadingFirstAndConvergesWithoutDuplicates()
    {
        var faults = EmulatorFaults.Production with { Seed = 1107, EventualConsistencyDelayMs = 100 };
        await using var harness = await EmulatorHost.StartAsync(new GdapEmulatorOptions { Faults = faults }, clientTime: new AcceleratedTimeProvider(50));
        var desired = Desired();
        var planner = new AccessPlanner(harness.Client);
        await ApplyUntilSettledAsync(planner, desired);
        await harness.ApproveAllAsync();
        var before = harness.Emulator.Requests.Count == 0 ? 0 : harness.Emulator.Requests.Max(r => r.Sequence);

        var (assigned, _) = await ApplyUntilSettledAsync(planner, desired);

        assigned.Customers.Should().OnlyContain(c => c.Outcome == CustomerOutcome.Succeeded);
        ShouldBeInDesiredState(harness);
        var assignPhase = harness.Emulator.Requests.Where(r => r.Sequence > before).ToList();
        var assignmentReads = assignPhase.Where(r => r.Method == "GET" && r.Path.Contains("/accessAssignments", StringComparison.Ordinal)).ToList();
        assignmentReads.Count.Should().BeLessThan(CustomerCount / 2, "only lost answers and conflicts are settled by reading; no relationship is read before its assignments are created");
        assignPhase.Should().Contain(r => r.Fault == "unsupportedFilter" && r.Path.Contains("/accessAssignments", StringComparison.Ordinal),
            "a lost assignment create was looked for by group, Graph refused that filter, and the client filtered itself");
        (await planner.ApplyAsync(desired)).Writes.Should().Be(0);
    }

    private static IReadOnlyList<CustomerParticipant> Customers { get; } = Enumerable.Range(1, CustomerCount)
        .Select(i => new CustomerParticipant(new Guid(i, 0x2026, 0x4aaa, [0x9b, 0, 0, 0, 0, 0, (byte)(i >> 8), (byte)i]).ToString(), $"Chaos customer {i:D3}"))
        .ToList();

    private static DesiredState Desired() => DesiredState.ForAll(Customers, PlanningFixtures.ServiceDesk);

    private static async Task<(ApplyResult Result, int Runs)> ApplyUntilSettledAsync(AccessPlanner planner, DesiredState desired)
    {
        ApplyResult result = null!;
        for (var run = 1; run <= MaxRuns; run++)
        {
            result = await planner.ApplyAsync(desired);
            if (result.Failed == 0)
            {
                return (result, run);
            }
        }

        throw new Xunit.Sdk.XunitException($"Still failing after {MaxRuns} runs: {result}");
    }

    private static async Task CancelAtHalfAsync(AccessPlanner planner, DesiredState desired)
    {
        using var cts = new CancellationTokenSource();
        var progress = new CancelAt(CustomerCount / 2, cts);

        var run = () => planner.ApplyAsync(desired, progress, cts.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        progress.Completed.Should().BeInRange(CustomerCount / 2, CustomerCount - 1);
    }

    private static void ShouldHaveOneRelationshipPerCustomer(EmulatorHost harness, RelationshipStatus status)
    {
        var relationships = harness.Emulator.Simulator.ListRelationships();
        relationships.Should().HaveCount(CustomerCount, "one relationship per customer: no duplicates, no orphans");
        relationships.Select(r => r.Customer!.TenantId).Should().OnlyHaveUniqueItems();
        foreach (var customer in Customers)
        {
            var relationship = relationships.Single(r => r.Customer!.TenantId == customer.TenantId);
            relationship.DisplayName.Should().Be(RelationshipNames.Derive(customer, PlanningFixtures.ServiceDesk.Name));
            relationship.Status.Should().Be(status);
        }
    }

    private static void ShouldBeInDesiredState(EmulatorHost harness)
    {
        ShouldHaveOneRelationshipPerCustomer(harness, RelationshipStatus.Active);
        var total = 0;
        foreach (var relationship in harness.Emulator.Simulator.ListRelationships())
        {
            GdapRules.SameRoles(relationship.Roles, PlanningFixtures.ServiceDesk.Roles).Should().BeTrue();
            relationship.Window.AutoExtends.Should().BeTrue();
            var assignments = harness.Emulator.Simulator.ListAccessAssignments(relationship.Id);
            assignments.Should().HaveCount(2, "one assignment per group, none created twice and none left over");
            assignments.Should().OnlyContain(a => a.Status == AccessAssignmentStatus.Active);
            GdapRules.SameRoles(assignments.Single(a => a.SecurityGroupId == PlanningFixtures.AgentsGroup).Roles, PlanningFixtures.ServiceDesk.Groups[0].Roles).Should().BeTrue();
            GdapRules.SameRoles(assignments.Single(a => a.SecurityGroupId == PlanningFixtures.LeadsGroup).Roles, PlanningFixtures.ServiceDesk.Roles).Should().BeTrue();
            total += assignments.Count;
        }

        total.Should().Be(2 * CustomerCount);
    }

    private sealed class CancelAt(int threshold, CancellationTokenSource cts) : IProgress<ApplyProgress>
    {
        private int _completed;

        public int Completed => Volatile.Read(ref _completed);

        public void Report(ApplyProgress value)
        {
            if (Interlocked.Increment(ref _completed) >= threshold)
            {
                cts.Cancel();
            }
        }
    }
}
