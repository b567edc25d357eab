using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Governance.Tests.Lifecycle;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>Template slots bound by group name, resolved (and created) through IPartnerGroups.</summary>
public class TemplateGroupResolverTests
{
    private static readonly AccessTemplate Helpdesk = new AccessTemplate
    {
        Name = "Helpdesk",
        Roles = [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ExchangeAdministrator],
        Duration = Duration.FromDays(180),
        Groups =
        [
            new TemplateGroup { Label = "Agents", SecurityGroupName = "GDAP - Helpdesk agents", Roles = [WellKnownRoles.HelpdeskAdministrator] },
            new TemplateGroup { Label = "Leads", SecurityGroupName = "GDAP - Helpdesk leads", Roles = [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ExchangeAdministrator] },
        ],
    };

    [Fact]
    public async Task ResolveAsync_GroupsExist_BindsEachSlotToTheGroupsId()
    {
        var groups = new InMemoryPartnerGroups();
        var agents = groups.Directory.Add("GDAP - Helpdesk agents");
        var leads = groups.Directory.Add("gdap - helpdesk LEADS");

        var resolution = await new TemplateGroupResolver(groups).ResolveAsync([Helpdesk]);

        resolution.Templates.Single().Groups.Select(g => g.SecurityGroupId).Should().Equal(agents.Id, leads.Id);
        resolution.Templates.Single().IsBound.Should().BeTrue();
        resolution.Groups.Should().OnlyContain(g => g.Outcome == GroupResolutionOutcome.Found);
    }

    [Fact]
    public async Task ResolveAsync_GroupsMissingAndFail_ReportsEverySlotAndCreatesNothing()
    {
        var groups = new InMemoryPartnerGroups();

        var error = await Gdap.Invoking(() => new TemplateGroupResolver(groups).ResolveAsync([Helpdesk]));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        error.Violations.Should().HaveCount(2).And.OnlyContain(v => v.Code == TemplateRuleCodes.GroupNameUnresolved);
        error.Violations.Select(v => v.AttemptedValue).Should().Equal("GDAP - Helpdesk agents", "GDAP - Helpdesk leads");
        groups.Directory.Count.Should().Be(0);
    }

    [Fact]
    public async Task ResolveAsync_Report_LeavesMissingSlotsOutAndNamesThem()
    {
        var groups = new InMemoryPartnerGroups();
        var agents = groups.Directory.Add("GDAP - Helpdesk agents");

        var resolution = await new TemplateGroupResolver(groups).ResolveAsync([Helpdesk], MissingGroupHandling.Report);

        resolution.Templates.Single().Groups.Should().ContainSingle().Which.SecurityGroupId.Should().Be(agents.Id);
        resolution.Missing.Should().ContainSingle().Which.DisplayName.Should().Be("GDAP - Helpdesk leads");
        groups.Directory.Count.Should().Be(1);
    }

    [Fact]
    public async Task ResolveAsync_CreateTwiceWithANameSharedByTwoTemplates_CreatesEachGroupOnce()
    {
        var groups = new InMemoryPartnerGroups();
        var other = Helpdesk with { Name = "Helpdesk EU" };
        var resolver = new TemplateGroupResolver(groups);

        var first = await resolver.ResolveAsync([Helpdesk, other], MissingGroupHandling.Create);
        var second = await resolver.ResolveAsync([Helpdesk, other], MissingGroupHandling.Create);

        first.Created.Should().HaveCount(2);
        second.Created.Should().BeEmpty();
        groups.Directory.List().Select(g => g.DisplayName).Should().BeEquivalentTo(["GDAP - Helpdesk agents", "GDAP - Helpdesk leads"]);
        groups.Directory.List().Should().OnlyContain(g => g.SecurityEnabled && !g.MailEnabled);
        second.Templates.SelectMany(t => t.Groups).Select(g => g.SecurityGroupId).Should().Equal(first.Templates.SelectMany(t => t.Groups).Select(g => g.SecurityGroupId));
    }

    [Fact]
    public async Task ResolveAsync_TwoGroupsShareTheName_ThrowsConflictInsteadOfGuessing()
    {
        var groups = new InMemoryPartnerGroups();
        groups.Directory.Add("GDAP - Helpdesk agents");
        groups.Directory.Add("GDAP - Helpdesk agents");

        var error = await Gdap.Invoking(() => new TemplateGroupResolver(groups).ResolveAsync([Helpdesk], MissingGroupHandling.Create));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict);
        groups.Directory.Count.Should().Be(2);
    }

    [Fact]
    public void FromJson_SecurityGroupName_BindsTheSlotByName()
    {
        var template = AccessTemplate.FromJson("""
            {"name":"Helpdesk","roles":["Helpdesk Administrator"],"duration":"P180D",
             "groups":[{"label":"Agents","securityGroupName":"GDAP - Helpdesk agents"}]}
            """);

        template.Groups.Single().SecurityGroupName.Should().Be("GDAP - Helpdesk agents");
        template.IsBound.Should().BeFalse();
    }

    [Fact]
    public void FromJson_SlotWithIdAndName_IsRejectedNamingTheSlot()
    {
        var error = Gdap.Catching(() => AccessTemplate.FromJson("""
            {"name":"Helpdesk","roles":["Helpdesk Administrator"],"duration":"P180D",
             "groups":[{"label":"Agents","securityGroupId":"869713c9-0b28-4d08-8949-ae07ae1bf528","securityGroupName":"GDAP - Helpdesk agents"}]}
            """));

        error.Violations.Should().ContainSingle(v => v.Code == TemplateRuleCodes.GroupNameInvalid && v.Target == "templates[0].groups[0].securityGroupName");
    }

    [Fact]
    public void DesiredState_NameBoundSlotNotResolved_IsRejectedWithTheUnresolvedCode()
    {
        var error = Gdap.Catching(() => DesiredState.ForAll([Gdap.Contoso], Helpdesk));

        error.Violations.Should().HaveCount(2).And.OnlyContain(v => v.Code == TemplateRuleCodes.GroupNameUnresolved);
    }

    [Theory]
    [MemberData(nameof(LifecycleWorld.Kinds), MemberType = typeof(LifecycleWorld))]
    public async Task ResolveThenApply_CreateGroups_AssignsTheNewGroupsInEveryCustomer(string kind)
    {
        await using var world = await LifecycleWorld.CreateAsync(kind);
        var planner = new AccessPlanner(world.Client);

        var resolution = await new TemplateGroupResolver(world.Groups).ResolveAsync([Helpdesk], MissingGroupHandling.Create);
        var desired = DesiredState.ForAll([Gdap.Contoso, Gdap.Fabrikam], [.. resolution.Templates]);
        await planner.ApplyAsync(desired);
        await world.ApproveAllAsync();
        await world.AdvanceAsync(Duration.FromMinutes(5));
        var result = await planner.ApplyAsync(desired);

        result.Succeeded.Should().Be(2);
        world.Directory.Count.Should().Be(2);
        var ids = resolution.Created.Select(g => g.SecurityGroupId).ToHashSet();
        await foreach (var relationship in world.Client.ListRelationshipsAsync())
        {
            var assignments = new List<string>();
            await foreach (var assignment in world.Client.ListAccessAssignmentsAsync(relationship.Id))
            {
                assignments.Add(assignment.SecurityGroupId);
            }

            assignments.Should().BeEquivalentTo(ids);
        }

        (await new TemplateGroupResolver(world.Groups).ResolveAsync([Helpdesk], MissingGroupHandling.Create)).Created.Should().BeEmpty();
        world.Directory.Count.Should().Be(2);
    }
}
