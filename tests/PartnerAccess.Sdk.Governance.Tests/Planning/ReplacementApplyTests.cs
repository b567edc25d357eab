using CsCheck;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;
using static PartnerAccess.Sdk.Governance.Tests.Planning.PlanningFixtures;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>Role changes by replacement, applied to the in-memory service with time travel.</summary>
public class ReplacementApplyTests
{
    /// <summary>Cancels the run as soon as the service has carried out the first call of <paramref name="kind"/>.</summary>
    private static CancellationTokenSource CancelAfter(ApplyFixture fixture, CallKind kind)
    {
        var cts = new CancellationTokenSource();
        fixture.Client.After = call =>
        {
            if (call.Kind == kind)
            {
                cts.Cancel();
            }
        };
        return cts;
    }

    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    /// <summary>The service desk before it gained License Administrator; auto-extending, so it never gets a next relationship by renewal.</summary>
    private static readonly AccessTemplate Before = new AccessTemplate
    {
        Name = ServiceDesk.Name,
        Roles = [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator],
        Duration = ServiceDesk.Duration,
        AutoExtend = true,
    }.WithGroup(AgentsGroup, WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator).WithGroup(LeadsGroup);

    private static ApplyFixture NewFixture(int customers = 2, Duration? approvalCleanup = null) => new(customers, new GdapSimulatorOptions
    {
        ActivationDelay = Duration.FromMinutes(1),
        AssignmentActivationDelay = Duration.FromMinutes(1),
        TerminationDelay = Duration.FromMinutes(1),
        ApprovalPendingCleanup = approvalCleanup ?? Duration.FromDays(90),
    });

    /// <summary>Applies <see cref="Before"/> until every customer is served.</summary>
    private static async Task ServeBeforeAsync(ApplyFixture fixture)
    {
        await fixture.Planner.ApplyAsync(fixture.Desired(Before));
        fixture.ApproveAll();
        fixture.Time.Advance(Step);
        await fixture.Planner.ApplyAsync(fixture.Desired(Before));
        fixture.Time.Advance(Step);
        ShouldServeEveryGroup(fixture);
    }

    /// <summary>Each customer has an active relationship whose assignments for both groups are active: no one lost access.</summary>
    private static void ShouldServeEveryGroup(ApplyFixture fixture)
    {
        foreach (var customer in fixture.Customers)
        {
            var serving = fixture.Relationships
                .Where(r => r.Customer?.TenantId == customer.TenantId && r.Status == RelationshipStatus.Active)
                .SelectMany(r => fixture.Service.Simulator.ListAccessAssignments(r.Id))
                .Where(a => a.Status == AccessAssignmentStatus.Active)
                .Select(a => a.SecurityGroupId)
                .ToHashSet();
            serving.Should().Contain([AgentsGroup, LeadsGroup], $"{customer.DisplayName} keeps its access throughout");
        }
    }

    private static List<Relationship> Live(ApplyFixture fixture, CustomerParticipant customer) =>
        fixture.Relationships.Where(r => r.Customer?.TenantId == customer.TenantId && !r.Status.IsEnded()).ToList();

    private static string Generation2(CustomerParticipant customer) => RelationshipNames.Derive(customer, ServiceDesk.Name, 2);

