using NodaTime;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Cli.Tests.Backends;

public sealed class EmulatorBackendTests : IAsyncLifetime
{
    private static readonly CustomerParticipant Customer = new("4fdbff88-9d6b-42e0-9713-45c922ba8001", "Contoso Inc");
    private GdapEmulator _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await GdapEmulator.StartAsync(new GdapEmulatorOptions { StartTime = Instant.FromUtc(2025, 3, 1, 9, 0), BearerToken = "cli-test" });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Emulator_CreateThenList_GoesThroughTheGraphWire()
    {
        var url = _emulator.BaseAddress.ToString();

        var created = await CliRun.RunAsync(
            "relationships", "create", "--emulator", url, "--token", "cli-test", "--name", "Contoso - Helpdesk",
            "--customer", Customer.TenantId, "--duration", "180d", "--role", "Helpdesk Administrator", "--lock", "-o", "json");
        created.ExitCode.Should().Be(ExitCodes.Success, created.Error);
        var id = created.Json().GetProperty("relationship").GetProperty("id").GetString()!;

        _emulator.Simulator.Approve(id);
        var listed = await CliRun.RunAsync("relationships", "list", "--emulator", url, "--token", "cli-test", "-o", "json");

        listed.ExitCode.Should().Be(ExitCodes.Success, listed.Error);
        var relationship = listed.Json().EnumerateArray().Single();
        relationship.GetProperty("status").GetString().Should().Be("active");
        relationship.GetProperty("endsAt").GetString().Should().Be("2025-08-28T09:00:00Z");
        _emulator.Requests.Should().Contain(r => r.Method == "POST" && r.Path.EndsWith("/requests", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Emulator_CreateWithLock_SendsTheCreateAndTheLockOnly()
    {
        var result = await CliRun.RunAsync(
            "relationships", "create", "--emulator", _emulator.BaseAddress.ToString(), "--token", "cli-test", "--name", "Contoso - Exchange",
            "--customer", Customer.TenantId, "--duration", "90d", "--role", "Exchange Administrator", "--lock", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var id = result.Json().GetProperty("relationship").GetProperty("id").GetString()!;
        result.Json().GetProperty("request").GetProperty("action").GetString().Should().Be("lockForApproval");
        _emulator.Requests.Select(r => $"{r.Method} {r.Path}").Should().Equal(
            "POST /v1.0/tenantRelationships/delegatedAdminRelationships",
            $"POST /v1.0/tenantRelationships/delegatedAdminRelationships/{id}/requests");
    }

    [Fact]
    public async Task Emulator_CreateWithLockAsTable_SaysTheLockWasSent()
    {
        var result = await CliRun.RunAsync(
            "relationships", "create", "--emulator", _emulator.BaseAddress.ToString(), "--token", "cli-test", "--name", "Contoso - Teams",
            "--customer", Customer.TenantId, "--role", "Teams Administrator", "--lock");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        result.Output.Should().Contain("Created Contoso - Teams").And.Contain("Locked for approval (request ")
            .And.Contain("approvalPending").And.Contain("granularAdminRelationships/");
        _emulator.Requests.Should().HaveCount(2).And.OnlyContain(r => r.Method == "POST");
    }

    [Fact]
    public async Task Emulator_WrongToken_ExitsUnauthorized()
    {
        var result = await CliRun.RunAsync("relationships", "list", "--emulator", _emulator.BaseAddress.ToString(), "--token", "wrong");

        result.ExitCode.Should().Be(ExitCodes.Unauthorized);
        result.Error.Should().Contain("error:");
    }

    [Fact]
    public async Task Emulator_RuleViolation_IsCaughtBeforeTheWireWithTheSameCodes()
    {
        var result = await CliRun.RunAsync(
            "relationships", "create", "--emulator", _emulator.BaseAddress.ToString(), "--token", "cli-test",
            "--name", "Contoso - Everything", "--role", "Global Administrator", "--auto-extend");

        result.ExitCode.Should().Be(ExitCodes.RuleViolation);
        result.Error.Should().Contain("autoExtendDuration.globalAdministrator");
        _emulator.Requests.Should().NotContain(r => r.Method == "POST");
    }

    [Fact]
    public async Task Emulator_SignIns_ReadsTheCustomerSignInLogThroughTheSdkReader()
    {
        // --since counts from the emulator's clock (2025-03-01 09:00), like the data it serves.
        var partner = new PartnerAccess.Sdk.Testing.GdapSimulatorOptions().PartnerTenantId;
        _emulator.SeedSignIns(
        [
            SignIn("2025-02-28T10:00:00Z", partner, "alex@partner.example", "Exchange admin center"),
            SignIn("2025-02-28T11:00:00Z", "11111111-2222-4333-8444-555555555555", "someone@else.example", "Azure Portal"),
            SignIn("2025-01-15T10:00:00Z", partner, "old@partner.example", "Azure Portal"),
        ]);

        var result = await CliRun.RunAsync(
            "audit", "signins", "--emulator", _emulator.BaseAddress.ToString(), "--token", "cli-test", "--customer", Customer.TenantId, "--since", "7d", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var record = result.Json().EnumerateArray().Single();
        record.GetProperty("signIn").GetProperty("userPrincipalName").GetString().Should().Be("alex@partner.example");
        record.GetProperty("customerTenantId").GetString().Should().Be(Customer.TenantId);
    }

    [Fact]
    public async Task Emulator_SignInsWithoutCustomer_ExitsUsage()
    {
        var result = await CliRun.RunAsync("audit", "signins", "--emulator", _emulator.BaseAddress.ToString(), "--token", "cli-test");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("--customer");
    }

    [Fact]
    public async Task Emulator_Expiring_CountsFromTheEmulatorClock()
    {
        var relationship = _emulator.Simulator.CreateRelationship(new CreateRelationshipRequest
        {
            DisplayName = "Contoso - Short",
            Duration = Duration.FromDays(10),
            Roles = [WellKnownRoles.GlobalReader],
            Customer = Customer,
        });
        _emulator.Simulator.CreateRequest(relationship.Id, RelationshipRequestAction.LockForApproval);
        _emulator.Simulator.Approve(relationship.Id);

        var result = await CliRun.RunAsync("expiring", "--within", "30d", "--emulator", _emulator.BaseAddress.ToString(), "--token", "cli-test", "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        result.Json().EnumerateArray().Single().GetProperty("daysLeft").GetInt32().Should().Be(10);
    }

    [Fact]
    public async Task Emulator_Notify_SendsGraphMailOnceThanksToTheLedger()
    {
        var relationship = _emulator.Simulator.CreateRelationship(new CreateRelationshipRequest
        {
            DisplayName = "Contoso - Short",
            Duration = Duration.FromDays(5),
            Roles = [WellKnownRoles.GlobalReader],
            Customer = Customer,
        });
        _emulator.Simulator.CreateRequest(relationship.Id, RelationshipRequestAction.LockForApproval);
        _emulator.Simulator.Approve(relationship.Id);
        var ledger = Path.Combine(Path.GetTempPath(), $"partner-access-ledger-{Guid.NewGuid():N}.json");
        string[] args =
        [
            "notify", "--emulator", _emulator.BaseAddress.ToString(), "--token", "cli-test", "--from", "gdap-notices@partner.example",
            "--partner-to", "admin-agents@partner.example", "--ledger", ledger, "-o", "json",
        ];

        try
        {
            var first = await CliRun.RunAsync(args);
            var second = await CliRun.RunAsync(args);

            first.ExitCode.Should().Be(ExitCodes.Success, first.Error);
            first.Json().GetProperty("notices").EnumerateArray().Should().Contain(n => n.GetProperty("delivery").GetString() == "sent");
            _emulator.Mail.Should().ContainSingle();
            second.Json().GetProperty("notices").EnumerateArray().Should().Contain(n => n.GetProperty("delivery").GetString() == "alreadySent")
                .And.NotContain(n => n.GetProperty("delivery").GetString() == "sent");
        }
        finally
        {
            File.Delete(ledger);
        }
    }

    [Fact]
    public async Task Emulator_NotRunning_ExitsServiceError()
    {
        var url = _emulator.BaseAddress.ToString();
        await _emulator.DisposeAsync();

        var result = await CliRun.RunAsync("relationships", "list", "--emulator", url);

        result.ExitCode.Should().Be(ExitCodes.ServiceError);
        result.Error.Should().NotContain("   at ");
    }

    private static System.Text.Json.JsonElement SignIn(string at, string homeTenantId, string upn, string app) =>
        System.Text.Json.JsonDocument.Parse($$"""
            {
              "id": "{{Guid.NewGuid()}}",
              "createdDateTime": "{{at}}",
              "userPrincipalName": "{{upn}}",
              "userDisplayName": "{{upn}}",
              "appDisplayName": "{{app}}",
              "crossTenantAccessType": "serviceProvider",
              "homeTenantId": "{{homeTenantId}}",
              "resourceTenantId": "{{Customer.TenantId}}",
              "isInteractive": true,
              "status": { "errorCode": 0 }
            }
            """).RootElement.Clone();
    [Fact]
    public async Task Emulator_WatchOnce_SeesTheCustomersApprovalThroughTheGraphWire()
    {
        var url = _emulator.BaseAddress.ToString();
        var checkpoint = Path.Combine(Path.GetTempPath(), $"watch-{Guid.NewGuid():N}.json");
        try
        {
            var created = await CliRun.RunAsync(
                "relationships", "create", "--emulator", url, "--token", "cli-test", "--name", "Contoso - Watch",
                "--customer", Customer.TenantId, "--role", "Helpdesk Administrator", "--lock", "-o", "json");
            var id = created.Json().GetProperty("relationship").GetProperty("id").GetString()!;
            var baseline = await CliRun.RunAsync("watch", "--once", "--checkpoint", checkpoint, "--emulator", url, "--token", "cli-test");

            _emulator.Simulator.Approve(id);
            var seen = await CliRun.RunAsync("watch", "--once", "--checkpoint", checkpoint, "--emulator", url, "--token", "cli-test");

            baseline.ExitCode.Should().Be(ExitCodes.Success, baseline.Error);
            seen.ExitCode.Should().Be(ExitCodes.Success, seen.Error);
            seen.Output.Should().Contain("approved").And.Contain("activated").And.Contain("Contoso - Watch");
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }
}
