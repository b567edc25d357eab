using Azure.Core;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Samples.Snippets;

/// <summary>docs/templates.md: access templates, plan and apply.</summary>
public static class TemplatesSnippets
{
    /// <summary>Plans, prints the plan, applies it with progress, and lists the approval links.</summary>
    public static async Task<ApplyResult> PlanAndApply(IPartnerAccessClient client, IEnumerable<CustomerParticipant> customers, string agentsGroupId)
    {
        #region Snippet:TemplatesPlanApply
        var serviceDesk = StarterTemplates.ServiceDesk.WithSecurityGroup("Service desk agents", agentsGroupId);
        var desired = DesiredState.ForAll(customers, serviceDesk);      // customers: CustomerParticipant(tenantId, name)
        var planner = new AccessPlanner(client);                        // any IPartnerAccessClient

        var plan = await planner.PlanAsync(desired);
        Console.WriteLine(plan);                                        // read it first
        var result = await planner.ApplyAsync(plan, new Progress<ApplyProgress>(p => Console.WriteLine($"{p.CustomersCompleted}/{p.CustomersTotal}")));
        foreach (var customer in result.Customers.Where(c => c.Outcome == CustomerOutcome.PendingApproval))
        {
            Console.WriteLine($"{customer.Customer.DisplayName}: {string.Join(" ", customer.ApprovalLinks)}");
        }
        #endregion

        return result;
    }

    /// <summary>A Graph client whose every HTTP request goes through the planner's pacer.</summary>
    public static AccessPlanner PacedGraphPlanner(TokenCredential credential)
    {
        #region Snippet:TemplatesPacerHandler
        var pacer = new RequestPacer(TimeProvider.System);
        var client = new GraphPartnerAccessClient(credential, new GraphPartnerAccessOptions
        {
            Transport = new RequestPacerHandler(pacer, new SocketsHttpHandler()),
        });
        var planner = new AccessPlanner(client, new AccessPlannerOptions { Pacer = pacer, PaceEachCall = false });
        #endregion

        return planner;
    }
}
