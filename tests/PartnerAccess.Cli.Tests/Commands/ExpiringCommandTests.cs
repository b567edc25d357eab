using NodaTime;
using NodaTime.Text;
using PartnerAccess.Cli.Backends;
using PartnerAccess.Cli.Infrastructure;

namespace PartnerAccess.Cli.Tests.Commands;

public sealed class ExpiringCommandTests
{
    [Fact]
    public async Task Expiring_Within30Days_ListsOnlyActiveNonRenewingOnesEndingInTheSpan()
    {
        var result = await CliRun.RunAsync("expiring", "--within", "30d", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success);
        var relationships = result.Json().EnumerateArray().ToList();
        relationships.Should().NotBeEmpty();
        foreach (var relationship in relationships)
        {
            relationship.GetProperty("status").GetString().Should().Be("active");
            relationship.GetProperty("autoExtends").GetBoolean().Should().BeFalse();
            var endsAt = InstantPattern.ExtendedIso.Parse(relationship.GetProperty("endsAt").GetString()!).Value;
            endsAt.Should().BeGreaterThanOrEqualTo(DemoPartner.Now).And.BeLessThanOrEqualTo(DemoPartner.Now + Duration.FromDays(30));
        }

        relationships.Select(r => r.GetProperty("endsAt").GetString()).Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public async Task Expiring_ShorterSpan_ListsFewer()
    {
        var month = await CliRun.RunAsync("expiring", "--within", "30d", "-o", "json");
        var week = await CliRun.RunAsync("expiring", "--within", "1w", "-o", "json");

        week.Json().GetArrayLength().Should().BeGreaterThan(0).And.BeLessThan(month.Json().GetArrayLength());
    }

    [Fact]
    public async Task Expiring_Table_CallsOutGlobalAdministrator()
    {
        var result = await CliRun.RunAsync("expiring");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Output.Should().Contain("Lapsing within 30 days").And.Contain("Coho Vineyard").And.Contain("hold Global Administrator");
    }

    [Fact]
    public async Task Expiring_MalformedSpan_IsAUsageError()
    {
        var result = await CliRun.RunAsync("expiring", "--within", "soon");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("'soon' is not a span");
    }
}
