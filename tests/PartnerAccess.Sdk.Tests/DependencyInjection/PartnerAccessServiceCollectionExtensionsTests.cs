using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Tests.DependencyInjection;

public class PartnerAccessServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Action<IServiceCollection>? before = null, Action<PartnerAccessOptions>? configure = null)
    {
        var services = new ServiceCollection();
        before?.Invoke(services);
        services.AddPartnerAccess(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void AddPartnerAccess_NothingRegistered_UsesTheSystemTimeProvider()
    {
        using var provider = Build();

        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(TimeProvider.System);
    }

    [Fact]
    public void AddPartnerAccess_FakeTimeProviderRegisteredFirst_KeepsIt()
    {
        var fake = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        using var provider = Build(s => s.AddSingleton<TimeProvider>(fake));

        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(fake);
        provider.GetServices<TimeProvider>().Should().ContainSingle();
    }

    [Fact]
    public void AddPartnerAccess_Clock_IsDerivedFromTheTimeProvider()
    {
        var fake = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        using var provider = Build(s => s.AddSingleton<TimeProvider>(fake));
        var clock = provider.GetRequiredService<IClock>();

        clock.GetCurrentInstant().Should().Be(Instant.FromUtc(2030, 1, 2, 3, 4, 5));
        fake.Advance(TimeSpan.FromDays(181));
        clock.GetCurrentInstant().Should().Be(fake.GetCurrentInstant());
        clock.GetCurrentInstant().Should().Be(Instant.FromUtc(2030, 1, 2, 3, 4, 5) + Duration.FromDays(181));
    }

    [Fact]
    public void AddPartnerAccess_ClockAlreadyRegistered_KeepsIt()
    {
        var clock = new NodaTime.Testing.FakeClock(Instant.FromUtc(2031, 1, 1, 0, 0));
        using var provider = Build(s => s.AddSingleton<IClock>(clock));

        provider.GetRequiredService<IClock>().Should().BeSameAs(clock);
    }

    [Fact]
    public void AddPartnerAccess_Singletons_AreShared()
    {
        using var provider = Build();

        provider.GetRequiredService<GdapRules>().Should().BeSameAs(provider.GetRequiredService<GdapRules>());
        provider.GetRequiredService<IClock>().Should().BeSameAs(provider.GetRequiredService<IClock>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AddPartnerAccess_Rules_HonourAllowRolesNotInCatalog(bool allow)
    {
        using var provider = Build(configure: o => o.AllowRolesNotInCatalog = allow);
        var rules = provider.GetRequiredService<GdapRules>();
        var request = Sample.CreateRequest(roles: [new PartnerAccess.Sdk.Access.RoleGrant(Guid.Parse("dd4db9a0-cc4a-4213-9f9f-70242232d97e"))]);

        rules.Options.AllowRolesNotInCatalog.Should().Be(allow);
        rules.ValidateCreate(request).Should().HaveCount(allow ? 0 : 1);
    }

    [Fact]
    public void AddPartnerAccess_Options_AreBound()
    {
        using var provider = Build(configure: o => o.PartnerTenantId = "8777b240-c6f0-4469-9e98-a3205431b836");

        provider.GetRequiredService<IOptions<PartnerAccessOptions>>().Value.PartnerTenantId.Should().Be("8777b240-c6f0-4469-9e98-a3205431b836");
    }

    [Theory]
    [InlineData("contoso.onmicrosoft.com")]
    [InlineData("")]
    [InlineData("8777b240-c6f0-4469-9e98")]
    public void AddPartnerAccess_PartnerTenantIdNotAGuid_FailsOnStart(string tenantId)
    {
        using var provider = Build(configure: o => o.PartnerTenantId = tenantId);

        var validateOnStart = () => provider.GetRequiredService<IStartupValidator>().Validate();
        var readOptions = () => provider.GetRequiredService<IOptions<PartnerAccessOptions>>().Value;

        validateOnStart.Should().Throw<OptionsValidationException>().WithMessage("*PartnerTenantId*must be a GUID*");
        readOptions.Should().Throw<OptionsValidationException>();
    }

    [Fact]
    public void AddPartnerAccess_PartnerTenantIdAbsentOrGuid_PassesStartValidation()
    {
        using var absent = Build();
        using var present = Build(configure: o => o.PartnerTenantId = "8777b240-c6f0-4469-9e98-a3205431b836");

        absent.GetRequiredService<IStartupValidator>().Invoking(v => v.Validate()).Should().NotThrow();
        present.GetRequiredService<IStartupValidator>().Invoking(v => v.Validate()).Should().NotThrow();
    }

    [Fact]
    public void AddPartnerAccess_ReturnsABuilderOverTheSameServices()
    {
        var services = new ServiceCollection();

        var builder = services.AddPartnerAccess();

        builder.Services.Should().BeSameAs(services);
    }

    [Fact]
    public void AddPartnerAccess_CalledTwice_RegistersOneOfEach()
    {
        var services = new ServiceCollection();
        services.AddPartnerAccess();
        services.AddPartnerAccess();

        services.Count(d => d.ServiceType == typeof(TimeProvider)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IClock)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(GdapRules)).Should().Be(1);
    }

    [Fact]
    public void AddPartnerAccess_NullServices_Throws()
    {
        FluentActions.Invoking(() => PartnerAccessServiceCollectionExtensions.AddPartnerAccess(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void AddPartnerAccess_CalledTwice_RegistersOneValidator()
    {
        var services = new ServiceCollection();
        services.AddPartnerAccess();
        services.AddPartnerAccess();

        services.Count(d => d.ServiceType == typeof(IValidateOptions<PartnerAccessOptions>)).Should().Be(1);
    }

    [Fact]
    public void AddPartnerAccess_InvalidPartnerTenantId_ValidatorReportsItThroughTheOptionsPattern()
    {
        using var provider = Build(configure: o => o.PartnerTenantId = "contoso");

        var validators = provider.GetServices<IValidateOptions<PartnerAccessOptions>>().ToList();
        var result = validators.Should().ContainSingle().Subject.Validate(Options.DefaultName, new PartnerAccessOptions { PartnerTenantId = "contoso" });

        result.Failed.Should().BeTrue();
        result.Failures.Should().ContainSingle().Which.Should().Contain("'contoso'");
    }
}
