using System.Text.Json;
using PartnerAccess.Cli.Backends;
using PartnerAccess.Cli.Infrastructure;

namespace PartnerAccess.Cli.Tests.Commands;

public sealed class RelationshipsCommandTests
{
    [Fact]
    public async Task List_DemoBackend_ShowsEveryRelationshipWithStatuses()
    {
        var result = await CliRun.RunAsync("relationships", "list");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Output.Should().Contain("Contoso - Helpdesk").And.Contain("approvalPending").And.Contain("expired")
            .And.Contain("terminated").And.Contain("activating").And.Contain("(reseller)").And.Contain("GA + 1");
        result.Output.Should().Contain("relationship(s) on embedded demo partner, as of 2025-11-03 09:00 UTC.");
    }

    [Fact]
    public async Task List_JsonOutput_IsCamelCaseWithIsoInstants()
    {
        var result = await CliRun.RunAsync("relationships", "list", "--output", "json");

        result.ExitCode.Should().Be(ExitCodes.Success);
        var relationships = result.Json().EnumerateArray().ToList();
        relationships.Should().HaveCountGreaterThan(50);
        var active = relationships.First(r => r.GetProperty("status").GetString() == "active");
        active.GetProperty("endsAt").GetString().Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$");
        active.GetProperty("duration").GetString().Should().MatchRegex(@"^P\d+D$");
        active.GetProperty("roles")[0].GetProperty("name").GetString().Should().NotBeNullOrEmpty();
        active.GetProperty("customer").GetProperty("tenantId").GetString().Should().NotBeNullOrEmpty();
        active.GetProperty("daysLeft").GetInt32().Should().BePositive();
    }

    [Fact]
    public async Task List_StatusFilter_ReturnsOnlyThatStatus()
    {
        var result = await CliRun.RunAsync("relationships", "list", "--status", "approvalPending", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success);
        var statuses = result.Json().EnumerateArray().Select(r => r.GetProperty("status").GetString()).ToList();
        statuses.Should().NotBeEmpty().And.OnlyContain(s => s == "approvalPending");
    }

    [Fact]
    public async Task List_UnknownStatus_IsAUsageError()
    {
        var result = await CliRun.RunAsync("relationships", "list", "--status", "sleeping");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("'sleeping' is not a relationship status");
    }

    [Fact]
    public async Task Show_ByDisplayName_ShowsDetailsAssignmentsAndRequests()
    {
        var result = await CliRun.RunAsync("relationships", "show", "Coho Vineyard - Full administration");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Output.Should().Contain("Global Administrator").And.Contain("Escalation engineers")
            .And.Contain("Days left").And.Contain("lockForApproval").And.Contain("succeeded");
    }

