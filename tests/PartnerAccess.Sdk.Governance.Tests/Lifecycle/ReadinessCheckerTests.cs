using NodaTime;
using PartnerAccess.Sdk.Lifecycle;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Governance.Tests.Lifecycle;

/// <summary>One verdict per customer through onboarding, on the fake and on the emulator.</summary>
public class ReadinessCheckerTests
{
    [Theory]
    [MemberData(nameof(LifecycleWorld.Kinds), MemberType = typeof(LifecycleWorld))]
    public async Task CheckAsync_ThroughOnboarding_MovesFromBrokenToWaitingToReady(string kind)
    {
        await using var world = await LifecycleWorld.CreateAsync(kind);
        var scenario = new LifecycleScenario(world);
        var checker = new ReadinessChecker(world.Client, world.Groups);

        var before = await SingleAsync(checker, scenario);
        before.Verdict.Should().Be(ReadinessVerdict.Broken);
        before.Reasons.Should().ContainSingle().Which.Code.Should().Be(ReadinessCodes.RelationshipMissing);

        await scenario.Planner.ApplyAsync(scenario.Desired);
        var waiting = await SingleAsync(checker, scenario);
        waiting.Verdict.Should().Be(ReadinessVerdict.WaitingForCustomer);
        waiting.ApprovalLinks.Should().ContainSingle();

        await world.ApproveAllAsync();
        await world.AdvanceAsync(Duration.FromMinutes(1));
        var approved = await SingleAsync(checker, scenario);
        approved.Verdict.Should().Be(ReadinessVerdict.Broken);
        approved.Reasons.Select(r => r.Code).Should().Equal(ReadinessCodes.AssignmentMissing, ReadinessCodes.AssignmentMissing);

        await scenario.Planner.ApplyAsync(scenario.Desired);
        await world.AdvanceAsync(Duration.FromMinutes(1));
        var ready = await SingleAsync(checker, scenario);
        ready.Verdict.Should().Be(ReadinessVerdict.Ready);
        ready.Reasons.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(LifecycleWorld.Kinds), MemberType = typeof(LifecycleWorld))]
    public async Task CheckAsync_GroupDeletedOrEmptied_IsBrokenNamingTheGroup(string kind)
    {
        await using var world = await LifecycleWorld.CreateAsync(kind);
        var scenario = new LifecycleScenario(world);
        await scenario.OnboardAsync();
        world.Directory.Delete(scenario.AgentsGroup);
        world.Directory.Delete(scenario.LeadsGroup);
        var emptyLeads = world.Directory.Add("GDAP - Helpdesk leads", scenario.LeadsGroup);

        var readiness = await SingleAsync(new ReadinessChecker(world.Client, world.Groups), scenario);

        readiness.Verdict.Should().Be(ReadinessVerdict.Broken);
        readiness.Reasons.Should().HaveCount(2);
        readiness.Reasons.Should().Contain(r => r.Code == ReadinessCodes.GroupMissing && r.SecurityGroupId == scenario.AgentsGroup);
        readiness.Reasons.Should().Contain(r => r.Code == ReadinessCodes.GroupEmpty && r.SecurityGroupId == emptyLeads.Id);
    }

    [Fact]
    public async Task CheckAsync_ApprovedAndAssignmentsPending_IsProvisioning()
    {
        await using var world = await LifecycleWorld.CreateAsync(LifecycleWorld.Fake, Gdap.HourlySteps);
        var scenario = new LifecycleScenario(world);
        var checker = new ReadinessChecker(world.Client, world.Groups);
        await scenario.Planner.ApplyAsync(scenario.Desired);
        await world.AdvanceAsync(Gdap.Step);
        await world.ApproveAllAsync();

        (await SingleAsync(checker, scenario)).Reasons.Should().ContainSingle().Which.Code.Should().Be(ReadinessCodes.RelationshipActivating);
        (await SingleAsync(checker, scenario)).Verdict.Should().Be(ReadinessVerdict.Provisioning);

        await world.AdvanceAsync(Gdap.Step * 2);
        await scenario.Planner.ApplyAsync(scenario.Desired);
        var pending = await SingleAsync(checker, scenario);
        pending.Verdict.Should().Be(ReadinessVerdict.Provisioning);
        pending.Reasons.Should().OnlyContain(r => r.Code == ReadinessCodes.AssignmentPending);
    }

    [Fact]
    public void Worst_MixedVerdicts_IsTheWorst()
    {
        var verdicts = new[] { ReadinessVerdict.Ready, ReadinessVerdict.WaitingForCustomer, ReadinessVerdict.Provisioning }
            .Select(v => new CustomerReadiness(Gdap.Contoso, v, [], []));

        ReadinessChecker.Worst(verdicts).Should().Be(ReadinessVerdict.WaitingForCustomer);
        ReadinessChecker.Worst([]).Should().Be(ReadinessVerdict.Ready);
    }

    private static async Task<CustomerReadiness> SingleAsync(ReadinessChecker checker, LifecycleScenario scenario)
    {
        var all = new List<CustomerReadiness>();
        await foreach (var readiness in checker.CheckAsync(scenario.Desired))
        {
            all.Add(readiness);
        }

        return all.Should().ContainSingle().Subject;
    }
}
