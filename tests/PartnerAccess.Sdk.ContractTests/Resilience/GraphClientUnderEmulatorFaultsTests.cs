using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Emulator.Faults;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.ContractTests.Resilience;

/// <summary>GraphPartnerAccessClient against the emulator's fault knobs, over real loopback HTTP.</summary>
public sealed class GraphClientUnderEmulatorFaultsTests : IAsyncLifetime
{
    private EmulatorHost _host = null!;

    private GdapEmulator Emulator => _host.Emulator;

    public async Task InitializeAsync() => _host = await EmulatorHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task CreateRelationship_DroppedResponses_NeverCreatesADuplicate()
    {
        Emulator.Faults = new EmulatorFaults { DropConnectionRate = 0.3, Seed = 7 };
        using var client = Client(maxAttempts: 6);

        for (var i = 0; i < 20; i++)
        {
            await client.CreateRelationshipAsync(Request($"Dropped {i:D2}"));
        }

        Emulator.Faults = EmulatorFaults.None;
        var all = await client.ListRelationshipsAsync().ToListAsync();
        all.Select(r => r.DisplayName).Should().OnlyHaveUniqueItems().And.HaveCount(20);
        Emulator.Requests.Should().Contain(r => r.Fault != null, "the seed must actually drop some responses");
    }

    [Fact]
    public async Task CreateAccessAssignment_DroppedResponses_NeverCreatesADuplicate()
    {
        using var client = Client(maxAttempts: 6);
        var relationship = await client.CreateRelationshipAsync(Request("Assignments under faults"));
        await client.LockForApprovalAsync(relationship.Id);
        Emulator.Simulator.Approve(relationship.Id);
        Emulator.Faults = new EmulatorFaults { DropConnectionRate = 0.4, Seed = 11 };

        for (var i = 0; i < 8; i++)
        {
            await client.CreateAccessAssignmentAsync(relationship.Id, new CreateAccessAssignmentRequest
            {
                SecurityGroupId = new Guid(i + 1, 0, 0, new byte[8]).ToString(),
                Roles = [WellKnownRoles.ExchangeAdministrator],
            });
        }

        Emulator.Faults = EmulatorFaults.None;
        var assignments = await client.ListAccessAssignmentsAsync(relationship.Id).ToListAsync();
        assignments.Should().HaveCount(8);
        assignments.Select(a => a.SecurityGroupId).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task GetRelationship_AlwaysThrottled_StopsAfterMaxAttemptsAsThrottled()
    {
        using var client = Client(maxAttempts: 3);
        var relationship = await client.CreateRelationshipAsync(Request("Throttled"));
        Emulator.Faults = new EmulatorFaults { Status429Rate = 1, RetryAfterSeconds = 0, Seed = 1 };
        var before = Emulator.Requests.Count;

        var act = () => client.GetRelationshipAsync(relationship.Id);

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Throttled);
        Emulator.Requests.Skip(before).Should().HaveCount(3).And.OnlyContain(r => r.Status == 429);
    }

    [Fact]
    public async Task GetRelationship_ThrottledOnce_WaitsRetryAfterThenSucceeds()
    {
        using var client = Client(maxAttempts: 4);
        var relationship = await client.CreateRelationshipAsync(Request("Retry-After"));
        Emulator.Faults = new EmulatorFaults { ThrottleRequestsPerSecond = 1, RetryAfterSeconds = 1 };
        var before = Emulator.Requests.Count;

        await client.GetRelationshipAsync(relationship.Id);
        var second = await client.GetRelationshipAsync(relationship.Id);

        second.Id.Should().Be(relationship.Id);
        var log = Emulator.Requests.Skip(before).ToList();
        var throttled = log.First(r => r.Status == 429);
        var retry = log.First(r => r.Sequence > throttled.Sequence && r.Status == 200);
        (retry.ReceivedAt - throttled.ReceivedAt).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9));
    }

    [Fact]
    public async Task ListRelationships_CancelledDuringSlowResponse_ThrowsOperationCanceled()
    {
        using var client = Client(maxAttempts: 3);
        Emulator.Faults = new EmulatorFaults { LatencyMs = 2_000 };
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var act = () => client.ListRelationshipsAsync(cancellationToken: cancellation.Token).ToListAsync(cancellation.Token).AsTask();

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    // The retry waits run on real timers, as they would over a network.
    private GraphPartnerAccessClient Client(int maxAttempts) => _host.CreateClient(
        options =>
        {
            options.MaxAttempts = maxAttempts;
            options.BaseDelay = TimeSpan.FromMilliseconds(10);
            options.MaxDelay = TimeSpan.FromMilliseconds(50);
        },
        TimeProvider.System);

    private static CreateRelationshipRequest Request(string name) => new()
    {
        DisplayName = name,
        Duration = Duration.FromDays(30),
        Roles = [WellKnownRoles.ExchangeAdministrator],
        Customer = new CustomerParticipant("4b827261-d21f-4aa9-b7db-7fa1f56fb163", "Contoso"),
    };
}
