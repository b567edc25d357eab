using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;
using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>Plan and apply against the in-memory GDAP service.</summary>
public class AccessPlannerApplyTests
{
    [Fact]
    public async Task ApplyAsync_NewCustomers_CreatesLocksAndReportsApprovalLinks()
    {
        var fixture = new ApplyFixture();

        var result = await fixture.Planner.ApplyAsync(fixture.Desired());

        result.Customers.Should().HaveCount(12).And.OnlyContain(c => c.Outcome == CustomerOutcome.PendingApproval);
        result.Writes.Should().Be(24);
        fixture.Client.Writes.Should().Be(24);
        fixture.Relationships.Should().HaveCount(12).And.OnlyContain(r => r.Status == RelationshipStatus.ApprovalPending);
        foreach (var customer in result.Customers)
        {
            var relationship = fixture.Relationships.Single(r => r.Customer!.TenantId == customer.Customer.TenantId);
            relationship.DisplayName.Should().Be(RelationshipNames.Derive(customer.Customer, "Service desk"));
            relationship.Window.AutoExtends.Should().BeTrue();
            customer.ApprovalLinks.Should().Equal(relationship.ApprovalLink);
        }
    }

    [Fact]
    public async Task ApplyAsync_AfterApproval_CreatesAssignmentsThenNothingIsLeft()
    {
        var fixture = new ApplyFixture();
        var desired = fixture.Desired();
        await fixture.Planner.ApplyAsync(desired);
        fixture.ApproveAll().Should().Be(12);

        var plan = await fixture.Planner.PlanAsync(desired);
        plan.Writes.Should().Be(24);
        plan.Steps.Should().OnlyContain(s => s.Kind == PlanStepKind.CreateAssignment);
        var result = await fixture.Planner.ApplyAsync(plan);

        result.Succeeded.Should().Be(12);
        result.Writes.Should().Be(24);
        foreach (var relationship in fixture.Relationships)
        {
            var assignments = fixture.Service.Simulator.ListAccessAssignments(relationship.Id);
            assignments.Should().HaveCount(2);
            assignments.Single(a => a.SecurityGroupId == PlanningFixtures.AgentsGroup).Roles.Should().HaveCount(2);
            assignments.Single(a => a.SecurityGroupId == PlanningFixtures.LeadsGroup).Roles.Should().HaveCount(3);
        }

        (await fixture.Planner.PlanAsync(desired)).Writes.Should().Be(0);
        var before = fixture.Client.Writes;
        var again = await fixture.Planner.ApplyAsync(desired);
        again.Writes.Should().Be(0);
        again.Succeeded.Should().Be(12);
        fixture.Client.Writes.Should().Be(before, "a second apply sends no write at all");
        fixture.ShouldHaveNoDuplicates(PlanningFixtures.ServiceDesk);
    }

    [Fact]
    public async Task ApplyAsync_TwiceBeforeApproval_SecondMakesNoWrites()
    {
        var fixture = new ApplyFixture();
        var desired = fixture.Desired();
        await fixture.Planner.ApplyAsync(desired);

        var again = await fixture.Planner.ApplyAsync(desired);

        again.Writes.Should().Be(0);
        again.Customers.Should().OnlyContain(c => c.Outcome == CustomerOutcome.PendingApproval && c.ApprovalLinks.Count == 1);
        fixture.ShouldHaveNoDuplicates(PlanningFixtures.ServiceDesk);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(25)]
    public async Task ApplyAsync_CancelledHalfWay_NextApplyConvergesWithoutDuplicates(int cancelAfterWrites)
    {
        var fixture = new ApplyFixture(customers: 20, options: new AccessPlannerOptions { MaxConcurrency = 4 });
        var desired = fixture.Desired();
        using var cts = new CancellationTokenSource();
        fixture.Client.After = call =>
        {
            if (call.IsWrite && fixture.Client.Writes == cancelAfterWrites)
            {
                cts.Cancel();
            }
        };

        var cancelled = () => fixture.Planner.ApplyAsync(desired, cancellationToken: cts.Token);

        await cancelled.Should().ThrowAsync<OperationCanceledException>();
        fixture.Client.Writes.Should().BeLessThan(40, "the run stopped part-way");
        fixture.Client.After = null;

        var resumed = await fixture.Planner.ApplyAsync(desired);

        resumed.Customers.Should().OnlyContain(c => c.Outcome == CustomerOutcome.PendingApproval);
        fixture.Client.Writes.Should().Be(40, "every create and lock happened exactly once across both runs");
        fixture.ShouldHaveNoDuplicates(PlanningFixtures.ServiceDesk);
        fixture.Relationships.Should().OnlyContain(r => r.Status == RelationshipStatus.ApprovalPending);
    }

