using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Lifecycle;
using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Samples.Snippets;

/// <summary>docs/lifecycle.md: role changes by replacement, and reacting to approvals.</summary>
public static class LifecycleReplacementSnippets
{
    /// <summary>Prints what the plan does about relationships that lack a template's new roles.</summary>
    public static async Task<AccessPlan> ShowReplacements(AccessPlanner planner, DesiredState desired)
    {
        #region Snippet:LifecycleReplacementPlan
        var plan = await planner.PlanAsync(desired);
        foreach (var step in plan.Steps.Where(s => s.Replaces is not null || s.Kind == PlanStepKind.TerminateReplacedRelationship))
        {
            // ReplaceRelationship, AwaitApproval (of a replacement) or TerminateReplacedRelationship, with the reason.
            Console.WriteLine(step);
        }

        await planner.ApplyAsync(plan);   // safe to repeat: the pending replacement is found again, never requested twice
        #endregion

        return plan;
    }

    /// <summary>Prints relationship events until cancelled, resuming from a checkpoint file.</summary>
    public static async Task Watch(IPartnerAccessClient client, CancellationToken cancellationToken)
    {
        #region Snippet:LifecycleWatch
        var watcher = new RelationshipWatcher(client, new JsonFileRelationshipWatchCheckpointStore("gdap-watch.json"));
        await foreach (var change in watcher.WatchAsync(cancellationToken))
        {
            Console.WriteLine(change);      // 2026-09-01T12:03:10Z Activated "Service desk - Contoso [K3F9Q2]" (Contoso): …
            if (change.Kind == RelationshipEventKind.ApprovalExpired)
            {
                Console.WriteLine($"{change.Customer?.DisplayName} did not approve \"{change.DisplayName}\" within 90 days.");
            }
        }
        #endregion
    }

    /// <summary>A host that applies the desired state for each customer as soon as its relationship is active.</summary>
    public static IHost ApplyOnActivation(string[] args, TokenCredential credential, Func<CancellationToken, Task<DesiredState>> loadDesiredState)
    {
        #region Snippet:LifecycleApplyOnActivation
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services
            .AddPartnerAccess()
            .UseGraph(credential)
            .AddRelationshipWatch(watch =>
            {
                watch.RunInBackground = true;
                watch.CheckpointFilePath = "/var/lib/partner-access/watch.json";
                watch.ApplyOnActivation = true;
                watch.LoadDesiredState = loadDesiredState;       // read on each activation, so edits are picked up
            });
        var host = builder.Build();
        #endregion

        return host;
    }
}
