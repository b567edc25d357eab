using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>The planner checks its options once and names every problem, not the first one found.</summary>
public sealed class AccessPlannerOptionsTests
{
    [Fact]
    public void Constructor_TwoInvalidOptions_ThrowsNamingBoth()
    {
        var client = new InMemoryPartnerAccessClient(new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        var create = () => new AccessPlanner(client, new AccessPlannerOptions { MaxConcurrency = 0, RenewWithin = Duration.FromDays(-1) });

        create.Should().Throw<ArgumentException>().WithParameterName("options")
            .Which.Message.Should().Contain(nameof(AccessPlannerOptions.MaxConcurrency)).And.Contain(nameof(AccessPlannerOptions.RenewWithin));
    }

    [Fact]
    public void Constructor_DefaultOptions_AreValid()
    {
        var client = new InMemoryPartnerAccessClient(new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        var planner = new AccessPlanner(client);

        planner.Options.Should().Be(new AccessPlannerOptions());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Constructor_NonPositiveLimitHint_ThrowsNamingIt(double hint)
    {
        var client = new InMemoryPartnerAccessClient(new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        var create = () => new AccessPlanner(client, new AccessPlannerOptions { RequestsPerSecondLimitHint = hint });

        create.Should().Throw<ArgumentException>().Which.Message.Should().Contain(nameof(AccessPlannerOptions.RequestsPerSecondLimitHint));
    }

    [Fact]
    public void Constructor_LimitHint_PacerStartsJustBelowItAndReportsItAsTheLimit()
    {
        var client = new InMemoryPartnerAccessClient(new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        var planner = new AccessPlanner(client, new AccessPlannerOptions { RequestsPerSecondLimitHint = 200 });

        planner.CurrentRequestsPerSecond.Should().Be(192);
        planner.MeasuredRequestsPerSecondLimit.Should().Be(200);
    }
}
