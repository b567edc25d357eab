using System.Reflection;
using NodaTime;
using NodaTime.Text;
using PartnerAccess.Cli.Backends;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.JustInTime;

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

    [Fact]
    public async Task Changes_Demo_MergesElevationsIntoTheTrailOldestFirst()
    {
        var result = await CliRun.RunAsync("audit", "changes", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var records = result.Json().EnumerateArray().ToList();
        var kinds = records.Select(r => r.GetProperty("kind").GetString()).ToList();
        kinds.Should().Contain(["relationshipCreated", "elevationActivated", "elevationRevoked", "elevationExpired"]);
        records.Select(r => r.GetProperty("occurredAt").GetString()).Should().BeInAscendingOrder(StringComparer.Ordinal);
        records.Select(r => r.GetProperty("id").GetString()).Should().OnlyHaveUniqueItems();
        records.Where(r => r.GetProperty("kind").GetString() == "elevationRevoked")
            .Should().OnlyContain(r => r.GetProperty("details").GetProperty("ticketNumber").GetString() == "INC-4471");
    }

    [Fact]
    public async Task Changes_Table_ShowsElevationsWithTheUsersName()
    {
        var result = await CliRun.RunAsync("audit", "changes", "--since", "30d");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        result.Output.Should().Contain("elevationActivated").And.Contain("elevationExpired").And.Contain("Lee Gu").And.Contain("Alex Wilber elevated into Helpdesk agents");
    }

    [Fact]
    public async Task Changes_JsonlAndCsv_ExportTheElevations()
    {
        var jsonl = await CliRun.RunAsync("audit", "changes", "--since", "30d", "--format", "jsonl");
        var csv = await CliRun.RunAsync("audit", "changes", "--since", "30d", "--format", "csv");

        jsonl.ExitCode.Should().Be(ExitCodes.Success, jsonl.Error);
        var lines = jsonl.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        lines.Should().Contain(l => l.GetProperty("kind").GetString() == "ElevationActivated" && l.GetProperty("details").GetProperty("ticketNumber").GetString() == "INC-4630");
        lines.Should().Contain(l => l.GetProperty("kind").GetString() == "RelationshipCreated");
        csv.ExitCode.Should().Be(ExitCodes.Success, csv.Error);
        csv.Output.Should().Contain(",ElevationActivated,").And.Contain(",ElevationExpired,").And.Contain("INC-4502");
    }

    [Fact]
    public async Task Changes_OneCustomerAndOnlyElevations_KeepsTheFilters()
    {
        var all = (await CliRun.RunAsync("audit", "changes", "-o", "json")).Json().EnumerateArray().ToList();
        var customer = all.First(r => r.GetProperty("kind").GetString() == "elevationActivated").GetProperty("customerTenantId").GetString()!;

        var result = await CliRun.RunAsync("audit", "changes", "--customer", customer, "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var records = result.Json().EnumerateArray().ToList();
        records.Should().Contain(r => r.GetProperty("kind").GetString() == "elevationActivated");
        records.Should().OnlyContain(r => r.GetProperty("customerTenantId").GetString() == customer);
    }

    [Fact]
    public async Task Changes_BackendWithoutJustInTime_ShowsOnlyTheLifecycle()
    {
        var result = await CliRun.RunAsync(() => DemoBackend(justInTime: null), ["audit", "changes", "-o", "json"], CancellationToken.None);

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var kinds = result.Json().EnumerateArray().Select(r => r.GetProperty("kind").GetString()).ToList();
        kinds.Should().Contain("relationshipCreated").And.NotContain(k => k!.StartsWith("elevation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Changes_PimRefused_ShowsTheLifecycleAndSaysElevationsAreLeftOut()
    {
        var refused = DispatchProxy.Create<IJustInTimeAccess, RefusingJustInTimeAccess>();

        var result = await CliRun.RunAsync(() => DemoBackend(refused), ["audit", "changes", "-o", "json"], CancellationToken.None);

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        result.Json().EnumerateArray().Select(r => r.GetProperty("kind").GetString()).Should().Contain("relationshipCreated");
        result.Error.Should().Contain("Just-in-time elevations left out").And.Contain("No PIM licence");
    }

    private static Backend DemoBackend(IJustInTimeAccess? justInTime)
    {
        var demo = DemoPartner.Create();
        return new Backend(demo, "demo") { PartnerTenantId = DemoPartner.PartnerTenantId, SecurityGroupNames = DemoPartner.GroupNames, HasSignIns = true, JustInTime = justInTime };
    }

    /// <summary>PIM for Groups without a licence: every call is refused.</summary>
    public class RefusingJustInTimeAccess : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new PartnerAccessException(PartnerAccessErrorCode.Unauthorized, "No PIM licence.");
    }
}
