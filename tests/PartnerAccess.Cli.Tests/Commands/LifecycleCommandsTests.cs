using NodaTime;
using PartnerAccess.Cli.Backends;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Cli.Tests.Commands;

/// <summary>verify, offboard and apply --create-groups, on the demo and on the emulator.</summary>
public sealed class LifecycleCommandsTests : IDisposable
{
    private static readonly string[] ServiceDesk = ["-t", "Service desk", "--bind", "Service desk agents=Helpdesk agents"];
    private readonly string _directory = Directory.CreateTempSubdirectory("partner-access-lifecycle-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Verify_Demo_ExitsNotReadyWithVerdictsAndTheDeletedGroup()
    {
        var result = await CliRun.RunAsync(["verify", .. ServiceDesk, "-o", "json"]);

        result.ExitCode.Should().Be(ExitCodes.NotReady, result.Error);
        var json = result.Json();
        json.GetProperty("verdict").GetString().Should().Be("broken");
        json.GetProperty("customers").GetArrayLength().Should().Be(50);
        json.GetProperty("groupHealth").EnumerateArray().Should().Contain(f =>
            f.GetProperty("kind").GetString() == "accessContainerMissing" && f.GetProperty("groupName").ValueKind == System.Text.Json.JsonValueKind.Null);
        json.GetProperty("groupHealth").EnumerateArray().Should().Contain(f => f.GetProperty("kind").GetString() == "groupEmpty");
    }

    [Fact]
    public async Task Verify_Table_ShowsReadinessAndTheExitCode()
    {
        var result = await CliRun.RunAsync(["verify", .. ServiceDesk, "--customer", DemoPartner.Customers[0].TenantId]);

        result.ExitCode.Should().Be(ExitCodes.NotReady, result.Error);
        result.Output.Should().Contain("Readiness").And.Contain("relationship for this template; run apply").And.Contain("Verdict: broken (exit code 12)");
    }

    [Fact]
    public async Task Plan_Json_CarriesReadinessPerCustomer()
    {
        var result = await CliRun.RunAsync(["plan", .. ServiceDesk, "--customer", DemoPartner.Customers[0].TenantId, "-o", "json"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var readiness = result.Json().GetProperty("readiness").EnumerateArray().Should().ContainSingle().Subject;
        readiness.GetProperty("verdict").GetString().Should().Be("broken");
        readiness.GetProperty("reasons")[0].GetProperty("code").GetString().Should().Be("relationship.missing");
        result.Json().GetProperty("groupsToCreate").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Apply_Json_CarriesReadinessAfterTheApply()
    {
        var result = await CliRun.RunAsync(["apply", .. ServiceDesk, "--customer", DemoPartner.Customers[0].TenantId, "--yes", "-o", "json"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var readiness = result.Json().GetProperty("readiness").EnumerateArray().Should().ContainSingle().Subject;
        readiness.GetProperty("verdict").GetString().Should().Be("waitingForCustomer");
        result.Json().GetProperty("groupsCreated").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Report_WithTemplates_AddsGroupHealthAndReadiness()
    {
        var result = await CliRun.RunAsync(["report", .. ServiceDesk, "--customer", DemoPartner.Customers[0].TenantId]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        result.Output.Should().Contain("Group health").And.Contain("accessContainerMissing").And.Contain("Readiness of 1 customer(s)");
    }

    [Fact]
    public async Task Offboard_DryRunThenYesThenAgain_ShowsPlanRemovesAccessOnceAndLeavesAnAuditRecord()
    {
        var backend = DemoBackend();
        var customer = ActiveCustomer(backend);
        var log = Path.Combine(_directory, "audit.jsonl");

        var dryRun = await CliRun.RunAsync(() => backend, "offboard", "--customer", customer, "--dry-run", "-o", "json");
        var done = await CliRun.RunAsync(() => backend, "offboard", "--customer", customer, "--yes", "--audit-log", log, "-o", "json");
        var again = await CliRun.RunAsync(() => backend, "offboard", "--customer", customer, "--yes", "-o", "json");

        dryRun.ExitCode.Should().Be(ExitCodes.Success, dryRun.Error);
        dryRun.Json().GetProperty("dryRun").GetBoolean().Should().BeTrue();
        var writes = dryRun.Json().GetProperty("writes").GetInt32();
        writes.Should().BeGreaterThan(1);
        done.ExitCode.Should().Be(ExitCodes.Success, done.Error);
        done.Json().GetProperty("completed").GetInt32().Should().Be(writes);
        done.Json().GetProperty("audit").GetProperty("kind").GetString().Should().Be("customerOffboarded");
        File.ReadAllText(log).Should().Contain("\"kind\":\"CustomerOffboarded\"").And.Contain(customer);
        again.Json().GetProperty("writes").GetInt32().Should().Be(0);
        var relationships = backend.Client.ListRelationshipsAsync(new RelationshipQuery { CustomerTenantId = customer }).ToBlockingEnumerable();
        relationships.Should().NotContain(r => r.Status == RelationshipStatus.Active);
    }

    [Fact]
    public async Task Offboard_WithoutYesOutsideATerminal_ExitsUsageAndChangesNothing()
    {
        var backend = DemoBackend();
        var customer = ActiveCustomer(backend);

        var result = await CliRun.RunAsync(() => backend, "offboard", "--customer", customer);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("--yes");
        backend.Client.ListRelationshipsAsync(new RelationshipQuery { CustomerTenantId = customer }).ToBlockingEnumerable()
            .Should().Contain(r => r.Status == RelationshipStatus.Active);
    }

    [Fact]
    public async Task Offboard_DemoOffboardedCustomer_HasNothingLeft()
    {
        var result = await CliRun.RunAsync("offboard", "--customer", DemoPartner.OffboardedCustomer.TenantId, "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        result.Json().GetProperty("writes").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task ApplyCreateGroups_Emulator_CreatesTheGroupOnceAndVerifyFollowsOnboarding()
    {
        await using var emulator = await GdapEmulator.StartAsync(new GdapEmulatorOptions { StartTime = Instant.FromUtc(2025, 3, 1, 9, 0), BearerToken = "cli-test" });
        var customers = Path.Combine(_directory, "customers.json");
        File.WriteAllText(customers, """[{"tenantId":"4fdbff88-9d6b-42e0-9713-45c922ba8001","name":"Contoso"}]""");
        string[] common = ["-t", "Service desk", "--bind", "Service desk agents=GDAP - Service desk", "--customers", customers,
            "--emulator", emulator.BaseAddress.ToString(), "--token", "cli-test"];

        var planned = await CliRun.RunAsync(["plan", .. common, "--create-groups"]);
        var missing = await CliRun.RunAsync(["apply", .. common, "--yes"]);
        var first = await CliRun.RunAsync(["apply", .. common, "--create-groups", "--yes"]);
        var second = await CliRun.RunAsync(["apply", .. common, "--create-groups", "--yes", "-o", "json"]);
        var waiting = await CliRun.RunAsync(["verify", .. common]);

        planned.ExitCode.Should().Be(ExitCodes.Success, planned.Error);
        planned.Output.Should().Contain("createGroup GDAP - Service desk");
        missing.ExitCode.Should().Be(ExitCodes.RuleViolation);
        missing.Error.Should().Contain("template.groups.securityGroupName.unresolved");
        first.ExitCode.Should().Be(ExitCodes.Success, first.Error);
        first.Output.Should().Contain("Created group GDAP - Service desk");
        second.ExitCode.Should().Be(ExitCodes.Success, second.Error);
        second.Json().GetProperty("groupsCreated").GetArrayLength().Should().Be(0, "the first apply created the group");
        var group = emulator.PartnerGroups.List().Should().ContainSingle().Subject;
        group.DisplayName.Should().Be("GDAP - Service desk");
        emulator.Requests.Count(r => r.Method == "POST" && r.Path == "/v1.0/groups").Should().Be(1);
        waiting.ExitCode.Should().Be(ExitCodes.WaitingForCustomer, waiting.Output);

        foreach (var relationship in emulator.Simulator.ListRelationships())
        {
            emulator.Simulator.Approve(relationship.Id);
        }

        (await CliRun.RunAsync(["apply", .. common, "--yes"])).ExitCode.Should().Be(ExitCodes.Success);
        var empty = await CliRun.RunAsync(["verify", .. common, "-o", "json"]);
        emulator.PartnerGroups.AddMember(group.Id, "Alex Wilber", "alex@partner.example");
        var ready = await CliRun.RunAsync(["verify", .. common]);

        empty.ExitCode.Should().Be(ExitCodes.NotReady, empty.Output);
        empty.Json().GetProperty("customers")[0].GetProperty("reasons")[0].GetProperty("code").GetString().Should().Be("group.empty");
        ready.ExitCode.Should().Be(ExitCodes.Success, ready.Output);
        ready.Output.Should().Contain("Verdict: ready");

        string[] backend = ["--emulator", emulator.BaseAddress.ToString(), "--token", "cli-test"];
        var offboarded = await CliRun.RunAsync(["offboard", "--customer", "4fdbff88-9d6b-42e0-9713-45c922ba8001", "--yes", "-o", "json", .. backend]);
        emulator.Clock.Advance(Duration.FromMinutes(5));
        var after = await CliRun.RunAsync(["verify", .. common, "-o", "json"]);

        offboarded.ExitCode.Should().Be(ExitCodes.Success, offboarded.Error);
        offboarded.Json().GetProperty("completed").GetInt32().Should().Be(2);
        emulator.Requests.Should().Contain(r => r.Method == "DELETE" && r.Path.Contains("/accessAssignments/", StringComparison.Ordinal));
        after.ExitCode.Should().Be(ExitCodes.NotReady);
        after.Json().GetProperty("customers")[0].GetProperty("reasons")[0].GetProperty("code").GetString().Should().Be("relationship.ended");
    }

    private static Backend DemoBackend()
    {
        var demo = DemoPartner.Create();
        return new Backend(demo, "demo") { PartnerTenantId = DemoPartner.PartnerTenantId, Groups = DemoPartner.CreateGroups(demo.TimeProvider), SecurityGroupNames = DemoPartner.GroupNames };
    }

    private static string ActiveCustomer(Backend backend) =>
        backend.Client.ListRelationshipsAsync().ToBlockingEnumerable().First(r => r.Status == RelationshipStatus.Active && r.Customer is not null).Customer!.TenantId;
}
