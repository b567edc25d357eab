using PartnerAccess.Cli.Infrastructure;

namespace PartnerAccess.Cli.Tests.Commands;

public sealed class TemplatesCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("partner-access-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task List_Starters_ShowsEveryTierWithUnboundSlots()
    {
        var result = await CliRun.RunAsync("templates", "list");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Output.Should().Contain("Service desk").And.Contain("Exchange specialist").And.Contain("Read-only auditor")
            .And.Contain("Service desk agents (unbound)");
    }

    [Fact]
    public async Task List_Json_HasRolesDurationsAndGroups()
    {
        var result = await CliRun.RunAsync("templates", "list", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success);
        var serviceDesk = result.Json().EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Service desk");
        serviceDesk.GetProperty("duration").GetString().Should().Be("P730D");
        serviceDesk.GetProperty("autoExtend").GetBoolean().Should().BeTrue();
        serviceDesk.GetProperty("groups")[0].GetProperty("label").GetString().Should().Be("Service desk agents");
    }

    [Fact]
    public async Task Validate_GoodFile_ExitsZero()
    {
        var path = Write("good.json", """
            { "name": "Mail desk", "roles": ["Exchange Recipient Administrator"], "duration": "P365D", "autoExtend": true,
              "groups": [ { "securityGroupId": "1d2b6f4e-3c5a-4e79-8b8d-2f4a6c8e0b12" } ] }
            """);

        var result = await CliRun.RunAsync("templates", "validate", path);

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Output.Should().Contain("Valid: 1 template(s)").And.Contain("Mail desk");
    }

    [Fact]
    public async Task Validate_BrokenFile_ExitsRuleViolationListingEveryCode()
    {
        var path = Write("broken.json", """
            { "name": "Everything", "roles": ["Global Administrator", "Chief Wizard"], "duration": "P900D", "autoExtend": true, "autoExtnd": false }
            """);

        var result = await CliRun.RunAsync("templates", "validate", path);

        result.ExitCode.Should().Be(ExitCodes.RuleViolation);
        result.Error.Should().Contain("template.roles.unknown").And.Contain("template.json.unknownProperty")
            .And.Contain("autoExtendDuration.globalAdministrator").And.Contain("duration.outOfRange");
        result.Error.Should().NotContain("   at ");
    }

    [Fact]
    public async Task Validate_MissingFile_ExitsUsage()
    {
        var result = await CliRun.RunAsync("templates", "validate", Path.Combine(_directory, "nope.json"));

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("does not exist");
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
