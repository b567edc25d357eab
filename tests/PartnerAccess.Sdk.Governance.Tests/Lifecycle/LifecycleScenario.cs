using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Governance.Tests.Lifecycle;

/// <summary>A helpdesk template with two slots bound to seeded groups, and Contoso as the customer.</summary>
internal sealed class LifecycleScenario
{
    public LifecycleScenario(LifecycleWorld world)
    {
        World = world;
        AgentsGroup = world.SeedGroup("GDAP - Helpdesk agents", "Ana", "Ben");
        LeadsGroup = world.SeedGroup("GDAP - Helpdesk leads", "Cy");
        Template = new AccessTemplate
        {
            Name = "Helpdesk",
            Roles = [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ExchangeAdministrator],
            Duration = Duration.FromDays(180),
            Groups =
            [
                new TemplateGroup { Label = "Agents", SecurityGroupId = AgentsGroup, Roles = [WellKnownRoles.HelpdeskAdministrator] },
                new TemplateGroup { Label = "Leads", SecurityGroupId = LeadsGroup, Roles = [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ExchangeAdministrator] },
            ],
        };
        Desired = DesiredState.ForAll([Gdap.Contoso], Template);
        Planner = new AccessPlanner(world.Client);
    }

    public LifecycleWorld World { get; }

    public string AgentsGroup { get; }

    public string LeadsGroup { get; }

    public AccessTemplate Template { get; }

    public DesiredState Desired { get; }

    public AccessPlanner Planner { get; }

    /// <summary>Apply, approve, let the service activate, apply again: Contoso ends up ready.</summary>
    public async Task OnboardAsync()
    {
        await Planner.ApplyAsync(Desired);
        await World.ApproveAllAsync();
        await World.AdvanceAsync(Duration.FromHours(4));
        await Planner.ApplyAsync(Desired);
        await World.AdvanceAsync(Duration.FromHours(4));
    }
}