    [Fact]
    public async Task ApplyAsync_CancelledDuringAssignments_ResumeCompletesWithoutDuplicates()
    {
        var fixture = new ApplyFixture(customers: 20, options: new AccessPlannerOptions { MaxConcurrency = 3 });
        var desired = fixture.Desired();
        await fixture.Planner.ApplyAsync(desired);
        fixture.ApproveAll();
        var start = fixture.Client.Writes;
        using var cts = new CancellationTokenSource();
        fixture.Client.After = call =>
        {
            if (call.IsWrite && fixture.Client.Writes - start == 19)
            {
                cts.Cancel();
            }
        };

        await fixture.Planner.Invoking(p => p.ApplyAsync(desired, cancellationToken: cts.Token)).Should().ThrowAsync<OperationCanceledException>();
        fixture.Client.After = null;
        var resumed = await fixture.Planner.ApplyAsync(desired);

        resumed.Succeeded.Should().Be(20);
        (fixture.Client.Writes - start).Should().Be(40);
        fixture.ShouldHaveNoDuplicates(PlanningFixtures.ServiceDesk);
        fixture.Relationships.Sum(r => fixture.Service.Simulator.ListAccessAssignments(r.Id).Count).Should().Be(40);
        (await fixture.Planner.PlanAsync(desired)).Writes.Should().Be(0);
    }

    [Fact]
    public async Task ApplyAsync_CrashBetweenCreateAndLock_ResumeLocksTheSameRelationship()
    {
        var fixture = new ApplyFixture(customers: 3);
        var desired = fixture.Desired();
        fixture.Client.Before = call =>
        {
            if (call.Kind == CallKind.LockForApproval)
            {
                throw new InvalidOperationException("process killed");
            }
        };

        var crashed = await fixture.Planner.ApplyAsync(desired);
        crashed.Customers.Should().OnlyContain(c => c.Outcome == CustomerOutcome.Failed);
        crashed.Writes.Should().Be(3, "the creates the service accepted count even though their steps were cut short");
        fixture.Relationships.Should().HaveCount(3).And.OnlyContain(r => r.Status == RelationshipStatus.Created);
        fixture.Client.Before = null;

        var plan = await fixture.Planner.PlanAsync(desired);
        plan.Steps.Should().OnlyContain(s => s.Kind == PlanStepKind.LockForApproval);
        var resumed = await fixture.Planner.ApplyAsync(plan);

        resumed.Writes.Should().Be(3);
        resumed.Customers.Should().OnlyContain(c => c.Outcome == CustomerOutcome.PendingApproval);
        fixture.ShouldHaveNoDuplicates(PlanningFixtures.ServiceDesk);
    }

    [Fact]
    public async Task ApplyAsync_OneCustomerFails_OthersStillConverge()
    {
        var fixture = new ApplyFixture();
        var broken = fixture.Customers[4];
        fixture.Client.Before = call =>
        {
            if (call.Kind == CallKind.CreateRelationship && call.CustomerTenantId == broken.TenantId)
            {
                throw new PartnerAccessException(PartnerAccessErrorCode.Unauthorized, "The partner has no admin agent role in this test.");
            }
        };

        var result = await fixture.Planner.ApplyAsync(fixture.Desired());

        result.Failed.Should().Be(1);
        result.PendingApproval.Should().Be(11);
        var failed = result.Customers.Single(c => c.Outcome == CustomerOutcome.Failed);
        failed.Customer.Should().Be(broken);
        failed.Error!.ErrorCode.Should().Be(PartnerAccessErrorCode.Unauthorized);
        failed.Attempts.Should().Be(1, "a permission error is not retried");
        result.ToString().Should().Contain("1 failed").And.Contain("[Unauthorized]");
        fixture.Relationships.Should().HaveCount(11);
    }

