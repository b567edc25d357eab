using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using PartnerAccess.Cli.Backends;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Relationships;
using Xunit.Abstractions;

namespace PartnerAccess.Cli.Tests.Commands;

/// <summary>
/// <c>partner-access apply</c> of a two-group template for 200 customers, over HTTP to the emulator in Graph's dialect
/// (no rule diagnostics) under its production profile: 429, 503, drops, ambiguous writes, 405 on lock and the
/// <c>customer/tenantId</c> filter refused. Every check reads the emulator's state, never the SDK. The client's waits
/// run on an accelerated clock, so a one-second Retry-After costs 50 ms.
/// </summary>
public sealed class ApplyChaosTests(ITestOutputHelper output) : IDisposable
{
    private const int CustomerCount = 200;
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("CHAOS_SEED"), out var seed) ? seed : 20261202;
    private const string AgentsGroup = "6b1e2f3a-4c5d-4e6f-8a9b-0c1d2e3f4a51";
    private const string LeadsGroup = "6b1e2f3a-4c5d-4e6f-8a9b-0c1d2e3f4a52";
    private static readonly string[] AgentRoles = ["Helpdesk Administrator", "Message Center Reader"];
    private static readonly string[] LeadRoles = ["Helpdesk Administrator", "Message Center Reader", "User Administrator"];
    private readonly string _directory = Directory.CreateTempSubdirectory("partner-access-chaos-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Apply_200CustomersUnderTheProductionProfile_OnboardsAssignsThenPlansNothingWithoutDuplicates()
    {
        var watch = Stopwatch.StartNew();
        await using var emulator = await GdapEmulator.StartAsync(new GdapEmulatorOptions
        {
            StartTime = Instant.FromUtc(2026, 3, 2, 9, 0),
            BearerToken = "chaos",
            IncludeRuleDiagnostics = false,
        });
        using var control = emulator.CreateHttpClient();
        // The production preset, with access assignments that stay pending for five emulator minutes as Graph's do.
        (await control.PutAsJsonAsync(new Uri("/_emulator/faults/production", UriKind.Relative), new { assignmentPendingSeconds = 300, seed = Seed })).EnsureSuccessStatusCode();
        string[] args = ["-t", WriteTemplate(), "--customers", WriteCustomers(), "--yes", "-o", "json"];
        var time = new AcceleratedTimeProvider(20);
        Backend Backend() => BackendFactory.OpenEmulator(emulator.BaseAddress, "chaos", "8f3e5d1c-0000-4000-8000-00000000a001", time);

        var onboarded = await CliRun.RunAsync(Backend, ["apply", .. args], CancellationToken.None);

        onboarded.ExitCode.Should().Be(ExitCodes.Success, onboarded.Output + onboarded.Error);
        var first = JsonDocument.Parse(onboarded.Output).RootElement;
        first.GetProperty("failed").GetInt32().Should().Be(0);
        first.GetProperty("pendingApproval").GetInt32().Should().Be(CustomerCount);
        ShouldHaveOneRelationshipPerCustomer(emulator, RelationshipStatus.ApprovalPending);
        AssignmentsShouldBeUnique(emulator);

        foreach (var relationship in emulator.Simulator.ListRelationships())
        {
            (await control.PostAsync(new Uri($"/_emulator/relationships/{relationship.Id}/approve", UriKind.Relative), content: null)).EnsureSuccessStatusCode();
        }

        var assigned = await CliRun.RunAsync(Backend, ["apply", .. args], CancellationToken.None);
        emulator.Simulator.ListRelationships().SelectMany(r => emulator.Simulator.ListAccessAssignments(r.Id)).Should().Contain(a => a.Status == AccessAssignmentStatus.Pending, "Graph provisions access in the background");
        (await control.PostAsJsonAsync(new Uri("/_emulator/clock/advance", UriKind.Relative), new { duration = "PT30M" })).EnsureSuccessStatusCode();

        assigned.ExitCode.Should().Be(ExitCodes.Success, assigned.Output + assigned.Error);
        JsonDocument.Parse(assigned.Output).RootElement.GetProperty("failed").GetInt32().Should().Be(0);
        ShouldHaveOneRelationshipPerCustomer(emulator, RelationshipStatus.Active);
        AssignmentsShouldBeUnique(emulator);
        ShouldBeAssigned(emulator);

        var settled = await CliRun.RunAsync(Backend, ["apply", .. args], CancellationToken.None);

        settled.ExitCode.Should().Be(ExitCodes.Success, settled.Output + settled.Error);
        var third = JsonDocument.Parse(settled.Output).RootElement;
        third.GetProperty("writes").GetInt32().Should().Be(0, "everything is in place");
        third.GetProperty("failed").GetInt32().Should().Be(0);
        ShouldHaveOneRelationshipPerCustomer(emulator, RelationshipStatus.Active);
        AssignmentsShouldBeUnique(emulator);

        var requests = emulator.Requests;
        var faults = requests.Where(r => r.Fault is not null).GroupBy(r => r.Fault!).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{requests.Count} requests, {faults.Values.Sum()} faults ({string.Join(", ", faults.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}"))}) in {watch.Elapsed.TotalSeconds:F1} s");
        faults.Keys.Should().Contain(["status429", "status503", "dropConnection", "lockNotAllowed", "unsupportedFilter"], "every kind of fault was exercised");
        faults.Keys.Should().Contain(k => k.StartsWith("ambiguous", StringComparison.Ordinal), "some writes were applied and their answers lost");
    }

    private static void ShouldHaveOneRelationshipPerCustomer(GdapEmulator emulator, RelationshipStatus status)
    {
        var relationships = emulator.Simulator.ListRelationships();
        relationships.Should().HaveCount(CustomerCount, "one relationship per customer: no duplicates");
        relationships.Select(r => r.Customer!.TenantId).Should().OnlyHaveUniqueItems();
        relationships.Should().OnlyContain(r => r.Status == status);
    }

    private static void AssignmentsShouldBeUnique(GdapEmulator emulator)
    {
        foreach (var relationship in emulator.Simulator.ListRelationships())
        {
            emulator.Simulator.ListAccessAssignments(relationship.Id)
                .Where(a => a.Status != AccessAssignmentStatus.Deleting)
                .Select(a => a.SecurityGroupId).Should().OnlyHaveUniqueItems("no group is assigned twice on {0}", relationship.DisplayName);
        }
    }

    private static void ShouldBeAssigned(GdapEmulator emulator)
    {
        foreach (var relationship in emulator.Simulator.ListRelationships())
        {
            var assignments = emulator.Simulator.ListAccessAssignments(relationship.Id);
            assignments.Should().HaveCount(2, "one assignment per group, none created twice");
            assignments.Should().OnlyContain(a => a.Status == AccessAssignmentStatus.Active);
            assignments.Select(a => a.SecurityGroupId).Should().BeEquivalentTo([AgentsGroup, LeadsGroup]);
        }
    }

    private string WriteTemplate()
    {
        var path = Path.Combine(_directory, "template.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            name = "Chaos desk",
            roles = LeadRoles,
            duration = "P730D",
            autoExtend = true,
            groups = new object[]
            {
                new { label = "Agents", securityGroupId = AgentsGroup, roles = AgentRoles },
                new { label = "Leads", securityGroupId = LeadsGroup, roles = LeadRoles },
            },
        }));
        return path;
    }

    private string WriteCustomers()
    {
        var path = Path.Combine(_directory, "customers.json");
        var customers = Enumerable.Range(1, CustomerCount)
            .Select(i => new { tenantId = new Guid(i, 0x2026, 0x4ccc, [0x9b, 0, 0, 0, 0, 0, (byte)(i >> 8), (byte)i]).ToString(), name = $"Chaos customer {i:D3}" });
        File.WriteAllText(path, JsonSerializer.Serialize(customers));
        return path;
    }
}
