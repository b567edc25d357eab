using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PartnerAccess.Sdk.Lifecycle;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;
using PlanningFixtures = PartnerAccess.Sdk.Governance.Tests.Planning.PlanningFixtures;

namespace PartnerAccess.Sdk.Governance.Tests.Lifecycle;

/// <summary>The hosted relationship watch: apply runs for the customer whose relationship was just activated.</summary>
public sealed class RelationshipWatchBackgroundServiceTests
{
    [Fact]
    public async Task BackgroundService_Activation_AppliesForThatCustomerOnly()
    {
        var time = new ObservableTimeProvider();
        var client = new InMemoryPartnerAccessClient(time);
        var desired = new DesiredState([PlanningFixtures.ServiceDesk],
        [
            new DesiredCustomer(PlanningFixtures.Contoso, [PlanningFixtures.ServiceDesk.Name]),
            new DesiredCustomer(PlanningFixtures.Fabrikam, [PlanningFixtures.ServiceDesk.Name]),
        ]);
        await new AccessPlanner(client).ApplyAsync(desired);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IPartnerAccessClient>(client);
        services.AddPartnerAccess().AddRelationshipWatch(o =>
        {
            o.RunInBackground = true;
            o.ApplyOnActivation = true;
            o.LoadDesiredState = _ => Task.FromResult(desired);
        });
        await using var provider = services.BuildServiceProvider();
        var service = provider.GetServices<IHostedService>().OfType<RelationshipWatchBackgroundService>().Single();
        var activated = new TaskCompletionSource<RelationshipEventHandled>(TaskCreationOptions.RunContinuationsAsynchronously);
        service.EventHandled += (_, handled) =>
        {
            if (handled.Event.Kind == RelationshipEventKind.Activated)
            {
                activated.TrySetResult(handled);
            }
        };

        await service.StartAsync(CancellationToken.None);
        (await time.NextDelayAsync()).Should().Be(TimeSpan.FromMinutes(1), "the baseline holds two relationships awaiting approval");
        var contoso = client.Simulator.ListRelationships().Single(r => r.Customer!.TenantId == PlanningFixtures.Contoso.TenantId);
        client.Simulator.Approve(contoso.Id);
        time.Advance(TimeSpan.FromMinutes(1));
        var handled = await activated.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None);

        handled.Event.RelationshipId.Should().Be(contoso.Id);
        handled.Applied!.Customers.Should().ContainSingle().Which.Customer.Should().Be(PlanningFixtures.Contoso);
        handled.Applied.Writes.Should().Be(2, "both groups of the service desk got their roles");
        client.Simulator.ListAccessAssignments(contoso.Id).Should().HaveCount(2);
        var fabrikam = client.Simulator.ListRelationships().Single(r => r.Customer!.TenantId == PlanningFixtures.Fabrikam.TenantId);
        fabrikam.Status.Should().Be(RelationshipStatus.ApprovalPending, "the other customer was left alone");
    }

    [Fact]
    public async Task AddRelationshipWatch_CheckpointFilePath_UsesTheJsonFileStore()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IPartnerAccessClient>(new InMemoryPartnerAccessClient());
        services.AddPartnerAccess().AddRelationshipWatch(o => o.CheckpointFilePath = Path.Combine(Path.GetTempPath(), "unused-watch.json"));
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IRelationshipWatchCheckpointStore>().Should().BeOfType<JsonFileRelationshipWatchCheckpointStore>();
        provider.GetRequiredService<RelationshipWatcher>().Options.IdleInterval.Should().Be(TimeSpan.FromMinutes(15));
    }
    [Fact]
    public async Task AddRelationshipWatch_ApplyOnActivationWithoutDesiredState_FailsValidationNamingEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IPartnerAccessClient>(new InMemoryPartnerAccessClient());
        services.AddPartnerAccess().AddRelationshipWatch(o =>
        {
            o.ApplyOnActivation = true;
            o.Watcher = new RelationshipWatcherOptions { PendingInterval = TimeSpan.Zero };
        });
        await using var provider = services.BuildServiceProvider();

        var read = () => provider.GetRequiredService<IOptions<RelationshipWatchOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().Which.Failures.Should().HaveCount(2)
            .And.Contain(f => f.Contains("needs LoadDesiredState")).And.Contain(f => f.Contains("PendingInterval must be positive"));
    }

    [Fact]
    public async Task BackgroundService_ApplyFails_LogsAndKeepsWatching()
    {
        var time = new ObservableTimeProvider();
        var client = new InMemoryPartnerAccessClient(time);
        var desired = new DesiredState([PlanningFixtures.ServiceDesk], [new DesiredCustomer(PlanningFixtures.Contoso, [PlanningFixtures.ServiceDesk.Name])]);
        await new AccessPlanner(client).ApplyAsync(desired);
        var loads = 0;
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IPartnerAccessClient>(client);
        services.AddPartnerAccess().AddRelationshipWatch(o =>
        {
            o.RunInBackground = true;
            o.ApplyOnActivation = true;
            o.LoadDesiredState = _ => ++loads == 1 ? throw new IOException("desired-state file is locked") : Task.FromResult(desired);
        });
        await using var provider = services.BuildServiceProvider();
        var service = provider.GetServices<IHostedService>().OfType<RelationshipWatchBackgroundService>().Single();
        var handled = new List<RelationshipEventHandled>();
        var terminated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        service.EventHandled += (_, e) =>
        {
            lock (handled)
            {
                handled.Add(e);
            }

            if (e.Event.Kind == RelationshipEventKind.Terminated)
            {
                terminated.TrySetResult();
            }
        };

        await service.StartAsync(CancellationToken.None);
        await time.NextDelayAsync();
        var relationship = client.Simulator.ListRelationships().Single();
        client.Simulator.Approve(relationship.Id);
        time.Advance(TimeSpan.FromMinutes(1));
        await time.NextDelayAsync();
        await client.TerminateRelationshipAsync(relationship.Id);
        time.Advance(TimeSpan.FromMinutes(15));
        await terminated.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None);

        handled.Select(h => h.Event.Kind).Should().Equal(RelationshipEventKind.Approved, RelationshipEventKind.Activated, RelationshipEventKind.Terminated);
        handled.Single(h => h.Event.Kind == RelationshipEventKind.Activated).Applied.Should().BeNull("the apply failed and was logged");
    }
}
