using PartnerAccess.Cli.Backends;
using System.Text.Json;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Sdk;

namespace PartnerAccess.Cli.Tests.Commands;

public sealed class PlanCommandsTests : IDisposable
{
    private static readonly string[] ServiceDesk = ["-t", "Service desk", "--bind", "Service desk agents=Helpdesk agents"];
    private static readonly string[] SecurityOperations = ["-t", "Security operations", "--bind", "Security analysts=Security operations", "--bind", "Security responders=Escalation engineers"];
    private readonly string _directory = Directory.CreateTempSubdirectory("partner-access-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Plan_StarterForEveryCustomer_CreatesOneRelationshipEach()
    {
        var result = await CliRun.RunAsync(["plan", .. ServiceDesk, "-o", "json"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var plan = result.Json();
        plan.GetProperty("customers").GetInt32().Should().Be(50);
        plan.GetProperty("writes").GetInt32().Should().Be(100);
        plan.GetProperty("countByKind").GetProperty("createRelationship").GetInt32().Should().Be(50);
        var step = plan.GetProperty("customerPlans")[0].GetProperty("steps")[0];
        step.GetProperty("relationshipName").GetString().Should().StartWith("Service desk - ").And.MatchRegex(@"\[[0-9A-Z]{6}\]$");
    }

    [Fact]
    public async Task Plan_JsonEveryCustomerRead_ReadErrorIsNull()
    {
        var result = await CliRun.RunAsync(["plan", .. ServiceDesk, "--customer", DemoPartner.Customers[0].TenantId, "-o", "json"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        result.Json().GetProperty("customerPlans")[0].GetProperty("readError").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Plan_JsonCustomerNotFullyRead_CarriesReadErrorWithCodeMessageAndRequestId()
    {
        var (backend, client) = DemoWithFailedRead();

        var result = await CliRun.RunAsync(backend, ["plan", .. SecurityOperations, "--customer", DemoPartner.ReplacementCustomer.TenantId, "-o", "json"], CancellationToken.None);

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        client.FailedRelationshipId.Should().NotBeNull("the planner read the customer's active relationship");
        var customer = result.Json().GetProperty("customerPlans").EnumerateArray().Should().ContainSingle().Subject;
        customer.GetProperty("tenantId").GetString().Should().Be(DemoPartner.ReplacementCustomer.TenantId);
        var error = customer.GetProperty("readError");
        error.GetProperty("code").GetString().Should().Be("throttled");
        error.GetProperty("exitCode").GetInt32().Should().Be(ExitCodes.For(PartnerAccessErrorCode.Throttled));
        error.GetProperty("message").GetString().Should().Be(client.Failure.Message);
        error.GetProperty("requestId").GetString().Should().Be("3f9c2a7e-1b4d-4e8a-9c6f-0a1b2c3d4e5f");
    }

    [Fact]
    public async Task Plan_TableCustomerNotFullyRead_SaysSoInTheTableAndSummary()
    {
        var (backend, client) = DemoWithFailedRead();

        var result = await CliRun.RunAsync(backend, ["plan", .. SecurityOperations, "--customer", DemoPartner.ReplacementCustomer.TenantId], CancellationToken.None);

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        result.Output.Should().Contain("notFullyRead").And.Contain($"not fully read ({client.Failure.Message})").And.Contain("1 not fully read");
    }

    [Fact]
    public async Task Plan_Table_ShowsStepsAndSummary()
    {
        var result = await CliRun.RunAsync(["plan", .. ServiceDesk, "--customer", DemoPartner.Customers[0].TenantId]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        result.Output.Should().Contain("createRelationship").And.Contain("Service desk - Contoso [").And.Contain("1 customer(s): 2 write(s)");
    }

    [Fact]
    public async Task Plan_UnboundSlot_ExitsRuleViolationWithCode()
    {
        var result = await CliRun.RunAsync("plan", "-t", "Service desk");

        result.ExitCode.Should().Be(ExitCodes.RuleViolation);
        result.Error.Should().Contain("template.groups.unbound");
    }

    [Fact]
    public async Task Plan_UnknownTemplate_ExitsUsage()
    {
        var result = await CliRun.RunAsync("plan", "-t", "Platinum");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("'Platinum' is neither a template file nor a starter template");
    }

    [Fact]
    public async Task Plan_UnknownSlot_ExitsUsage()
    {
        var result = await CliRun.RunAsync("plan", "-t", "Service desk", "--bind", "Wizards=Helpdesk agents");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("No template has a group slot 'Wizards'");
    }

    [Fact]
    public async Task Plan_CustomersFile_PlansOnlyThoseCustomersAndTheirTemplates()
    {
        var path = Path.Combine(_directory, "customers.csv");
        File.WriteAllText(path, $"tenantId,name,templates\n{DemoPartner.Customers[1].TenantId},Fabrikam,Service desk\n{DemoPartner.Customers[2].TenantId},Adventure Works,\n");

        var result = await CliRun.RunAsync(["plan", .. ServiceDesk, "--customers", path, "-o", "json"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        result.Json().GetProperty("customers").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Apply_WithYes_CreatesAndLocksAndReportsApprovalLinks()
    {
        var result = await CliRun.RunAsync(["apply", .. ServiceDesk, "--customer", DemoPartner.Customers[0].TenantId, "--customer", DemoPartner.Customers[1].TenantId, "--yes", "-o", "json"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var applied = result.Json();
        applied.GetProperty("writes").GetInt32().Should().Be(4);
        applied.GetProperty("pendingApproval").GetInt32().Should().Be(2);
        applied.GetProperty("customers")[0].GetProperty("approvalLinks")[0].GetString().Should().Contain("granularAdminRelationships/");
    }

    [Fact]
    public async Task Apply_Table_DrawsAProgressBarAndTheResult()
    {
        var result = await CliRun.RunAsync(["apply", .. ServiceDesk, "--yes", "--max-concurrency", "4"], CancellationToken.None, interactiveErrors: true);

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        result.Error.Should().Contain("50/50 customers, 100 writes").And.Contain("100%");
        result.Output.Should().Contain("100 write(s): 0 succeeded, 50 awaiting approval, 0 failed.").And.Contain("Contoso: https://admin.microsoft.com/");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public async Task Apply_NonPositiveRateLimitHint_ExitsUsage(string hint)
    {
        var result = await CliRun.RunAsync(["apply", .. ServiceDesk, "--yes", "--rate-limit-hint", hint]);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("--rate-limit-hint must be positive");
    }

    [Fact]
    public async Task Apply_RateLimitHint_AppliesEveryCustomer()
    {
        var result = await CliRun.RunAsync(["apply", .. ServiceDesk, "--yes", "--rate-limit-hint", "200", "-o", "json"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        result.Json().GetProperty("writes").GetInt32().Should().Be(100);
    }

    [Fact]
    public async Task Apply_WithoutYesAndNoTerminal_RefusesAndChangesNothing()
    {
        var result = await CliRun.RunAsync(["apply", .. ServiceDesk]);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("Make 100 change(s) for 50 customer(s)? Pass --yes to confirm.");
    }

    private static (Func<Backend> Backend, FirstAssignmentsReadFailsClient Client) DemoWithFailedRead()
    {
        var failure = new PartnerAccessException(PartnerAccessErrorCode.Throttled, "Graph throttled the request and the retry budget ran out.")
        {
            RequestId = "3f9c2a7e-1b4d-4e8a-9c6f-0a1b2c3d4e5f",
        };
        var client = new FirstAssignmentsReadFailsClient(DemoPartner.Create(), failure);
        return (() => DemoBackend(client), client);
    }

    private static Backend DemoBackend(IPartnerAccessClient client) => new(client, "demo")
    {
        Groups = DemoPartner.CreateGroups(client.TimeProvider),
        SecurityGroupNames = DemoPartner.GroupNames,
    };

    [Fact]
    public async Task Apply_TwiceOnTheSameBackend_SecondRunHasNothingToDo()
    {
        var client = DemoPartner.Create();
        Backend Demo() => new(client, "shared demo") { SecurityGroupNames = DemoPartner.GroupNames };
        string[] args = ["apply", .. ServiceDesk, "--customer", DemoPartner.Customers[0].TenantId, "--yes"];

        var first = await CliRun.RunAsync(Demo, args);
        var second = await CliRun.RunAsync(Demo, args);

        first.ExitCode.Should().Be(ExitCodes.Success, first.Output);
        second.ExitCode.Should().Be(ExitCodes.Success);
        second.Output.Should().Contain("Nothing to change");
    }
}
