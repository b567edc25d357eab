using System.Net;
using Microsoft.Extensions.Time.Testing;
using PartnerAccess.Sdk.Emulator.Faults;

namespace PartnerAccess.Sdk.Emulator.Tests.Faults;

public sealed class FaultInjectionTests : EmulatorTestBase
{
    // The wire clock is fake, so throttle windows and eventual-consistency windows move only when the test says so.
    private readonly FakeTimeProvider _wire = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    protected override GdapEmulatorOptions CreateOptions() => base.CreateOptions() with { WireTimeProvider = _wire };

    private Task<Reply> PutFaultsAsync(string json) => SendAsync(HttpMethod.Put, "_emulator/faults", json);

    [Fact]
    public async Task Status429Rate_One_Returns429WithRetryAfterAndEnvelope()
    {
        (await PutFaultsAsync("{\"status429Rate\":1,\"retryAfterSeconds\":7}")).Status.Should().Be(HttpStatusCode.OK);

        var reply = await GetAsync(Relationships);

        reply.Status.Should().Be(HttpStatusCode.TooManyRequests);
        reply.ErrorCode.Should().Be("tooManyRequests");
        reply.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(7));
        Emulator.Requests.Should().ContainSingle().Which.Fault.Should().Be("status429");
    }

    [Fact]
    public async Task Status503Rate_SameSeed_SameSequenceOfFailures()
    {
        var first = await StatusSequenceAsync(this, seed: 42);
        await using var other = await EmulatorHost.StartAsync(CreateOptions());
        var second = await StatusSequenceAsync(other.Control, seed: 42);

        first.Should().Equal(second);
        first.Should().Contain(HttpStatusCode.ServiceUnavailable).And.Contain(HttpStatusCode.OK);
    }

    private static async Task<List<HttpStatusCode>> StatusSequenceAsync(FaultInjectionTests test, int seed) => await StatusSequenceAsync(test.Http, seed);

    private static async Task<List<HttpStatusCode>> StatusSequenceAsync(HttpClient http, int seed)
    {
        (await http.PutAsync("_emulator/faults", Json($"{{\"status503Rate\":0.5,\"seed\":{seed}}}"))).EnsureSuccessStatusCode();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 24; i++)
        {
            using var response = await http.GetAsync(Relationships);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
            }
        }

        return statuses;
    }

    [Fact]
    public async Task DropConnection_AfterProcessing_ClientSeesFailureButCreateHappened()
    {
        Emulator.Faults = new EmulatorFaults { DropConnectionRate = 1 };

        var act = () => Http.PostAsync(Relationships, Json(RelationshipBody("Ambiguous")));

        await act.Should().ThrowAsync<HttpRequestException>();
        Emulator.Faults = EmulatorFaults.None;
        (await GetAsync(Relationships)).Values.Should().ContainSingle().Which.GetProperty("displayName").GetString().Should().Be("Ambiguous");
        Emulator.Requests.Should().ContainSingle(r => r.Method == "POST").Which.Should().Match<Diagnostics.EmulatorRequestLogEntry>(r => r.Fault == "dropConnection" && r.Status == 0);
    }

    [Fact]
    public async Task DropConnection_BeforeProcessing_NothingIsCreated()
    {
        Emulator.Faults = new EmulatorFaults { DropConnectionRate = 1, DropBeforeProcessing = true };

        var act = () => Http.PostAsync(Relationships, Json(RelationshipBody("Lost")));

        await act.Should().ThrowAsync<HttpRequestException>();
        Emulator.Faults = EmulatorFaults.None;
        (await GetAsync(Relationships)).Values.Should().BeEmpty();
    }

    [Fact]
    public async Task EventualConsistency_NewObject404sUntilTheDelayPasses()
    {
        await PutFaultsAsync("{\"eventualConsistencyDelayMs\":500}");
        var created = await CreateRelationshipAsync();
        var path = $"{Relationships}/{IdOf(created)}";

        var early = await GetAsync(path);
        early.Status.Should().Be(HttpStatusCode.NotFound);
        early.ErrorCode.Should().Be("notFound");
        (await PostAsync($"{path}/requests", "{\"action\":\"lockForApproval\"}")).Status.Should().Be(HttpStatusCode.NotFound);

        _wire.Advance(TimeSpan.FromMilliseconds(500));

        (await GetAsync(path)).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task MethodNotAllowedAfterCreate_LockRightAfterCreate_Returns405ThenWorks()
    {
        await PutFaultsAsync("{\"methodNotAllowedAfterCreateMs\":1000}");
        var created = await CreateRelationshipAsync();
        var path = $"{Relationships}/{IdOf(created)}/requests";

        (await PostAsync(path, "{\"action\":\"lockForApproval\"}")).Status.Should().Be(HttpStatusCode.MethodNotAllowed);
        _wire.Advance(TimeSpan.FromSeconds(1));
        (await PostAsync(path, "{\"action\":\"lockForApproval\"}")).Status.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Throttle_AtMostNPerSecondWindow_ThenRetryAfterAndRecovery()
    {
        await PutFaultsAsync("{\"throttleRequestsPerSecond\":3}");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await GetAsync(Relationships)).Status);
        }

        statuses.Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests);
        var throttled = await GetAsync(Relationships);
        throttled.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        (await GetAsync("_emulator/clock")).Status.Should().Be(HttpStatusCode.OK, "the control surface is never throttled");

        _wire.Advance(TimeSpan.FromMilliseconds(999));
        (await GetAsync(Relationships)).Status.Should().Be(HttpStatusCode.TooManyRequests, "the window is a sliding second");
        _wire.Advance(TimeSpan.FromMilliseconds(1));
        (await GetAsync(Relationships)).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Throttle_RequestsSpreadOverTheWindow_NoBurstAboveN()
    {
        await PutFaultsAsync("{\"throttleRequestsPerSecond\":2}");
        (await GetAsync(Relationships)).Status.Should().Be(HttpStatusCode.OK);
        _wire.Advance(TimeSpan.FromMilliseconds(600));
        (await GetAsync(Relationships)).Status.Should().Be(HttpStatusCode.OK);
        _wire.Advance(TimeSpan.FromMilliseconds(600));

        // The first request left the window; the second is still in it, so only one more fits.
        (await GetAsync(Relationships)).Status.Should().Be(HttpStatusCode.OK);
        (await GetAsync(Relationships)).Status.Should().Be(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task PutFaults_InvalidValues_Returns400AndKeepsOldFaults()
    {
        await PutFaultsAsync("{\"latencyMs\":1}");

        (await PutFaultsAsync("{\"status429Rate\":2}")).Status.Should().Be(HttpStatusCode.BadRequest);
        (await PutFaultsAsync("{\"latencyMS\":1,\"typo\":true}")).Status.Should().Be(HttpStatusCode.BadRequest);
        (await PutFaultsAsync("{\"status429Rate\":0.6,\"status503Rate\":0.6}")).Status.Should().Be(HttpStatusCode.BadRequest);

        (await GetAsync("_emulator/faults")).Body.GetProperty("latencyMs").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task PutFaults_ReplacesEverySetting()
    {
        await PutFaultsAsync("{\"status429Rate\":1}");

        await PutFaultsAsync("{\"latencyJitterMs\":0}");

        (await GetAsync(Relationships)).Status.Should().Be(HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Delete, "_emulator/faults")).Status.Should().Be(HttpStatusCode.NoContent);
    }
}

public sealed class LatencyTests : EmulatorTestBase
{
    [Fact]
    public async Task Latency_SmallWireDelay_RequestStillSucceedsAndIsLogged()
    {
        Emulator.Faults = new EmulatorFaults { LatencyMs = 5, LatencyJitterMs = 5, Seed = 1 };

        var reply = await GetAsync(Relationships, h => h.Add("client-request-id", "slow-1"));

        reply.Status.Should().Be(HttpStatusCode.OK);
        Emulator.Requests.Should().ContainSingle().Which.ClientRequestId.Should().Be("slow-1");
    }
}
