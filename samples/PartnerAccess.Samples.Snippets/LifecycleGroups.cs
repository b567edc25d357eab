using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Groups;
using PartnerAccess.Sdk.Lifecycle;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Samples.Snippets;

/// <summary>docs/lifecycle.md and docs/templates.md: partner groups, readiness, group health and offboarding.</summary>
public static class LifecycleGroupSnippets
{
    /// <summary>Binds a starter template's slot by group name, creates the group when missing, and applies.</summary>
    public static async Task<ApplyResult> BindByNameAndCreateGroups(GraphPartnerAccessClient client, IEnumerable<CustomerParticipant> customers)
    {
        #region Snippet:LifecycleCreateGroups
        IPartnerGroups groups = new GraphPartnerGroups(client);         // or InMemoryPartnerGroups in tests
        var serviceDesk = StarterTemplates.ServiceDesk.WithSecurityGroupName("Service desk agents", "GDAP - Service desk");

        // Create: missing groups are created (each name once); Fail: a typed error per unresolved slot; Report: a preview.
        var resolution = await new TemplateGroupResolver(groups).ResolveAsync([serviceDesk], MissingGroupHandling.Create);
        foreach (var created in resolution.Created)
        {
            Console.WriteLine($"Created {created.DisplayName} ({created.SecurityGroupId})");
        }

        var desired = DesiredState.ForAll(customers, [.. resolution.Templates]);
        var result = await new AccessPlanner(client).ApplyAsync(desired);
        #endregion

        return result;
    }

    /// <summary>One readiness verdict per customer, and the group health check.</summary>
    public static async Task<ReadinessVerdict> CheckReadiness(IPartnerAccessClient client, IPartnerGroups groups, DesiredState desired)
    {
        #region Snippet:LifecycleReadiness
        var checker = new ReadinessChecker(client, groups);
        var verdicts = new List<CustomerReadiness>();
        await foreach (var readiness in checker.CheckAsync(desired))
        {
            verdicts.Add(readiness);
            Console.WriteLine(readiness);                               // "Contoso: Broken ([group.missing] …)"
        }

        foreach (var finding in await new GroupHealthCheck(client, groups).CheckAsync(desired))
        {
            Console.WriteLine(finding);                                 // "AccessContainerMissing: 'Contoso - …' gives …"
        }

        var worst = ReadinessChecker.Worst(verdicts);
        #endregion

        return worst;
    }

    /// <summary>Plans an offboarding, shows it, and carries it out.</summary>
    public static async Task<OffboardingResult> Offboard(IPartnerAccessClient client, string customerTenantId)
    {
        #region Snippet:LifecycleOffboard
        var offboarder = new CustomerOffboarder(client);
        var plan = await offboarder.PlanAsync(customerTenantId);
        foreach (var step in plan.Steps)
        {
            Console.WriteLine($"{step.Kind}: {step.Description}");
        }

        var result = await offboarder.ExecuteAsync(plan);             // idempotent: run it again and nothing is left
        Console.WriteLine(result.Audit.Summary);                        // keep result.Audit with your audit trail
        #endregion

        return result;
    }
}