    [Fact]
    public async Task ApplyAsync_TemplateGainsARole_ReplacesStepByStepWithoutEverCuttingAccess()
    {
        var fixture = NewFixture();
        var desired = fixture.Desired(ServiceDesk);
        await ServeBeforeAsync(fixture);

        // An auto-extending relationship has no next relationship: two years on it still runs, and nothing renews it.
        fixture.Time.Advance(TimeSpan.FromDays(731));
        var old = fixture.Relationships.Should().HaveCount(2).And.OnlyContain(r => r.Status == RelationshipStatus.Active).And.Subject.First();
        (old.EndsAt > Instant.FromDateTimeOffset(fixture.Time.GetUtcNow())).Should().BeTrue("it extended itself");
        (await fixture.Planner.PlanAsync(fixture.Desired(Before))).Writes.Should().Be(0);

        // None -> created and locked.
        var plan = await fixture.Planner.PlanAsync(desired);
        plan.Steps.Where(s => s.IsWrite).Should().HaveCount(2).And.OnlyContain(s => s.Kind == PlanStepKind.ReplaceRelationship);
        var requested = await fixture.Planner.ApplyAsync(plan);
        requested.Customers.Should().OnlyContain(c => c.Outcome == CustomerOutcome.PendingApproval && c.ApprovalLinks.Count == 1);
        requested.Writes.Should().Be(4);
        ShouldServeEveryGroup(fixture);

        // Pending approval: a repeated apply requests nothing again.
        var again = await fixture.Planner.ApplyAsync(desired);
        again.Writes.Should().Be(0);
        again.Customers.Should().OnlyContain(c => c.Outcome == CustomerOutcome.PendingApproval);
        foreach (var customer in fixture.Customers)
        {
            var live = Live(fixture, customer);
            live.Should().HaveCount(2);
            live.Single(r => r.Status == RelationshipStatus.ApprovalPending).DisplayName.Should().Be(Generation2(customer));
        }

        // Approved, activating.
        fixture.ApproveAll().Should().Be(2);
        (await fixture.Planner.PlanAsync(desired)).Writes.Should().Be(0);
        fixture.Time.Advance(Step);

        // Active: each slot's assignment moves; the old relationship stays while they are pending.
        var moved = await fixture.Planner.ApplyAsync(desired);
        moved.Writes.Should().Be(4);
        moved.Customers.SelectMany(c => c.Steps).Where(s => s.IsWrite).Should().OnlyContain(s => s.Kind == PlanStepKind.CreateAssignment);
        var waiting = await fixture.Planner.PlanAsync(desired);
        waiting.Writes.Should().Be(0);
        waiting.Steps.Should().Contain(s => s.Kind == PlanStepKind.AwaitService);
        ShouldServeEveryGroup(fixture);

        // Assignments active: now, and only now, the old relationship ends.
        fixture.Time.Advance(Step);
        var retire = await fixture.Planner.PlanAsync(desired);
        retire.Steps.Where(s => s.IsWrite).Should().HaveCount(2).And.OnlyContain(s => s.Kind == PlanStepKind.TerminateReplacedRelationship);
        (await fixture.Planner.ApplyAsync(retire)).Writes.Should().Be(2);
        ShouldServeEveryGroup(fixture);
        fixture.Time.Advance(Step);

        foreach (var customer in fixture.Customers)
        {
            var live = Live(fixture, customer).Should().ContainSingle().Which;
            live.DisplayName.Should().Be(Generation2(customer));
            live.Roles.Should().HaveCount(3);
            live.Window.AutoExtends.Should().BeTrue();
        }

        ShouldServeEveryGroup(fixture);
        (await fixture.Planner.PlanAsync(desired)).Steps.Should().BeEmpty();
    }

    [Fact]
    public async Task ApplyAsync_CancelledBetweenCreateAndLock_ResumesWithTheSameReplacement()
    {
        var fixture = NewFixture(customers: 1);
        var customer = fixture.Customers[0];
        var desired = fixture.Desired(ServiceDesk);
        await ServeBeforeAsync(fixture);
        using var cts = CancelAfter(fixture, CallKind.CreateRelationship);

        var cancelled = () => fixture.Planner.ApplyAsync(desired, cancellationToken: cts.Token);

        await cancelled.Should().ThrowAsync<OperationCanceledException>();
        fixture.Client.After = null;
        Live(fixture, customer).Single(r => r.DisplayName == Generation2(customer)).Status.Should().Be(RelationshipStatus.Created);
        var resumed = await fixture.Planner.PlanAsync(desired);
        resumed.Steps.Should().NotContain(s => s.Kind == PlanStepKind.ReplaceRelationship);
        resumed.Steps.Should().ContainSingle(s => s.Kind == PlanStepKind.LockForApproval);
        (await fixture.Planner.ApplyAsync(resumed)).Writes.Should().Be(1);
        Live(fixture, customer).Should().HaveCount(2);
        Live(fixture, customer).Single(r => r.DisplayName == Generation2(customer)).Status.Should().Be(RelationshipStatus.ApprovalPending);
        ShouldServeEveryGroup(fixture);
    }

