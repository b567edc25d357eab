using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NodaTime.Extensions;
using PartnerAccess.Samples.Snippets;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Conventions.Tests.Docs;

/// <summary>The snippets that need no tenant do what their docs say they do.</summary>
public sealed class SnippetRunTests
{
    [Fact]
    public async Task GettingStartedEmulator_Run_EndsWithAnActiveRelationship()
    {
        var active = await GettingStartedSnippets.OnTheEmulatorAsync();

        active.Status.Should().Be(RelationshipStatus.Active);
        active.DisplayName.Should().Be("Contoso - helpdesk");
    }

    [Fact]
    public async Task TestingWithTheFake_Run_RelationshipHasExpired()
    {
        (await TestingSnippets.WithTheFakeAsync()).Should().Be(RelationshipStatus.Expired);
    }

    [Fact]
    public async Task TestingWithTheEmulator_RunWithThrottling_ListsTheRelationship()
    {
        (await TestingSnippets.WithTheEmulatorAsync()).Should().Be(1);
    }

    [Fact]
    public async Task ErrorsHandling_Run_ReportsBothBrokenRules()
    {
        var codes = await ErrorsSnippets.CreateAndReportAsync(new InMemoryPartnerAccessClient(new FakeTimeProvider()));

        codes.Should().BeEquivalentTo([RuleCodes.DurationOutOfRange, RuleCodes.AutoExtendWithGlobalAdministrator]);
    }

    [Fact]
    public async Task ErrorsConcurrency_Run_SwitchesAutoExtendOn()
    {
        var client = new InMemoryPartnerAccessClient(new FakeTimeProvider());
        var relationship = await client.CreateRelationshipAsync(SecuritySnippets.LeastPrivilegeRequest() with { AutoExtendDuration = NodaTime.Duration.Zero });

        var changed = await ErrorsSnippets.EnableAutoExtendAsync(client, relationship.Id);

        changed.Window.AutoExtendDuration.Should().Be(Sdk.Time.GdapDurations.AutoExtendPeriod);
    }

    [Fact]
    public void ErrorsCheckFirst_TooLongRequest_NamesTheRule()
    {
        var violations = ErrorsSnippets.Check(SecuritySnippets.LeastPrivilegeRequest() with { Duration = NodaTime.Duration.FromDays(731) });

        violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.DurationOutOfRange);
    }

    [Fact]
    public void SecurityLeastPrivilege_Request_PassesEveryRule()
    {
        GdapRules.Default.ValidateCreate(SecuritySnippets.LeastPrivilegeRequest()).Should().BeEmpty();
    }

    [Fact]
    public void ConfigurationOneTimeProvider_Resolve_ClockAndClientShareTheFakeTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

        var (clockNow, providerNow) = ConfigurationSnippets.OneTimeProvider(time);

        clockNow.Should().Be(time.GetCurrentInstant());
        providerNow.Should().Be(time.GetUtcNow());
    }

    [Fact]
    public async Task ConfigurationUseInMemory_Resolve_UsesTheConfiguredDelays()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var provider = ConfigurationSnippets.InMemoryServices(time);

        provider.GetRequiredService<IPartnerAccessClient>().Should().BeOfType<InMemoryPartnerAccessClient>();
        provider.GetRequiredService<GdapSimulator>().Options.ActivationDelay.Should().Be(NodaTime.Duration.FromMinutes(5));
    }

    [Fact]
    public void ConfigurationUseGraph_Resolve_IsTheGraphClient()
    {
        ConfigurationSnippets.GraphHost([]).Should().BeOfType<GraphPartnerAccessClient>();
    }
}