    [Fact]
    public async Task ApplyAsync_AnswerLostAfterCreate_ReadsBackAndNeverCreatesTwice()
    {
        var fixture = new ApplyFixture(customers: 5);
        var unlucky = fixture.Customers[2];
        var lost = false;
        fixture.Client.After = call =>
        {
            if (call.Kind == CallKind.CreateRelationship && call.CustomerTenantId == unlucky.TenantId && !lost)
            {
                lost = true;
                throw new HttpRequestException("connection reset after the service committed the create");
            }
        };

        var result = await fixture.Planner.ApplyAsync(fixture.Desired());

        var outcome = result.Customers.Single(c => c.Customer == unlucky);
        outcome.Outcome.Should().Be(CustomerOutcome.PendingApproval);
        outcome.Attempts.Should().Be(2);
        outcome.Steps.Select(s => s.Kind).Should().Equal(PlanStepKind.LockForApproval);
        fixture.ShouldHaveNoDuplicates(PlanningFixtures.ServiceDesk);
    }

    [Fact]
    public async Task ApplyAsync_NameTakenSincePlanning_AdoptsTheExistingRelationship()
    {
        var fixture = new ApplyFixture(customers: 2);
        var desired = fixture.Desired();
        var plan = await fixture.Planner.PlanAsync(desired);
        var customer = fixture.Customers[0];
        await fixture.Service.CreateRelationshipAsync(PlanningFixtures.ServiceDesk.ToCreateRequest(RelationshipNames.Derive(customer, "Service desk"), customer));

        var result = await fixture.Planner.ApplyAsync(plan);

        result.Customers[0].Outcome.Should().Be(CustomerOutcome.PendingApproval);
        result.Customers[0].Writes.Should().Be(1, "the create conflicted and only the lock was sent");
        fixture.ShouldHaveNoDuplicates(PlanningFixtures.ServiceDesk);
    }

