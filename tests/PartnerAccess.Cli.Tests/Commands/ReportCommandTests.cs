using System.Text.Json;
using PartnerAccess.Cli.Backends;
using PartnerAccess.Cli.Infrastructure;

namespace PartnerAccess.Cli.Tests.Commands;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("partner-access-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Report_Table_ShowsAccessAndFindings()
    {
        var result = await CliRun.RunAsync("report");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Output.Should().Contain("Access in force").And.Contain("Escalation engineers").And.Contain("Least-privilege findings")
            .And.Contain("globalAdministrator.held").And.Contain("role.noSignInActivity");
    }

    [Fact]
    public async Task Report_Csv_HasHeaderAndOneRowPerRole()
    {
        var result = await CliRun.RunAsync("report", "--format", "csv");

        result.ExitCode.Should().Be(ExitCodes.Success);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().StartWith("customerTenantId,customerName,workload,role,roleId");
        lines.Length.Should().BeGreaterThan(50);
    }

    [Fact]
    public async Task Report_OutputJson_IsTheReportDocument()
    {
        var result = await CliRun.RunAsync("report", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Json().ValueKind.Should().Be(System.Text.Json.JsonValueKind.Object);
        result.Output.Should().Contain("2025-11-03T09:00:00Z");
    }

    [Fact]
    public async Task Report_OutputJson_CarriesFindingsJustInTimeAndGroupHealthLikeTheTable()
    {
        var result = await CliRun.RunAsync("report", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var json = result.Json();
        var findings = json.GetProperty("findings").EnumerateArray().ToList();
        findings.Select(f => f.GetProperty("code").GetString()).Should().Contain(["globalAdministrator.held", "role.noSignInActivity", "jit.standingAccess"]);
        var globalAdmin = findings.First(f => f.GetProperty("code").GetString() == "globalAdministrator.held");
        globalAdmin.GetProperty("severity").GetString().Should().Be("high");
        globalAdmin.GetProperty("role").GetProperty("name").GetString().Should().Be("Global Administrator");
        globalAdmin.GetProperty("relationshipId").GetString().Should().NotBeNullOrEmpty();
        json.GetProperty("justInTime").GetProperty("rows").EnumerateArray().Should().Contain(r => r.GetProperty("standing").GetString() == "standing" && r.GetProperty("userName").GetString() != null);
        json.GetProperty("groupHealth").EnumerateArray().Should().Contain(h => h.GetProperty("kind").GetString() == "accessContainerMissing");
        json.GetProperty("readiness").ValueKind.Should().Be(JsonValueKind.Null, "no templates were given");
    }

    [Fact]
    public async Task Report_OutputJsonWithTemplates_CarriesEachCustomersReadiness()
    {
        var contoso = DemoPartner.Customers[0];

        var result = await CliRun.RunAsync("report", "-o", "json", "-t", "Service desk", "--bind", "Service desk agents=Helpdesk agents", "--customer", contoso.TenantId);

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var readiness = result.Json().GetProperty("readiness").EnumerateArray().Should().ContainSingle().Subject;
        readiness.GetProperty("tenantId").GetString().Should().Be(contoso.TenantId);
        readiness.GetProperty("verdict").GetString().Should().Be("broken");
        readiness.GetProperty("reasons")[0].GetProperty("code").GetString().Should().Be("relationship.missing");
    }

    [Fact]
    public async Task Report_OutputJsonBackendWithoutGroupsOrJustInTime_WritesThoseAsNullNotEmpty()
    {
        var result = await CliRun.RunAsync(() => new Backend(DemoPartner.Create(), "demo without directory"), ["report", "-o", "json"], CancellationToken.None);

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var json = result.Json();
        json.GetProperty("groupHealth").ValueKind.Should().Be(JsonValueKind.Null, "the groups could not be checked");
        json.GetProperty("justInTime").ValueKind.Should().Be(JsonValueKind.Null);
        json.GetProperty("findings").GetArrayLength().Should().BePositive();
    }

    [Fact]
    public async Task Report_OutputJson_KeepsTheSdkDocumentFieldsAsTheFileExportWritesThem()
    {
        var path = Path.Combine(_directory, "access.json");

        var terminal = await CliRun.RunAsync("report", "-o", "json");
        var file = await CliRun.RunAsync("report", "--format", "json", "--out", path);

        terminal.ExitCode.Should().Be(ExitCodes.Success, terminal.Error);
        file.ExitCode.Should().Be(ExitCodes.Success, file.Error);
        var exported = JsonDocument.Parse(await File.ReadAllTextAsync(path)).RootElement;
        exported.EnumerateObject().Select(p => p.Name).Should().Equal("generatedAt", "customers", "roles");
        foreach (var property in exported.EnumerateObject())
        {
            terminal.Json().GetProperty(property.Name).GetRawText().Should().Be(property.Value.GetRawText(), $"{property.Name} is unchanged");
        }
    }

    [Fact]
    public async Task Report_HtmlToFile_WritesAPageWithFindings()
    {
        var path = Path.Combine(_directory, "access.html");

        var result = await CliRun.RunAsync("report", "--format", "html", "--out", path);

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Output.Should().Contain("Wrote");
        var html = await File.ReadAllTextAsync(path);
        html.Should().StartWith("<!DOCTYPE html>").And.Contain("Global Administrator").And.Contain("Contoso");
    }

    [Fact]
    public async Task Report_TableWithOut_ExitsUsage()
    {
        var result = await CliRun.RunAsync("report", "--out", Path.Combine(_directory, "x.txt"));

        result.ExitCode.Should().Be(ExitCodes.Usage);
    }
}