    [Fact]
    public async Task ApplyAsync_CancelledWhileMovingAssignments_ResumesAndFinishesOnce()
    {
        var fixture = NewFixture(customers: 1);
        var customer = fixture.Customers[0];
        var desired = fixture.Desired(ServiceDesk);
        await ServeBeforeAsync(fixture);
        await fixture.Planner.ApplyAsync(desired);
        fixture.ApproveAll();
        fixture.Time.Advance(Step);
        using var cts = CancelAfter(fixture, CallKind.CreateAssignment);

        var cancelled = () => fixture.Planner.ApplyAsync(desired, cancellationToken: cts.Token);

        await cancelled.Should().ThrowAsync<OperationCanceledException>();
        fixture.Client.After = null;
        var replacement = Live(fixture, customer).Single(r => r.DisplayName == Generation2(customer));
        fixture.Service.Simulator.ListAccessAssignments(replacement.Id).Should().ContainSingle("the run stopped after the first move");
        var resumed = await fixture.Planner.PlanAsync(desired);
        resumed.Steps.Should().ContainSingle(s => s.Kind == PlanStepKind.CreateAssignment);
        resumed.Steps.Should().NotContain(s => s.Kind == PlanStepKind.TerminateReplacedRelationship, "one slot is not moved yet");
        await fixture.Planner.ApplyAsync(resumed);
        ShouldServeEveryGroup(fixture);
        fixture.Time.Advance(Step);
        await fixture.Planner.ApplyAsync(desired);
        fixture.Time.Advance(Step);

        Live(fixture, customer).Should().ContainSingle().Which.Id.Should().Be(replacement.Id);
        fixture.Service.Simulator.ListAccessAssignments(replacement.Id).Where(a => a.IsLive).Select(a => a.SecurityGroupId)
            .Should().BeEquivalentTo([AgentsGroup, LeadsGroup]);
        ShouldServeEveryGroup(fixture);
    }

    [Fact]
    public async Task ApplyAsync_ReplacementCreateAnswerLost_AdoptsItInsteadOfRequestingASecond()
    {
        var fixture = NewFixture(customers: 1);
        var customer = fixture.Customers[0];
        await ServeBeforeAsync(fixture);
        var lost = false;
        fixture.Client.After = call =>
        {
            if (call.Kind == CallKind.CreateRelationship && !lost)
            {
                lost = true;
                throw new HttpRequestException("connection reset");
            }
        };

        var result = await fixture.Planner.ApplyAsync(fixture.Desired(ServiceDesk));

        result.Customers.Single().Outcome.Should().Be(CustomerOutcome.PendingApproval);
        Live(fixture, customer).Should().HaveCount(2);
        Live(fixture, customer).Count(r => r.DisplayName == Generation2(customer)).Should().Be(1);
    }

    [Fact]
    public async Task ApplyAsync_ReplacementLosesAnAssignmentAfterPlanning_DoesNotTerminate()
    {
        var fixture = NewFixture(customers: 1);
        var customer = fixture.Customers[0];
        var desired = fixture.Desired(ServiceDesk);
        await ServeBeforeAsync(fixture);
        await fixture.Planner.ApplyAsync(desired);
        fixture.ApproveAll();
        fixture.Time.Advance(Step);
        await fixture.Planner.ApplyAsync(desired);
        fixture.Time.Advance(Step);
        var plan = await fixture.Planner.PlanAsync(desired);
        plan.Steps.Should().Contain(s => s.Kind == PlanStepKind.TerminateReplacedRelationship);
        var replacement = Live(fixture, customer).Single(r => r.DisplayName == Generation2(customer));
        var agents = fixture.Service.Simulator.ListAccessAssignments(replacement.Id).Single(a => a.SecurityGroupId == AgentsGroup);
        await fixture.Service.DeleteAccessAssignmentAsync(agents);

        var result = await fixture.Planner.ApplyAsync(plan);

        result.Customers.Single().Steps.Should().NotContain(s => s.Kind == PlanStepKind.TerminateReplacedRelationship);
        fixture.Client.Calls.Should().NotContain(c => c.Kind == CallKind.Terminate);
        Live(fixture, customer).Should().HaveCount(2, "the old relationship still serves the agents");
        ShouldServeEveryGroup(fixture);
    }