    [Fact]
    public async Task ApplyAsync_NameTakenByAnotherCustomer_FailsThatCustomerClearly()
    {
        var fixture = new ApplyFixture(customers: 2);
        var customer = fixture.Customers[0];
        var stranger = new CustomerParticipant("0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f", "Stranger");
        await fixture.Service.CreateRelationshipAsync(PlanningFixtures.ServiceDesk.ToCreateRequest(RelationshipNames.Derive(customer, "Service desk"), stranger));

        var result = await fixture.Planner.ApplyAsync(fixture.Desired());

        var failed = result.Customers[0];
        failed.Outcome.Should().Be(CustomerOutcome.Failed);
        failed.Error!.ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict);
        failed.Error.Message.Should().Contain("another customer").And.Contain(stranger.TenantId);
        result.Customers[1].Outcome.Should().Be(CustomerOutcome.PendingApproval);
    }

    [Fact]
    public async Task ApplyAsync_Progress_ReportedOncePerCustomer()
    {
        var fixture = new ApplyFixture();
        var reports = new List<ApplyProgress>();
        var progress = new SynchronousProgress(reports);

        var result = await fixture.Planner.ApplyAsync(fixture.Desired(), progress);

        reports.Should().HaveCount(12);
        reports.Select(r => r.CustomersCompleted).Order().Should().Equal(Enumerable.Range(1, 12));
        reports.Should().OnlyContain(r => r.CustomersTotal == 12);
        reports.MaxBy(r => r.CustomersCompleted)!.Writes.Should().Be(result.Writes);
        reports.Select(r => r.Completed.Customer).Should().BeEquivalentTo(fixture.Customers);
    }

    [Fact]
    public async Task ApplyAsync_Throttled_WaitsRetryAfterOnTheClockAndSucceeds()
    {
        var fixture = new ApplyFixture(customers: 6, options: new AccessPlannerOptions { MaxConcurrency = 2 });
        var throttled = 0;
        fixture.Client.Before = call =>
        {
            if (call.IsWrite && Interlocked.Increment(ref throttled) % 3 == 1)
            {
                throw new PartnerAccessException(PartnerAccessErrorCode.Throttled, "Too many requests") { RetryAfter = TimeSpan.FromSeconds(2) };
            }
        };

        var apply = fixture.Planner.ApplyAsync(fixture.Desired());
        var result = await fixture.Time.AdvanceUntilCompleteAsync(apply);

        result.PendingApproval.Should().Be(6);
        result.ThrottledCalls.Should().BeGreaterThan(0);
        result.Writes.Should().Be(12);
        fixture.Planner.CurrentRequestsPerSecond.Should().NotBeNull("the pacer switched from unpaced to paced");
        fixture.ShouldHaveNoDuplicates(PlanningFixtures.ServiceDesk);
    }

    [Fact]
    public async Task ApplyAsync_ExpiringRelationship_RenewedOnceAndAssignedAfterApproval()
    {
        var fixture = new ApplyFixture(customers: 2);
        var desired = fixture.Desired(PlanningFixtures.Escalation);
        await fixture.Planner.ApplyAsync(desired);
        fixture.ApproveAll();
        await fixture.Planner.ApplyAsync(desired);
        fixture.Time.Advance(TimeSpan.FromDays(340));

        var plan = await fixture.Planner.PlanAsync(desired);
        plan.Steps.Should().HaveCount(2).And.OnlyContain(s => s.Kind == PlanStepKind.RenewRelationship);
        var renewed = await fixture.Planner.ApplyAsync(plan);
        renewed.Customers.Should().OnlyContain(c => c.Outcome == CustomerOutcome.PendingApproval);
        (await fixture.Planner.PlanAsync(desired)).Writes.Should().Be(0, "the renewal awaits approval; nothing is created twice");

        fixture.ApproveAll();
        var assigned = await fixture.Planner.ApplyAsync(desired);

        assigned.Writes.Should().Be(2);
        foreach (var customer in fixture.Customers)
        {
            var renewal = fixture.Relationships.Single(r => r.DisplayName == RelationshipNames.Derive(customer, "Escalation", 2));
            renewal.Status.Should().Be(RelationshipStatus.Active);
            fixture.Service.Simulator.ListAccessAssignments(renewal.Id).Should().ContainSingle();
        }

        fixture.Time.Advance(TimeSpan.FromDays(30));
        (await fixture.Planner.PlanAsync(desired)).Writes.Should().Be(0, "the first relationship expired; the renewal carries on");
    }

    [Fact]
    public async Task ApplyAsync_TemplateDropped_TerminatesOnlyWhenAsked()
    {
        var fixture = new ApplyFixture(customers: 2, options: new AccessPlannerOptions { TerminateUnwanted = true });
        await fixture.Planner.ApplyAsync(fixture.Desired());
        fixture.ApproveAll();
        var offboard = new DesiredState([PlanningFixtures.ServiceDesk], [new DesiredCustomer(fixture.Customers[0], []), new DesiredCustomer(fixture.Customers[1], ["Service desk"])]);

        var keep = await new AccessPlanner(fixture.Client).PlanAsync(offboard);
        keep.Writes.Should().Be(2, "only customer 2's assignments; customer 1's relationship is noted, not terminated");
        var result = await fixture.Planner.ApplyAsync(offboard);

        result.Customers[0].Steps.Should().ContainSingle().Which.Kind.Should().Be(PlanStepKind.TerminateRelationship);
        fixture.Relationships.Single(r => r.Customer!.TenantId == fixture.Customers[0].TenantId).Status.IsEnded().Should().BeTrue();
        fixture.Relationships.Single(r => r.Customer!.TenantId == fixture.Customers[1].TenantId).Status.Should().Be(RelationshipStatus.Active);
    }

    [Fact]
    public async Task ApplyAsync_GlobalAdministratorInActiveRelationship_RemovedOnceThenAutoExtendSwitchedOn()
    {
        var fixture = new ApplyFixture(customers: 1, simulator: new GdapSimulatorOptions { OperationDelay = Duration.FromMinutes(1) });
        var customer = fixture.Customers[0];
        var legacy = PlanningFixtures.ServiceDesk.ToCreateRequest(RelationshipNames.Derive(customer, "Service desk"), customer) with
        {
            Roles = [.. PlanningFixtures.ServiceDesk.Roles, WellKnownRoles.GlobalAdministrator],
            AutoExtendDuration = Duration.Zero,
        };
        var created = await fixture.Service.CreateRelationshipAsync(legacy);
        await fixture.Service.LockForApprovalAsync(created.Id);
        fixture.ApproveAll();
        var desired = fixture.Desired();

        var first = await fixture.Planner.PlanAsync(desired);
        first.Steps.Select(s => s.Kind).Should().Contain(PlanStepKind.RemoveGlobalAdministrator).And.NotContain(PlanStepKind.SetAutoExtend);
        await fixture.Planner.ApplyAsync(first);

        var running = await fixture.Planner.PlanAsync(desired);
        running.Writes.Should().Be(0, "the removal runs in the background and is not sent twice");
        running.Steps.Should().Contain(s => s.Kind == PlanStepKind.AwaitService && s.Reason!.Contains("Global Administrator"));

        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        var after = await fixture.Planner.PlanAsync(desired);
        after.Steps.Should().ContainSingle().Which.Kind.Should().Be(PlanStepKind.SetAutoExtend);
        await fixture.Planner.ApplyAsync(after);

        var relationship = fixture.Relationships.Single();
        relationship.HasGlobalAdministrator.Should().BeFalse();
        relationship.Window.AutoExtends.Should().BeTrue();
        (await fixture.Planner.PlanAsync(desired)).Writes.Should().Be(0);
    }

    [Fact]
    public async Task ApplyAsync_AssignmentDrift_RepairedToTheTemplate()
    {
        var fixture = new ApplyFixture(customers: 1, simulator: new GdapSimulatorOptions { OperationDelay = Duration.FromMinutes(1) });
        var desired = fixture.Desired();
        await fixture.Planner.ApplyAsync(desired);
        fixture.ApproveAll();
        await fixture.Planner.ApplyAsync(desired);
        var relationship = fixture.Relationships.Single();
        var agents = fixture.Service.Simulator.ListAccessAssignments(relationship.Id).Single(a => a.SecurityGroupId == PlanningFixtures.AgentsGroup);
        await fixture.Service.UpdateAccessAssignmentAsync(agents, [WellKnownRoles.HelpdeskAdministrator]);
        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        await fixture.Service.CreateAccessAssignmentAsync(relationship.Id, new CreateAccessAssignmentRequest
        {
            SecurityGroupId = "33333333-3333-4333-8333-333333333333",
            Roles = [WellKnownRoles.LicenseAdministrator],
        });

        var plan = await fixture.Planner.PlanAsync(desired);
        plan.Steps.Select(s => s.Kind).Should().BeEquivalentTo([PlanStepKind.UpdateAssignment, PlanStepKind.DeleteAssignment]);
        await fixture.Planner.ApplyAsync(plan);
        (await fixture.Planner.PlanAsync(desired)).Writes.Should().Be(0, "the update is running; it is not sent twice");
        fixture.Time.Advance(TimeSpan.FromMinutes(5));

        var live = fixture.Service.Simulator.ListAccessAssignments(relationship.Id).Where(a => a.IsLive).ToList();
        live.Select(a => a.SecurityGroupId).Should().BeEquivalentTo([PlanningFixtures.AgentsGroup, PlanningFixtures.LeadsGroup]);
        live.Single(a => a.SecurityGroupId == PlanningFixtures.AgentsGroup).Roles.Should().HaveCount(2);
        (await fixture.Planner.PlanAsync(desired)).Writes.Should().Be(0);
    }

    private sealed class SynchronousProgress(List<ApplyProgress> reports) : IProgress<ApplyProgress>
    {
        private readonly Lock _gate = new();

        public void Report(ApplyProgress value)
        {
            lock (_gate)
            {
                reports.Add(value);
            }
        }
    }
}