    [Fact]
    public async Task Show_ById_JsonHasRelationshipAssignmentsAndRequests()
    {
        var id = await IdOfAsync("Coho Vineyard - Full administration");

        var result = await CliRun.RunAsync("relationships", "show", id, "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success);
        var json = result.Json();
        json.GetProperty("relationship").GetProperty("id").GetString().Should().Be(id);
        json.GetProperty("relationship").GetProperty("hasGlobalAdministrator").GetBoolean().Should().BeTrue();
        json.GetProperty("accessAssignments").EnumerateArray().Select(a => a.GetProperty("securityGroupName").GetString())
            .Should().Contain("Escalation engineers");
        json.GetProperty("requests")[0].GetProperty("action").GetString().Should().Be("lockForApproval");
    }

    [Fact]
    public async Task Show_UnknownName_ExitsNotFound()
    {
        var result = await CliRun.RunAsync("relationships", "show", "Nobody - Nothing");

        result.ExitCode.Should().Be(ExitCodes.NotFound);
        result.Error.Should().Contain("No relationship has the id or display name 'Nobody - Nothing'");
    }

    [Fact]
    public async Task Show_WellFormedIdThatDoesNotExist_ExitsNotFound()
    {
        var result = await CliRun.RunAsync("relationships", "show", $"00000000-0000-4000-8000-000000000001-{DemoPartner.PartnerTenantId}");

        result.ExitCode.Should().Be(ExitCodes.NotFound);
    }

    [Fact]
    public async Task Create_ValidRequestWithLock_CreatesAndPrintsApprovalLink()
    {
        var result = await CliRun.RunAsync(
            "relationships", "create", "--name", "Contoso - Exchange", "--customer", DemoPartner.Customers[0].TenantId,
            "--duration", "180d", "--role", "Exchange Administrator", "--role", "Global Reader", "--lock");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Output.Should().Contain("Created Contoso - Exchange").And.Contain("approvalPending")
            .And.Contain("https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/");
    }

    [Fact]
    public async Task Create_Json_ReturnsTheNewRelationship()
    {
        var result = await CliRun.RunAsync(
            "relationships", "create", "--name", "Fabrikam - Teams", "--duration", "P90D", "--role", "69091246-20e8-4a56-aa4d-066075b2a7a8,Global Reader",
            "--auto-extend", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success);
        var relationship = result.Json().GetProperty("relationship");
        relationship.GetProperty("status").GetString().Should().Be("created");
        relationship.GetProperty("duration").GetString().Should().Be("P90D");
        relationship.GetProperty("autoExtendDuration").GetString().Should().Be("P180D");
        relationship.GetProperty("roles").EnumerateArray().Select(r => r.GetProperty("name").GetString())
            .Should().Equal("Teams Administrator", "Global Reader");
        result.Json().GetProperty("request").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Create_DuplicateName_ExitsConflictWithRuleCode()
    {
        var result = await CliRun.RunAsync("relationships", "create", "--name", "contoso - helpdesk", "--role", "Global Reader");

        result.ExitCode.Should().Be(ExitCodes.Conflict);
        result.Error.Should().Contain("displayName.notUnique");
    }

    [Fact]
    public async Task Create_UnknownRoleName_IsAUsageError()
    {
        var result = await CliRun.RunAsync("relationships", "create", "--name", "X", "--role", "Chief Wizard");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("'Chief Wizard' is neither a role template id nor a role name");
    }

    [Theory]
    [InlineData("{f2ef992c-3afb-46b9-b7cf-a126ee74c451}")]
    [InlineData("f2ef992c3afb46b9b7cfa126ee74c451")]
    public async Task Create_RoleIdNotInCanonicalForm_IsAUsageErrorLikeEveryOtherLayer(string roleId)
    {
        // The engine's one GUID parser (GdapIds) decides here too: only the 36-character form is a role id.
        var result = await CliRun.RunAsync("relationships", "create", "--name", "X", "--role", roleId);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain($"'{roleId}' is neither a role template id nor a role name");
    }

    [Fact]
    public async Task Lock_CreatedRelationship_PrintsApprovalLink()
    {
        var result = await CliRun.RunAsync("relationships", "lock", "Contoso - Helpdesk");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Output.Should().Contain("Locked Contoso - Helpdesk for approval").And.Contain("granularAdminRelationships/");
    }

    [Fact]
    public async Task Lock_ActiveRelationship_ExitsRuleViolationWithStatusRule()
    {
        var result = await CliRun.RunAsync("relationships", "lock", "Coho Vineyard - Full administration");

        result.ExitCode.Should().Be(ExitCodes.RuleViolation);
        result.Error.Should().Contain("relationship.status");
    }

    [Fact]
    public async Task Terminate_WithYes_RequestsTermination()
    {
        var result = await CliRun.RunAsync("relationships", "terminate", "Coho Vineyard - Full administration", "--yes", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success);
        var json = result.Json();
        json.GetProperty("request").GetProperty("action").GetString().Should().Be("terminate");
        json.GetProperty("relationship").GetProperty("status").GetString().Should().Be("terminated");
    }

    [Fact]
    public async Task Terminate_WithoutYesAndNoTerminal_RefusesWithUsageError()
    {
        var result = await CliRun.RunAsync("relationships", "terminate", "Coho Vineyard - Full administration");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("Pass --yes to confirm");
    }

    internal static async Task<string> IdOfAsync(string displayName)
    {
        var result = await CliRun.RunAsync("relationships", "list", "--name", displayName, "-o", "json");
        return result.Json()[0].GetProperty("id").GetString()!;
    }
}
