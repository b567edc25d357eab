using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.JustInTime;

namespace PartnerAccess.Sdk.Graph.Tests.JustInTime;

public class JustInTimeUseGraphTests
{
    [Fact]
    public async Task UseGraph_RegistersGraphJustInTimeAccessOverTheSameClient()
    {
        var time = new FakeTimeProvider(Gdap.Start);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddPartnerAccess().UseGraph(o => o.StaticAccessToken = "token");
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var access = provider.GetRequiredService<IJustInTimeAccess>();

        access.Should().BeOfType<GraphJustInTimeAccess>().And.BeSameAs(provider.GetRequiredService<GraphJustInTimeAccess>());
        access.TimeProvider.Should().BeSameAs(time);
        access.Policy.Should().Be(JustInTimePolicy.Default);
    }

    [Fact]
    public async Task UseInMemoryThenUseGraph_LastOneWinsForJustInTimeToo()
    {
        var services = new ServiceCollection();
        services.AddPartnerAccess().UseInMemory().UseGraph(o => o.StaticAccessToken = "token");
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IJustInTimeAccess>().Should().BeOfType<GraphJustInTimeAccess>();
    }
}
