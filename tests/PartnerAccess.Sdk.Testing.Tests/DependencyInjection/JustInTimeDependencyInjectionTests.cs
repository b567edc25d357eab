using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk.JustInTime;

namespace PartnerAccess.Sdk.Testing.Tests.DependencyInjection;

public class JustInTimeDependencyInjectionTests
{
    [Fact]
    public async Task UseInMemory_RegistersJustInTimeAccessOnTheSameClockWithTheRegisteredPolicy()
    {
        var time = new FakeTimeProvider(Gdap.Start);
        var policy = new JustInTimePolicy { MaximumElevation = Duration.FromHours(2) };
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(policy);
        services.AddPartnerAccess().UseInMemory();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var access = provider.GetRequiredService<IJustInTimeAccess>();

        access.Should().BeSameAs(provider.GetRequiredService<InMemoryJustInTimeAccess>());
        access.TimeProvider.Should().BeSameAs(time);
        access.Policy.Should().BeSameAs(policy);
        provider.GetRequiredService<PimForGroupsSimulator>().TimeProvider.Should().BeSameAs(time);
    }
}
