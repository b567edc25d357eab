using System.Globalization;
using System.Net;
using PartnerAccess.Sdk.Graph.Tests.Support;

namespace PartnerAccess.Sdk.Graph.Tests.Resilience;

/// <summary>The one retry layer: Retry-After, backoff, bounds, method rules and cancellation, all on the fake clock.</summary>
public sealed class RetryTests
{
    private static readonly string Id = GraphJson.RelationshipId(1);
    private readonly StubGraphHandler _stub = new();
    private readonly ObservableTimeProvider _time = new();

    [Fact]
    public async Task Get_429WithRetryAfterSeconds_WaitsExactlyThatLongThenRetries()
    {
        _stub.OnSequence("GET", Paths.Relationship,
            _ => Responses.Status(429, ("Retry-After", "7")),
            _ => Responses.Ok(GraphJson.Relationship(Id)));
        using var client = TestClients.Create(_stub, _time);

        var call = client.GetRelationshipAsync(Id);
        var delay = await _time.NextDelayAsync(TestClients.Timeouts);

        delay.Should().Be(TimeSpan.FromSeconds(7));
        _time.Advance(delay - TimeSpan.FromMilliseconds(1));
        _stub.Requests.Should().HaveCount(1, "the retry must not go out before Retry-After has passed");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        (await call).Id.Should().Be(Id);
        _stub.Requests.Should().HaveCount(2);
        _stub.Requests[1].Header("Retry-Attempt").Should().Be("1");
    }

    [Fact]
    public async Task Get_503WithRetryAfterHttpDate_WaitsUntilThatDate()
    {
        var date = ObservableTimeProvider.Start.AddSeconds(90).ToString("R", CultureInfo.InvariantCulture);
        _stub.OnSequence("GET", Paths.Relationship,
            _ => Responses.Status(503, ("Retry-After", date)),
            _ => Responses.Ok(GraphJson.Relationship(Id)));
        using var client = TestClients.Create(_stub, _time);

        var call = client.GetRelationshipAsync(Id);
        var delay = await _time.NextDelayAsync(TestClients.Timeouts);
        _time.Advance(delay);

        delay.Should().Be(TimeSpan.FromSeconds(90), "the whole span to the date counts, not just its seconds part");
        (await call).Id.Should().Be(Id);
    }

    [Fact]
    public async Task Get_503WithoutRetryAfter_BacksOffExponentiallyWithJitter()
    {
        _stub.OnSequence("GET", Paths.Relationship,
            _ => Responses.Status(503),
            _ => Responses.Status(504),
            _ => Responses.Status(503),
            _ => Responses.Ok(GraphJson.Relationship(Id)));
        using var client = TestClients.Create(_stub, _time);

        var call = client.GetRelationshipAsync(Id);
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var delay = await _time.NextDelayAsync(TestClients.Timeouts);
            delays.Add(delay);
            _time.Advance(delay);
        }

        (await call).Id.Should().Be(Id);

