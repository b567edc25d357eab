using PartnerAccess.Cli.Backends;
using PartnerAccess.Cli.Infrastructure;

namespace PartnerAccess.Cli.Tests.Commands;

public sealed class NotifyCommandTests
{
    [Fact]
    public async Task DryRun_Demo_ComposesNoticesForExpiringAccessAndSendsNothing()
    {
        var result = await CliRun.RunAsync("notify", "--dry-run", "--partner-to", "admin-agents@northwind-it.example", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var notices = result.Json().GetProperty("notices").EnumerateArray().ToList();
        result.Json().GetProperty("dryRun").GetBoolean().Should().BeTrue();
        notices.Should().Contain(n => n.GetProperty("kind").GetString() == "expiringSoon" && n.GetProperty("audience").GetString() == "partner");
        notices.Should().OnlyContain(n => n.GetProperty("delivery").GetString() == "wouldSend");
        var partner = notices.First(n => n.GetProperty("audience").GetString() == "partner");
        partner.GetProperty("recipients")[0].GetString().Should().Be("admin-agents@northwind-it.example");
        partner.GetProperty("subject").GetString().Should().NotBeNullOrEmpty();
        partner.GetProperty("dedupeKey").GetString().Should().StartWith("gdap-notice/v1/");
    }

    [Fact]
    public async Task DryRun_Table_ShowsSubjectsAndPlaceholders()
    {
        var result = await CliRun.RunAsync("notify", "--dry-run", "--show-body");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Output.Should().Contain("dry run: nothing sent").And.Contain("expiringSoon").And.Contain("would send").And.Contain(DemoPartner.PartnerName);
    }

    [Fact]
    public async Task Send_OnTheDemo_ExitsUsage()
    {
        var result = await CliRun.RunAsync("notify");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("cannot send mail");
    }

    [Fact]
    public async Task DryRun_BadCustomerAddress_ExitsUsage()
    {
        var result = await CliRun.RunAsync("notify", "--dry-run", "--customer-to", "contoso");

        result.ExitCode.Should().Be(ExitCodes.Usage);
    }
}
