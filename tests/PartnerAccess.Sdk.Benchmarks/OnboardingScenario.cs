using System.Diagnostics;
using Microsoft.Graph.Models;
using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Benchmarks;

/// <summary>
/// (a) Onboarding N customers: create and lock, customer approval, then two assignments each, at 20 ms latency and a
/// throttle of 200 requests per second. The approval is the customer's step and is not timed.
/// </summary>
internal static class OnboardingScenario
{
    public const int LatencyMs = 20;
    public const int RatePerSecond = 200;

    public sealed record PhaseResult(string Name, TimeSpan Elapsed, RequestCounts Requests);

    public sealed record Result(string Variant, int Customers, IReadOnlyList<PhaseResult> Phases)
    {
        /// <summary>The limit the pacer measured, for the next run's hint.</summary>
        public double? MeasuredLimit { get; init; }

        public TimeSpan Onboarding => Phases.Where(p => p.Name is "create+lock" or "assign").Aggregate(TimeSpan.Zero, (t, p) => t + p.Elapsed);

        public int OnboardingRequests => Phases.Where(p => p.Name is "create+lock" or "assign").Sum(p => p.Requests.Total);

        public int OnboardingThrottled => Phases.Where(p => p.Name is "create+lock" or "assign").Sum(p => p.Requests.Throttled);
    }

    /// <param name="limitHint">The limit an earlier run measured (its <see cref="Result.MeasuredLimit"/>); none for a first run.</param>
    public static async Task<Result> PlanApplyAsync(EmulatorProcess emulator, int customers, double? limitHint = null)
    {
        await emulator.ResetAsync();
        await emulator.SetFaultsAsync(LatencyMs, RatePerSecond);
        var pacer = new RequestPacer(TimeProvider.System, initialRate: null, maxRate: null, limitHint);
        using var client = Workload.Sdk(emulator.GraphBaseUrl, pacer);
        var planner = new AccessPlanner(client, new AccessPlannerOptions { Pacer = pacer, PaceEachCall = false });
        var desired = DesiredState.ForAll(Workload.Customers(customers), Workload.Template);
        var phases = new List<PhaseResult>();

        await emulator.ClearRequestLogAsync();
        var clock = Stopwatch.StartNew();
        var created = await planner.ApplyAsync(desired);
        phases.Add(new PhaseResult("create+lock", clock.Elapsed, await emulator.CountRequestsAsync()));
        Require(created.PendingApproval == customers, $"create+lock: {created}");

        await emulator.ApproveAsync(created.Customers.SelectMany(c => c.ApprovalLinks).Select(Workload.IdFromApprovalLink));

        await emulator.ClearRequestLogAsync();
        clock.Restart();
        var assigned = await planner.ApplyAsync(desired);
        phases.Add(new PhaseResult("assign", clock.Elapsed, await emulator.CountRequestsAsync()));
        Require(assigned.Succeeded == customers && assigned.Writes == 2 * customers, $"assign: {assigned}");

        await emulator.ClearRequestLogAsync();
        clock.Restart();
        var again = await planner.PlanAsync(desired);
        phases.Add(new PhaseResult("re-plan (0 writes)", clock.Elapsed, await emulator.CountRequestsAsync()));
        Require(again.Writes == 0, $"re-plan: {again.Writes} writes");
        var measured = pacer.MeasuredLimit;

        // Reading every assignment when latency, not the rate limit, sets the pace: where $batch pays.
        await emulator.SetFaultsAsync(LatencyMs, 0);
        using var unpaced = Workload.Sdk(emulator.GraphBaseUrl);
        foreach (var batch in new[] { false, true })
        {
            var reader = new AccessPlanner(unpaced, new AccessPlannerOptions { UseBatchReads = batch });
            await emulator.ClearRequestLogAsync();
            clock.Restart();
            var plan = await reader.PlanAsync(desired);
            phases.Add(new PhaseResult(batch ? "re-plan, no throttle, $batch" : "re-plan, no throttle, 1 call each", clock.Elapsed, await emulator.CountRequestsAsync()));
            Require(plan.Writes == 0, "read-only re-plan");
        }

        var variant = limitHint is { } hint
            ? $"plan/apply, limit hint {hint:F0}/s from the previous run"
            : "plan/apply (AccessPlanner over GraphPartnerAccessClient)";
        return new Result(variant, customers, phases) { MeasuredLimit = measured };
    }

    public static async Task<Result> NaiveAsync(EmulatorProcess emulator, int customers)
    {
        await emulator.ResetAsync();
        await emulator.SetFaultsAsync(LatencyMs, RatePerSecond);
        var graph = Workload.RawGraph(emulator.GraphBaseUrl);
        var relationships = graph.TenantRelationships.DelegatedAdminRelationships;
        var roles = Workload.Template.Roles.Select(r => new UnifiedRole { RoleDefinitionId = r.RoleDefinitionId.ToString() }).ToList();
        var ids = new List<string>();
        var phases = new List<PhaseResult>();

        await emulator.ClearRequestLogAsync();
        var clock = Stopwatch.StartNew();
        foreach (var customer in Workload.Customers(customers))
        {
            var relationship = await relationships.PostAsync(new DelegatedAdminRelationship
            {
                DisplayName = $"Naive {customer.DisplayName}",
                Duration = TimeSpan.FromDays(730),
                AutoExtendDuration = TimeSpan.FromDays(180),
                Customer = new DelegatedAdminRelationshipCustomerParticipant { TenantId = customer.TenantId },
                AccessDetails = new DelegatedAdminAccessDetails { UnifiedRoles = roles },
            });
            await relationships[relationship!.Id].Requests.PostAsync(new DelegatedAdminRelationshipRequest { Action = DelegatedAdminRelationshipRequestAction.LockForApproval });
            ids.Add(relationship.Id!);
        }

        phases.Add(new PhaseResult("create+lock", clock.Elapsed, await emulator.CountRequestsAsync()));
        await emulator.ApproveAsync(ids);

        await emulator.ClearRequestLogAsync();
        clock.Restart();
        foreach (var id in ids)
        {
            foreach (var group in Workload.Template.Groups)
            {
                await relationships[id].AccessAssignments.PostAsync(new DelegatedAdminAccessAssignment
                {
                    AccessContainer = new DelegatedAdminAccessContainer { AccessContainerId = group.SecurityGroupId, AccessContainerType = DelegatedAdminAccessContainerType.SecurityGroup },
                    AccessDetails = new DelegatedAdminAccessDetails { UnifiedRoles = group.Roles.Select(r => new UnifiedRole { RoleDefinitionId = r.RoleDefinitionId.ToString() }).ToList() },
                });
            }
        }

        phases.Add(new PhaseResult("assign", clock.Elapsed, await emulator.CountRequestsAsync()));
        return new Result("naive sequential, raw GraphServiceClient", customers, phases);
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("The scenario did not reach its state: " + what);
        }
    }
}
