using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Cli.Backends;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Cli.Tests.Commands;

public sealed class WatchCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("partner-access-watch-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 9, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryPartnerAccessClient _client;

    public WatchCommandTests() => _client = new InMemoryPartnerAccessClient(_time);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Checkpoint => Path.Combine(_directory, "watch.json");

    private Backend Backend() => new(_client, "test service");

    private async Task<Relationship> LockedAsync()
    {
        var created = await _client.CreateRelationshipAsync(new CreateRelationshipRequest
        {
            DisplayName = "Contoso helpdesk",
            Duration = Duration.FromDays(365),
            Roles = [WellKnownRoles.HelpdeskAdministrator],
            Customer = new CustomerParticipant("4b827261-d21f-4aa9-b7db-7fa1f56fb163", "Contoso Ltd"),
        });
        await _client.LockForApprovalAsync(created.Id);
        return created;
    }

    [Fact]
    public async Task Watch_OnceTwice_FirstRecordsABaselineSecondPrintsTheApprovalAsJsonLines()
    {
        var relationship = await LockedAsync();

        var baseline = await CliRun.RunAsync(Backend, "watch", "--once", "--checkpoint", Checkpoint);
        _client.Simulator.Approve(relationship.Id);
        var next = await CliRun.RunAsync(Backend, "watch", "--once", "--checkpoint", Checkpoint, "-o", "json");
        var again = await CliRun.RunAsync(Backend, "watch", "--once", "--checkpoint", Checkpoint);

        baseline.ExitCode.Should().Be(ExitCodes.Success, baseline.Output);
        baseline.Output.Should().Contain("First poll: the current state is the baseline");
        next.ExitCode.Should().Be(ExitCodes.Success, next.Output);
        var lines = next.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Should().HaveCount(2);
        var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        events.Select(e => e.GetProperty("kind").GetString()).Should().Equal("approved", "activated");
        events.Should().OnlyContain(e => e.GetProperty("relationshipId").GetString() == relationship.Id && e.GetProperty("customerName").GetString() == "Contoso Ltd");
        again.Output.Should().Contain("No relationship events since the last poll.");
    }

    [Fact]
    public async Task Watch_Live_StopsAfterMaxEvents()
    {
        var relationship = await LockedAsync();
        await CliRun.RunAsync(Backend, "watch", "--once", "--checkpoint", Checkpoint);
        _client.Simulator.Approve(relationship.Id);

        var result = await CliRun.RunAsync(Backend, "watch", "--checkpoint", Checkpoint, "--max-events", "2");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Output);
        result.Output.Should().Contain("resuming from the checkpoint").And.Contain("approved").And.Contain("activated").And.Contain("Contoso helpdesk");
    }

    [Fact]
    public async Task Watch_Timeout_StopsOnTheClientsClock()
    {
        var run = CliRun.RunAsync(Backend, "watch", "--timeout", "30m", "--pending-interval", "1m", "--idle-interval", "10m");

        var result = await _time.AdvanceUntilCompleteAsync(run, TimeSpan.FromMinutes(1), TimeSpan.FromHours(2));

        result.ExitCode.Should().Be(ExitCodes.Success, result.Output);
        result.Output.Should().Contain("polls every 1m while something is pending, every 10m otherwise").And.Contain("Stopped after 30m: 0 event(s).");
    }

    [Theory]
    [InlineData("--max-events", "0", "--max-events must be at least 1.")]
    [InlineData("--idle-interval", "0m", "IdleInterval must be at least PendingInterval")]
    public async Task Watch_BadOption_ExitsUsage(string option, string value, string message)
    {
        var result = await CliRun.RunAsync(Backend, "watch", option, value);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Output.Should().Contain(message);
    }

    [Fact]
    public async Task Plan_DemoPendingReplacement_ExplainsWhatItAddsAndUntilWhen()
    {
        var result = await CliRun.RunAsync("plan", "-t", DemoPartner.ReplacementTemplate, "--bind", "Security analysts=Security operations",
            "--bind", "Security responders=Escalation engineers", "--customer", DemoPartner.ReplacementCustomer.TenantId, "-o", "json");

        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        var steps = result.Json().GetProperty("customerPlans")[0].GetProperty("steps").EnumerateArray().ToList();
        var awaiting = steps.Single(s => s.GetProperty("kind").GetString() == "awaitApproval");
        awaiting.GetProperty("relationshipName").GetString().Should().EndWith("-2]");
        awaiting.GetProperty("replacesRelationshipId").GetString().Should().NotBeNullOrEmpty();
        awaiting.GetProperty("reason").GetString().Should().Contain("to add Security Operator; the customer can approve until 2026-01-20");
        steps.Single(s => s.GetProperty("kind").GetString() == "note").GetProperty("reason").GetString().Should().Contain("kept until its replacement");
        result.Json().GetProperty("writes").GetInt32().Should().Be(0, "nothing is requested twice");
    }
}