    [Fact]
    public async Task ApplyAsync_CustomerDoesNotApproveWithin90Days_SaysSoKeepsTheOldAndAsksAgainOnceDropped()
    {
        // Graph drops a lapsed request some time after its 90 days; here 5 days after.
        var fixture = NewFixture(customers: 1, approvalCleanup: Duration.FromDays(95));
        var customer = fixture.Customers[0];
        var desired = fixture.Desired(ServiceDesk);
        await ServeBeforeAsync(fixture);
        await fixture.Planner.ApplyAsync(desired);

        fixture.Time.Advance(TimeSpan.FromDays(91));
        var lapsed = await fixture.Planner.PlanAsync(desired);

        lapsed.Writes.Should().Be(0);
        lapsed.Customers.Single().AwaitsApproval.Should().BeFalse();
        lapsed.Steps.Should().Contain(s => s.Kind == PlanStepKind.Note && s.Reason!.Contains("did not approve its replacement"));
        var result = await fixture.Planner.ApplyAsync(desired);
        result.Writes.Should().Be(0);
        result.Customers.Single().Outcome.Should().Be(CustomerOutcome.Succeeded);
        ShouldServeEveryGroup(fixture);

        fixture.Time.Advance(TimeSpan.FromDays(5));
        Live(fixture, customer).Should().ContainSingle("the service dropped the request; the old relationship stays");
        var askAgain = await fixture.Planner.PlanAsync(desired);
        askAgain.Steps.Should().ContainSingle(s => s.Kind == PlanStepKind.ReplaceRelationship).Which.RelationshipName.Should().Be(Generation2(customer));
    }
    /// <summary>What a test run does next: the partner applies (maybe cut short), the customer approves, time passes.</summary>
    public enum Move
    {
        Apply,
        ApplyCancelledMidway,
        ApplyAnswerLost,
        Approve,
        AdvanceMinute,
        AdvanceForty,
    }

    [Fact]
    public Task ApplyAsync_AnyOrderOfRunsCancelsApprovalsAndTime_NeverCutsAccessNorDuplicates_AndConverges() =>
        Gen.Enum<Move>().Array[1, 14].Select(Gen.Int[1, 3]).SampleAsync(async (moves, cutAfter) =>
        {
            var fixture = NewFixture(customers: 1);
            var customer = fixture.Customers[0];
            var desired = fixture.Desired(ServiceDesk);
            await ServeBeforeAsync(fixture);
            foreach (var move in moves)
            {
                await DoAsync(fixture, desired, move, cutAfter);
                ShouldServeEveryGroup(fixture);
                var live = Live(fixture, customer);
                live.Count.Should().BeLessThanOrEqualTo(2, $"one relationship and at most one replacement after {string.Join(", ", moves)}");
                live.Select(r => r.DisplayName).Should().OnlyHaveUniqueItems();
            }

            // Request, approve and activate, move the slots, retire the old one: four rounds from any state.
            for (var round = 0; round < 4; round++)
            {
                fixture.ApproveAll();
                fixture.Time.Advance(Step);
                await fixture.Planner.ApplyAsync(desired);
                fixture.Time.Advance(Step);
                fixture.Time.Advance(Step);
            }

            var only = Live(fixture, customer).Should().ContainSingle($"converged after {string.Join(", ", moves)}").Which;
            only.Roles.Should().HaveCount(ServiceDesk.Roles.Count);
            ShouldServeEveryGroup(fixture);
            (await fixture.Planner.PlanAsync(desired)).Writes.Should().Be(0);
        }, iter: 40, threads: 1);

    private static async Task DoAsync(ApplyFixture fixture, DesiredState desired, Move move, int cutAfter)
    {
        switch (move)
        {
            case Move.Apply:
                await fixture.Planner.ApplyAsync(desired);
                break;
            case Move.ApplyCancelledMidway:
            {
                using var cts = new CancellationTokenSource();
                var writes = 0;
                fixture.Client.After = call =>
                {
                    if (call.IsWrite && ++writes == cutAfter)
                    {
                        cts.Cancel();
                    }
                };
                try
                {
                    await fixture.Planner.ApplyAsync(desired, cancellationToken: cts.Token);
                }
                catch (OperationCanceledException)
                {
                    // Cut short, as by Ctrl+C; the next run resumes.
                }
                finally
                {
                    fixture.Client.After = null;
                }

                break;
            }

            case Move.ApplyAnswerLost:
            {
                var lost = false;
                fixture.Client.After = call =>
                {
                    if (call.IsWrite && !lost)
                    {
                        lost = true;
                        throw new HttpRequestException("connection reset after the write");
                    }
                };
                try
                {
                    await fixture.Planner.ApplyAsync(desired);
                }
                finally
                {
                    fixture.Client.After = null;
                }

                break;
            }

            case Move.Approve:
                fixture.ApproveAll();
                break;
            case Move.AdvanceMinute:
                fixture.Time.Advance(Step);
                break;
            case Move.AdvanceForty:
                fixture.Time.Advance(TimeSpan.FromDays(40));
                break;
        }
    }
}
