using NodaTime;
using PartnerAccess.Cli.Backends;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Cli.Tests.Commands;

public sealed class JitCommandTests
{
    [Fact]
    public async Task List_Demo_ShowsStandingEligibleAndElevated()
    {
        var result = await CliRun.RunAsync("jit", "list", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var json = result.Json();
        var active = json.GetProperty("active").EnumerateArray().ToList();
        active.Should().Contain(a => a.GetProperty("principalName").GetString() == "Johanna Lorenz" && a.GetProperty("standing").GetBoolean());
        active.Should().Contain(a => a.GetProperty("principalName").GetString() == "Alex Wilber" && a.GetProperty("type").GetString() == "activated");
        json.GetProperty("eligible").EnumerateArray().Should().Contain(e => e.GetProperty("principalName").GetString() == "Megan Bowen");
    }

    [Fact]
    public async Task List_DemoTable_NamesGroupsAndUsers()
    {
        var result = await CliRun.RunAsync("jit", "list", "--group", "Helpdesk agents");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        result.Output.Should().Contain("Helpdesk agents").And.Contain("Megan Bowen").And.Contain("elevated");
    }

    [Fact]
    public async Task Elevate_DurationAbovePolicy_FailsWithTheRuleCode()
    {
        var result = await CliRun.RunAsync("jit", "elevate", "--group", "Helpdesk agents", "--user", "Megan Bowen", "--for", "9h", "--reason", "Reset MFA");

        result.ExitCode.Should().Be(ExitCodes.RuleViolation);
        result.Error.Should().Contain("jit.durationAbovePolicy");
    }

    [Fact]
    public async Task Elevate_EligibleUser_ReturnsTheWindowAsJson()
    {
        var result = await CliRun.RunAsync("jit", "elevate", "--group", "Helpdesk agents", "--user", "Megan Bowen", "--for", "2h", "--reason", "Reset MFA", "--ticket", "INC-1", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var json = result.Json();
        json.GetProperty("type").GetString().Should().Be("activated");
        json.GetProperty("endsAt").GetString().Should().Be("2025-11-03T11:00:00Z");
    }

    [Fact]
    public async Task Elevate_UserNotEligible_FailsWithNotEligible()
    {
        var result = await CliRun.RunAsync("jit", "elevate", "--group", "Security operations", "--user", "Megan Bowen", "--for", "1h", "--reason", "x");

        result.ExitCode.Should().Be(ExitCodes.RuleViolation);
        result.Error.Should().Contain("jit.notEligible");
    }

    [Fact]
    public async Task Convert_DemoEscalationEngineers_MakesTheStandingMemberEligible()
    {
        var result = await CliRun.RunAsync("jit", "convert", "--group", "Escalation engineers", "--until", "90d", "--yes", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var member = result.Json().GetProperty("members").EnumerateArray().Single();
        member.GetProperty("name").GetString().Should().Be("Johanna Lorenz");
        member.GetProperty("outcome").GetString().Should().Be("converted");
        member.GetProperty("eligibility").GetProperty("endsAt").GetString().Should().Be("2026-02-01T09:00:00Z");
    }

    [Fact]
    public async Task Eligible_UnknownUserName_IsAUsageError()
    {
        var result = await CliRun.RunAsync("jit", "eligible", "--group", "Helpdesk agents", "--user", "Nobody Here", "--until", "30d");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("Nobody Here");
    }

    [Fact]
    public async Task History_Demo_ListsElevationsRevocationsAndExpiriesPerCustomer()
    {
        var result = await CliRun.RunAsync("jit", "history", "--group", "Modern workplace engineers", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var records = result.Json().EnumerateArray().ToList();
        records.Should().NotBeEmpty();
        records.Select(r => r.GetProperty("kind").GetString()).Distinct().Should().BeEquivalentTo(["elevationActivated", "elevationRevoked"]);
        records.Should().OnlyContain(r => r.GetProperty("details").GetProperty("ticketNumber").GetString() == "INC-4471" && r.GetProperty("customerTenantId").GetString() != null);
    }

    [Fact]
    public async Task Report_Demo_ShowsWhoCanElevateAndTheJustInTimeFindings()
    {
        var result = await CliRun.RunAsync("report");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        result.Output.Should().Contain("Who can elevate into what")
            .And.Contain("jit.standingAccess")
            .And.Contain("jit.eligibleNeverElevated");
    }

    [Fact]
    public async Task Emulator_EligibleElevateThenTheWindowCloses_ThroughTheGraphWire()
    {
        const string group = "5c0a4a3e-8f7b-4e0e-9d55-0d3c4e3b2a11";
        const string user = "a11ce000-0000-4000-8000-000000000001";
        await using var emulator = await GdapEmulator.StartAsync(new GdapEmulatorOptions { StartTime = Instant.FromUtc(2025, 3, 1, 9, 0), BearerToken = "cli-test" });
        emulator.JustInTime.AddGroup(group, "GDAP - Exchange");
        string[] backend = ["--emulator", emulator.BaseAddress.ToString(), "--token", "cli-test"];

        var eligible = await CliRun.RunAsync(["jit", "eligible", "--group", group, "--user", user, "--until", "2025-06-01", .. backend]);
        var elevated = await CliRun.RunAsync(["jit", "elevate", "--group", group, "--user", user, "--for", "4h", "--reason", "Mailbox restore", "--ticket", "INC-42", "-o", "json", .. backend]);

        eligible.ExitCode.Should().Be(ExitCodes.Success, eligible.Error);
        elevated.ExitCode.Should().Be(ExitCodes.Success, elevated.Error);
        elevated.Json().GetProperty("endsAt").GetString().Should().Be("2025-03-01T13:00:00Z");
        emulator.JustInTime.ListRequests(JustInTimeRequestTarget.Assignment).Single().TicketNumber.Should().Be("INC-42");

        emulator.Clock.Advance(Duration.FromHours(4));
        var listed = await CliRun.RunAsync(["jit", "list", "--group", group, "-o", "json", .. backend]);

        listed.ExitCode.Should().Be(ExitCodes.Success, listed.Error);
        listed.Json().GetProperty("active").EnumerateArray().Should().BeEmpty("the elevation ended by itself");
        listed.Json().GetProperty("eligible").EnumerateArray().Should().ContainSingle();
    }
}
