using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Testing.Tests.DependencyInjection;

public class PartnerAccessBuilderInMemoryExtensionsTests
{
    private const string PartnerTenant = "11111111-2222-4333-8444-555555555555";

    [Fact]
    public async Task UseInMemory_FakeTimeProviderRegistered_EverythingRunsOnThatOneClock()
    {
        var time = new FakeTimeProvider(Gdap.Start);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddPartnerAccess(o => o.PartnerTenantId = PartnerTenant)
            .UseInMemory(o => o with { ActivationDelay = Duration.FromMinutes(5) });
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var client = provider.GetRequiredService<IPartnerAccessClient>();
        var inMemory = provider.GetRequiredService<InMemoryPartnerAccessClient>();
        var simulator = provider.GetRequiredService<GdapSimulator>();

        client.Should().BeSameAs(inMemory);
        inMemory.Simulator.Should().BeSameAs(simulator);
        simulator.TimeProvider.Should().BeSameAs(time);
        client.TimeProvider.Should().BeSameAs(time);
        simulator.Options.PartnerTenantId.Should().Be(PartnerTenant);
        simulator.Options.ActivationDelay.Should().Be(Duration.FromMinutes(5));

        var relationship = await client.CreateRelationshipAsync(Gdap.Request(customer: Gdap.Contoso));
        relationship.Id.Should().EndWith(PartnerTenant);
        await client.LockForApprovalAsync(relationship.Id);
        simulator.Approve(relationship.Id).Status.Should().Be(RelationshipStatus.Activating);
        time.Advance(TimeSpan.FromMinutes(5));
        (await client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.Active);
    }

    [Fact]
    public void UseInMemory_AllowRolesNotInCatalog_ReachesTheSimulatorsRules()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Gdap.Start));
        services.AddPartnerAccess(o => o.AllowRolesNotInCatalog = true).UseInMemory();
        using var provider = services.BuildServiceProvider();

        var simulator = provider.GetRequiredService<GdapSimulator>();

        simulator.Rules.Options.AllowRolesNotInCatalog.Should().BeTrue();
        simulator.Options.PartnerTenantId.Should().Be(new GdapSimulatorOptions().PartnerTenantId);
        simulator.CreateRelationship(Gdap.Request(roles: [new Access.RoleGrant(Guid.Parse("dd4db9a0-cc4a-4213-9f9f-70242232d97e"))]))
            .Status.Should().Be(RelationshipStatus.Created);
    }

    [Fact]
    public void UseInMemory_NoTimeProviderRegistered_UsesSystemClock()
    {
        var services = new ServiceCollection();
        services.AddPartnerAccess().UseInMemory();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IPartnerAccessClient>().TimeProvider.Should().BeSameAs(TimeProvider.System);
    }

    [Fact]
    public void UseInMemory_ClientRegisteredEarlier_ReplacesIt()
    {
        var earlier = new InMemoryPartnerAccessClient(new FakeTimeProvider(Gdap.Start));
        var services = new ServiceCollection();
        services.AddSingleton<IPartnerAccessClient>(earlier);
        services.AddPartnerAccess().UseInMemory();
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IPartnerAccessClient>();

        client.Should().NotBeSameAs(earlier, "the last choice of implementation wins").And.BeSameAs(provider.GetRequiredService<InMemoryPartnerAccessClient>());
        provider.GetServices<IPartnerAccessClient>().Should().ContainSingle();
    }

    [Fact]
    public void UseInMemory_CalledTwice_RegistersOneClientAndKeepsTheSharedSingletons()
    {
        var time = new FakeTimeProvider(Gdap.Start);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddPartnerAccess().UseInMemory().UseInMemory();
        using var provider = services.BuildServiceProvider();

        provider.GetServices<IPartnerAccessClient>().Should().ContainSingle();
        services.Count(d => d.ServiceType == typeof(GdapSimulator)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(TimeProvider)).Should().Be(1);
        provider.GetRequiredService<IPartnerAccessClient>().TimeProvider.Should().BeSameAs(time);
    }

    [Fact]
    public async Task UseInMemory_PartnerGroups_RegisteredOnTheContainersClock()
    {
        var time = new FakeTimeProvider(Gdap.Start);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddPartnerAccess().UseInMemory();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var groups = provider.GetRequiredService<PartnerAccess.Sdk.Groups.IPartnerGroups>();
        var created = await groups.CreateSecurityGroupAsync(new PartnerAccess.Sdk.Groups.CreatePartnerGroupRequest { DisplayName = "GDAP - Helpdesk" });

        groups.Should().BeSameAs(provider.GetRequiredService<InMemoryPartnerGroups>());
        provider.GetRequiredService<PartnerGroupDirectory>().List().Should().ContainSingle().Which.Id.Should().Be(created.Id);
        created.CreatedAt.Should().Be(Instant.FromDateTimeOffset(Gdap.Start));
    }
}
