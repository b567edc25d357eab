using PartnerAccess.Cli.Infrastructure;

namespace PartnerAccess.Cli.Tests.Commands;

public sealed class RolesCommandTests
{
    [Fact]
    public async Task Roles_All_ListsCatalogNamesAndIds()
    {
        var result = await CliRun.RunAsync("roles");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Output.Should().Contain("Helpdesk Administrator").And.Contain("729827e3-9c14-49f7-bb1b-9608f156bbb8");
    }

    [Fact]
    public async Task Roles_Workload_JsonListsOnlyThatWorkload()
    {
        var result = await CliRun.RunAsync("roles", "--workload", "Exchange", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Json().EnumerateArray().Should().OnlyContain(r => r.GetProperty("workloads").EnumerateArray().Any(w => w.GetString() == "Exchange"));
    }
}
