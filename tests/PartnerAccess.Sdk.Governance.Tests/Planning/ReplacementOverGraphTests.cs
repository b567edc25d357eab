using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;
using static PartnerAccess.Sdk.Governance.Tests.Planning.PlanningFixtures;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>Role changes by replacement over the wire: the Graph client against the emulator, the emulator's clock moved by its control surface.</summary>
public sealed class ReplacementOverGraphTests
{
    private static readonly AccessTemplate Before = new AccessTemplate
    {
        Name = ServiceDesk.Name,
        Roles = [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator],
        Duration = ServiceDesk.Duration,
        AutoExtend = true,
    }.WithGroup(AgentsGroup, WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator).WithGroup(LeadsGroup);

    private static readonly Duration Minute = Duration.FromMinutes(1);

    private static Task<EmulatorHost> StartAsync(Duration approvalCleanup) => EmulatorHost.StartAsync(new GdapEmulatorOptions
    {
        StartTime = Now,
        Simulator = new GdapSimulatorOptions
        {
            ActivationDelay = Minute,
            AssignmentActivationDelay = Minute,
            TerminationDelay = Minute,
            ApprovalPendingCleanup = approvalCleanup,
        },
    });

    private static bool Serves(EmulatorHost host) =>
        host.Emulator.Simulator.ListRelationships()
            .Where(r => r.Status == RelationshipStatus.Active)
            .SelectMany(r => host.Emulator.Simulator.ListAccessAssignments(r.Id))
            .Where(a => a.Status == AccessAssignmentStatus.Active)
            .Select(a => a.SecurityGroupId)
            .ToHashSet()
            .IsSupersetOf([AgentsGroup, LeadsGroup]);

    private static async Task ServeBeforeAsync(EmulatorHost host, AccessPlanner planner, DesiredState before)
    {
        await planner.ApplyAsync(before);
        await host.ApproveAllAsync();
        await host.AdvanceAsync(Minute);
        await planner.ApplyAsync(before);
        await host.AdvanceAsync(Minute);
        Serves(host).Should().BeTrue();
    }

    [Fact]
    public async Task ApplyAsync_OverGraph_ReplacesAndEndsTheOldOnlyOnceTheNewServes()
    {
        await using var host = await StartAsync(Duration.FromDays(90));
        var planner = new AccessPlanner(host.Client);
        var desired = new DesiredState([ServiceDesk], [new DesiredCustomer(Contoso, [ServiceDesk.Name])]);
        await ServeBeforeAsync(host, planner, new DesiredState([Before], [new DesiredCustomer(Contoso, [ServiceDesk.Name])]));

        // Cancelled right after the replacement was created: the resumed run locks the same one.
        using (var cts = new CancellationTokenSource())
        {
            var intercepting = new InterceptingClient(host.Client)
            {
                After = call =>
                {
                    if (call.Kind == CallKind.CreateRelationship)
                    {
                        cts.Cancel();
                    }
                },
            };
            var cancelled = () => new AccessPlanner(intercepting).ApplyAsync(desired, cancellationToken: cts.Token);
            await cancelled.Should().ThrowAsync<OperationCanceledException>();
        }

        var resumed = await planner.PlanAsync(desired);
        resumed.Steps.Should().ContainSingle(s => s.IsWrite).Which.Kind.Should().Be(PlanStepKind.LockForApproval);
        (await planner.ApplyAsync(resumed)).Customers.Single().Outcome.Should().Be(CustomerOutcome.PendingApproval);
        (await planner.ApplyAsync(desired)).Writes.Should().Be(0, "a repeated apply requests nothing twice");
        Serves(host).Should().BeTrue();

        await host.ApproveAllAsync();
        await host.AdvanceAsync(Minute);
        (await planner.ApplyAsync(desired)).Writes.Should().Be(2, "both slots move to the replacement");
        (await planner.PlanAsync(desired)).Steps.Should().NotContain(s => s.Kind == PlanStepKind.TerminateReplacedRelationship);
        Serves(host).Should().BeTrue();

        await host.AdvanceAsync(Minute);
        var retire = await planner.PlanAsync(desired);
        retire.Steps.Should().ContainSingle(s => s.IsWrite).Which.Kind.Should().Be(PlanStepKind.TerminateReplacedRelationship);
        await planner.ApplyAsync(retire);
        Serves(host).Should().BeTrue();
        await host.AdvanceAsync(Minute + Minute);

        var relationships = host.Emulator.Simulator.ListRelationships();
        relationships.Single(r => r.Status == RelationshipStatus.Active).DisplayName.Should().Be(RelationshipNames.Derive(Contoso, ServiceDesk.Name, 2));
        relationships.Single(r => r.Status != RelationshipStatus.Active).Status.Should().Be(RelationshipStatus.Terminated);
        Serves(host).Should().BeTrue();
        (await planner.PlanAsync(desired)).Steps.Should().BeEmpty();
    }

    [Fact]
    public async Task PlanAsync_OverGraph_ApprovalLapses_SaysSoAndKeepsTheOld()
    {
        await using var host = await StartAsync(Duration.FromDays(95));
        var planner = new AccessPlanner(host.Client);
        var desired = new DesiredState([ServiceDesk], [new DesiredCustomer(Contoso, [ServiceDesk.Name])]);
        await ServeBeforeAsync(host, planner, new DesiredState([Before], [new DesiredCustomer(Contoso, [ServiceDesk.Name])]));
        await planner.ApplyAsync(desired);

        await host.AdvanceAsync(Duration.FromDays(91));
        var lapsed = await planner.PlanAsync(desired);

        lapsed.Writes.Should().Be(0);
        lapsed.Steps.Should().NotContain(s => s.Kind == PlanStepKind.AwaitApproval);
        lapsed.Steps.Should().Contain(s => s.Reason != null && s.Reason.Contains("did not approve its replacement"));
        Serves(host).Should().BeTrue();
    }
}
