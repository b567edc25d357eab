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
