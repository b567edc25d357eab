using PartnerAccess.Cli.Infrastructure;

namespace PartnerAccess.Cli.Tests.Infrastructure;

public sealed class ErrorReportingTests
{
    private static readonly string[] BrokenRequest =
        ["relationships", "create", "--name", "Contoso - Everything", "--duration", "900d", "--role", "Global Administrator", "--auto-extend"];

    [Fact]
    public async Task RuleViolation_PrintsEveryRuleCodeAndExits2WithoutStackTrace()
    {
        var result = await CliRun.RunAsync(BrokenRequest);

        result.ExitCode.Should().Be(ExitCodes.RuleViolation);
        result.Error.Should().Contain("2 GDAP rules were broken").And.Contain("duration.outOfRange").And.Contain("autoExtendDuration.globalAdministrator");
        result.Error.Should().NotContain("   at ").And.NotContain("PartnerAccessException");
        result.Output.Should().BeEmpty();
    }

    [Fact]
    public async Task RuleViolation_Verbose_AddsDetailsAndStackTrace()
    {
        var result = await CliRun.RunAsync([.. BrokenRequest, "--verbose"]);

        result.ExitCode.Should().Be(ExitCodes.RuleViolation);
        result.Error.Should().Contain("details:").And.Contain("error code: Validation").And.Contain("target duration")
            .And.Contain("PartnerAccess.Sdk.PartnerAccessException").And.Contain("   at ");
    }

    [Fact]
    public async Task RuleViolation_JsonOutput_WritesAnErrorObject()
    {
        var result = await CliRun.RunAsync([.. BrokenRequest, "-o", "json"]);

        result.ExitCode.Should().Be(ExitCodes.RuleViolation);
        var error = result.ErrorJson().GetProperty("error");
        error.GetProperty("code").GetString().Should().Be("validation");
        error.GetProperty("exitCode").GetInt32().Should().Be(2);
        error.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("code").GetString())
            .Should().BeEquivalentTo("duration.outOfRange", "autoExtendDuration.globalAdministrator");
    }

    [Fact]
    public async Task UnknownCommand_ExitsUsage()
    {
        var result = await CliRun.RunAsync("relationships", "frobnicate");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("frobnicate");
    }

    [Fact]
    public async Task MissingRequiredOption_ExitsUsage()
    {
        var result = await CliRun.RunAsync("relationships", "create", "--role", "Global Reader");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("--name");
    }

    [Fact]
    public async Task Help_ListsCommandsAndExitsZero()
    {
        var result = await CliRun.RunAsync("--help");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Output.Should().Contain("relationships").And.Contain("assignments").And.Contain("expiring").And.Contain("audit").And.Contain("--emulator");
    }

    [Fact]
    public async Task CancelledToken_ExitsWith130()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var result = await CliRun.RunAsync(["relationships", "list"], cancellation.Token);

        result.ExitCode.Should().Be(ExitCodes.Cancelled);
    }
}
