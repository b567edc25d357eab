using PartnerAccess.Cli.Backends;
using PartnerAccess.Cli.Infrastructure;

namespace PartnerAccess.Cli.Tests.Commands;

public sealed class AssignmentsCommandTests
{
    private const string Relationship = "Coho Vineyard - Full administration";

    [Fact]
    public async Task List_ActiveRelationship_ShowsGroupsByName()
    {
        var result = await CliRun.RunAsync("assignments", "list", Relationship);

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Output.Should().Contain("Escalation engineers").And.Contain("Global Administrator").And.Contain("active");
    }

    [Fact]
    public async Task List_Json_ParsesWithGroupIdsAndNames()
    {
        var result = await CliRun.RunAsync("assignments", "list", Relationship, "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success);
        var assignment = result.Json().EnumerateArray().Single(a => a.GetProperty("securityGroupId").GetString() == DemoPartner.EscalationEngineers.Id);
        assignment.GetProperty("securityGroupName").GetString().Should().Be("Escalation engineers");
        assignment.GetProperty("status").GetString().Should().Be("active");
    }

    [Fact]
    public async Task Create_GroupWithRoleOfTheRelationship_IsCreated()
    {
        var result = await CliRun.RunAsync("assignments", "create", Relationship, "--group", DemoPartner.HelpdeskAgents.Id, "--role", "Global Reader", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success);
        var json = result.Json();
        json.GetProperty("securityGroupName").GetString().Should().Be("Helpdesk agents");
        json.GetProperty("roles")[0].GetProperty("name").GetString().Should().Be("Global Reader");
    }

    [Fact]
    public async Task Create_RoleTheRelationshipDoesNotGrant_ExitsRuleViolationWithCode()
    {
        var result = await CliRun.RunAsync("assignments", "create", Relationship, "--group", DemoPartner.HelpdeskAgents.Id, "--role", "Helpdesk Administrator");

        result.ExitCode.Should().Be(ExitCodes.RuleViolation);
        result.Error.Should().Contain("accessAssignment.accessDetails.notInRelationship");
    }

    [Fact]
    public async Task Create_GroupAlreadyAssigned_ExitsConflict()
    {
        var result = await CliRun.RunAsync("assignments", "create", Relationship, "--group", DemoPartner.EscalationEngineers.Id, "--role", "Global Reader");

        result.ExitCode.Should().Be(ExitCodes.Conflict);
        result.Error.Should().Contain("accessContainer.notUnique");
    }

    [Fact]
    public async Task Update_NewRoles_StartsAnOperationAndWaitsForIt()
    {
        var id = await AssignmentIdAsync(DemoPartner.EscalationEngineers.Id);

        var result = await CliRun.RunAsync("assignments", "update", Relationship, id, "--role", "Global Reader", "--wait", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success);
        var operation = result.Json().GetProperty("operation");
        operation.GetProperty("operationType").GetString().Should().Be("delegatedAdminAccessAssignmentUpdate");
        operation.GetProperty("status").GetString().Should().Be("succeeded");
    }

    [Fact]
    public async Task Update_SameRoles_ChangesNothing()
    {
        var id = await AssignmentIdAsync(DemoPartner.EscalationEngineers.Id);

        var result = await CliRun.RunAsync("assignments", "update", Relationship, id, "--role", "Global Administrator");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Output.Should().Contain("already holds exactly these roles");
    }

    [Fact]
    public async Task Update_UnknownAssignment_ExitsNotFound()
    {
        var result = await CliRun.RunAsync("assignments", "update", Relationship, Guid.NewGuid().ToString(), "--role", "Global Reader");

        result.ExitCode.Should().Be(ExitCodes.NotFound);
    }

    [Fact]
    public async Task Delete_WithYes_MovesTheAssignmentOut()
    {
        var id = await AssignmentIdAsync(DemoPartner.EscalationEngineers.Id);

        var result = await CliRun.RunAsync("assignments", "delete", Relationship, id, "--yes", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Json().GetProperty("status").GetString().Should().BeOneOf("deleting", "deleted");
    }

    [Fact]
    public async Task Delete_WithoutYes_RefusesAndChangesNothing()
    {
        var id = await AssignmentIdAsync(DemoPartner.EscalationEngineers.Id);

        var result = await CliRun.RunAsync("assignments", "delete", Relationship, id);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("Pass --yes");
    }

    private static async Task<string> AssignmentIdAsync(string groupId)
    {
        var list = await CliRun.RunAsync("assignments", "list", Relationship, "-o", "json");
        return list.Json().EnumerateArray().Single(a => a.GetProperty("securityGroupId").GetString() == groupId).GetProperty("id").GetString()!;
    }
}
