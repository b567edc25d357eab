using NodaTime;
using NodaTime.Text;
using PartnerAccess.Cli.Backends;
using PartnerAccess.Cli.Infrastructure;

namespace PartnerAccess.Cli.Tests.Commands;

public sealed class AuditCommandTests
{
    [Fact]
    public async Task SignIns_Demo_ListsPartnerSignInsNewestFirst()
    {
        var result = await CliRun.RunAsync("audit", "signins", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success);
        var records = result.Json().EnumerateArray().ToList();
        records.Should().NotBeEmpty();
        records.Should().OnlyContain(r => r.GetProperty("kind").GetString() == "partnerSignIn");
        records.Select(r => r.GetProperty("occurredAt").GetString()).Should().BeInDescendingOrder(StringComparer.Ordinal);
        records[0].GetProperty("signIn").GetProperty("userPrincipalName").GetString().Should().EndWith("@northwind-it.example");
    }

    [Fact]
    public async Task SignIns_Since_KeepsOnlyTheSpan()
    {
        var result = await CliRun.RunAsync("audit", "signins", "--since", "7d", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success);
        foreach (var record in result.Json().EnumerateArray())
        {
            InstantPattern.ExtendedIso.Parse(record.GetProperty("occurredAt").GetString()!).Value
                .Should().BeGreaterThanOrEqualTo(DemoPartner.Now - Duration.FromDays(7));
        }
    }

    [Fact]
    public async Task SignIns_Failed_ShowsOnlyFailures()
    {
        var result = await CliRun.RunAsync("audit", "signins", "--failed");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Output.Should().Contain("failed 50076").And.NotContain("success");
    }

    [Fact]
    public async Task Changes_ForOneRelationship_ShowsItsLifecycleInOrder()
    {
        var id = await RelationshipsCommandTests.IdOfAsync("Coho Vineyard - Full administration");

        var result = await CliRun.RunAsync("audit", "changes", "--relationship", id, "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success);
        var kinds = result.Json().EnumerateArray().Select(r => r.GetProperty("kind").GetString()).ToList();
        kinds.Should().ContainInOrder("relationshipCreated", "lockedForApproval", "approved", "activated", "assignmentCreated");
        kinds.Should().NotContain("partnerSignIn");
    }

    [Fact]
    public async Task Changes_Table_NamesActorsAndCustomers()
    {
        var result = await CliRun.RunAsync("audit", "changes", "--since", "30d");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Output.Should().Contain("Changes").And.Contain("Microsoft").And.Contain("change(s).");
    }

    [Fact]
    public async Task Changes_Csv_WritesTheSdkExport()
    {
        var result = await CliRun.RunAsync("audit", "changes", "--since", "30d", "--format", "csv");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Output.Split('\n')[0].Should().StartWith("id,");
        result.Output.Should().Contain(",RelationshipCreated,");
    }

    [Fact]
    public async Task SignIns_Jsonl_OneRecordPerLine()
    {
        var result = await CliRun.RunAsync("audit", "signins", "--since", "30d", "--format", "jsonl");

        result.ExitCode.Should().Be(ExitCodes.Success);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().NotBeEmpty();
        foreach (var line in lines)
        {
            System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("kind").GetString().Should().Be("PartnerSignIn");
        }
    }
}