        // Base 1 s doubling, equal jitter at its midpoint: 0.75 of each step.
        delays.Should().Equal(TimeSpan.FromMilliseconds(750), TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(3000));
        _stub.Requests.Should().HaveCount(4);
    }

    [Fact]
    public async Task Get_Always503_StopsAfterMaxAttemptsWithServiceError()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Status(503));
        using var client = TestClients.Create(_stub, _time, o => o.MaxAttempts = 3);

        var call = client.GetRelationshipAsync(Id);
        for (var i = 0; i < 2; i++)
        {
            _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));
        }

        var failure = await call.Invoking(c => c).Should().ThrowAsync<PartnerAccessException>();
        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.ServiceError);
        failure.Which.Status.Should().Be(503);
        _stub.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task Get_Always429_ThrowsThrottledWithRetryAfterWhenAttemptsRunOut()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Status(429, ("Retry-After", "2")));
        using var client = TestClients.Create(_stub, _time, o => o.MaxAttempts = 2);

        var call = client.GetRelationshipAsync(Id);
        _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));

        var failure = await call.Invoking(c => c).Should().ThrowAsync<PartnerAccessException>();
        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Throttled);
        failure.Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(2));
        failure.Which.RequestId.Should().Be("req-429");
        _stub.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Get_RetryAfterBeyondTotalTimeout_FailsAtOnceAsThrottled()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Status(429, ("Retry-After", "120")));
        using var client = TestClients.Create(_stub, _time, o =>
        {
            o.TotalTimeout = TimeSpan.FromSeconds(60);
            o.AttemptTimeout = TimeSpan.FromSeconds(30);
        });

        var failure = await client.Invoking(c => c.GetRelationshipAsync(Id)).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Throttled);
        failure.Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(120));
        _stub.Requests.Should().HaveCount(1, "waiting past the total timeout would be pointless");
    }

    [Fact]
    public async Task Get_TransportFailure_IsRetried()
    {
        _stub.OnSequence("GET", Paths.Relationship,
            _ => throw new HttpRequestException("connection reset", new IOException("reset")),
            _ => Responses.Ok(GraphJson.Relationship(Id)));
        using var client = TestClients.Create(_stub, _time);

        var call = client.GetRelationshipAsync(Id);
        _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));

        (await call).Id.Should().Be(Id);
        _stub.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Post_429_IsResentBecauseTheServiceDidNotProcessIt()
    {
        _stub.OnSequence("POST", Paths.Relationships,
            _ => Responses.Status(429, ("Retry-After", "1")),
            _ => Responses.Json(HttpStatusCode.Created, GraphJson.Relationship(Id)));
        using var client = TestClients.Create(_stub, _time);

        var call = client.CreateRelationshipAsync(Requests.Create());
        _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));

        (await call).Id.Should().Be(Id);
        _stub.Count("POST", Paths.Relationships).Should().Be(2);
        _stub.Count("GET", Paths.Relationships).Should().Be(0, "a 429 is unambiguous, no existence check is needed");
    }

    [Fact]
    public async Task Patch_503_IsRetriedWithTheSameIfMatch()
    {
        _stub.OnSequence("PATCH", Paths.Relationship,
            _ => Responses.Status(503, ("Retry-After", "1")),
            _ => Responses.Ok(GraphJson.Relationship(Id, displayName: "Renamed", etag: "W/\"etag-2\"")));
        using var client = TestClients.Create(_stub, _time);
        var current = Snapshots.Created(Id);

        var call = client.UpdateRelationshipAsync(current, new Sdk.Relationships.RelationshipUpdate { DisplayName = "Renamed" });
        _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));

        (await call).Value!.DisplayName.Should().Be("Renamed");
        _stub.Requests.Select(r => r.Header("If-Match")).Should().Equal(current.ETag.Value, current.ETag.Value);
        _stub.Requests.Select(r => r.Json!["displayName"]!.GetValue<string>()).Should().Equal("Renamed", "Renamed");
    }

    [Fact]
    public async Task Get_CancelledDuringRetryWait_StopsWithoutAnotherRequest()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Status(429, ("Retry-After", "30")));
        using var client = TestClients.Create(_stub, _time);
        using var cancellation = new CancellationTokenSource();

        var call = client.GetRelationshipAsync(Id, cancellation.Token);
        await _time.NextDelayAsync(TestClients.Timeouts);
        await cancellation.CancelAsync();

        await call.Invoking(c => c).Should().ThrowAsync<OperationCanceledException>();
        _stub.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task List_AlreadyCancelled_SendsNothing()
    {
        using var client = TestClients.Create(_stub, _time);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await client.Invoking(c => c.ListRelationshipsAsync(null, cancellation.Token).ToListAsync().AsTask())
            .Should().ThrowAsync<OperationCanceledException>();
        _stub.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Get_AttemptTimesOut_IsRetriedAfterTheAttemptTimeout()
    {
        var calls = 0;
        _stub.OnAsync("GET", Paths.Relationship, async (_, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            }

            return Responses.Ok(GraphJson.Relationship(Id));
        });
        using var client = TestClients.Create(_stub, _time, o => o.AttemptTimeout = TimeSpan.FromSeconds(20));

        var call = client.GetRelationshipAsync(Id);
        await _stub.WaitForRequestsAsync(1);
        _time.Advance(TimeSpan.FromSeconds(20));
        _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));

        (await call).Id.Should().Be(Id);
        _stub.Requests.Should().HaveCount(2);
    }
}
