using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Governance.Tests.Lifecycle;
using PartnerAccess.Sdk.Groups;
using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Governance.Tests.Groups;

/// <summary>The group health check, on the fake and on the emulator.</summary>
public class GroupHealthCheckTests
{
    [Theory]
    [MemberData(nameof(LifecycleWorld.Kinds), MemberType = typeof(LifecycleWorld))]
    public async Task CheckAsync_HealthyPartner_FindsNothing(string kind)
    {
        await using var world = await LifecycleWorld.CreateAsync(kind);
        var scenario = new LifecycleScenario(world);
        await scenario.OnboardAsync();

        (await new GroupHealthCheck(world.Client, world.Groups).CheckAsync(scenario.Desired)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(LifecycleWorld.Kinds), MemberType = typeof(LifecycleWorld))]
    public async Task CheckAsync_DeletedGroupEmptyGroupAndChangedSlot_ReportsEachKind(string kind)
    {
        await using var world = await LifecycleWorld.CreateAsync(kind);
        var scenario = new LifecycleScenario(world);
        await scenario.OnboardAsync();
        world.Directory.Delete(scenario.AgentsGroup);
        world.Directory.Delete(scenario.LeadsGroup);
        world.Directory.Add("GDAP - Helpdesk leads", scenario.LeadsGroup);
        var changed = scenario.Template with
        {
            Groups = [scenario.Template.Groups[0], scenario.Template.Groups[1] with { Roles = [WellKnownRoles.ExchangeAdministrator] }],
        };

        var findings = await new GroupHealthCheck(world.Client, world.Groups).CheckAsync(DesiredState.ForAll([Gdap.Contoso], changed));

        findings.Select(f => f.Kind).Should().Equal(GroupHealthFindingKind.AccessContainerMissing, GroupHealthFindingKind.GroupEmpty, GroupHealthFindingKind.RolesDiffer);
        findings[0].SecurityGroupId.Should().Be(scenario.AgentsGroup);
        findings[0].Assignment.Should().NotBeNull();
        findings[1].SecurityGroupId.Should().Be(scenario.LeadsGroup);
        findings[2].TemplateName.Should().Be("Helpdesk");
        findings[2].ExpectedRoles.Should().ContainSingle();
    }
}
