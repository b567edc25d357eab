using System.Net;
using PartnerAccess.Sdk.Graph.Tests.Support;

namespace PartnerAccess.Sdk.Graph.Tests.Resilience;

/// <summary>
/// The bound docs/resilience.md states: one request is sent at most <c>MaxAttempts</c> times and waits at most
/// <c>TotalTimeout</c>, and one write at most <c>MaxAttempts</c> times per call, whatever the answers.
/// </summary>
public sealed class RetryBudgetTests
{
    private static readonly string Id = GraphJson.RelationshipId(31);
    private readonly StubGraphHandler _stub = new();
    private readonly ObservableTimeProvider _time = new();

    [Fact]
    public async Task GetRelationship_Always503_IsSentExactlyMaxAttemptsTimesWithTheDocumentedWaits()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Status(503));
        using var client = TestClients.Create(_stub, _time);

        var call = client.GetRelationshipAsync(Id);
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var wait = await _time.NextDelayAsync(TestClients.Timeouts);
            waits.Add(wait);
            _time.Advance(wait);
        }

        await call.Invoking(c => c).Should().ThrowAsync<PartnerAccessException>();
        _stub.Requests.Should().HaveCount(4, "MaxAttempts = 4, the first attempt included");
        waits.Should().Equal(TimeSpan.FromMilliseconds(750), TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(3000));
    }

    [Fact]
    public async Task GetRelationship_Always503AndAShortTotalTimeout_StopsWhenTheNextWaitWouldPassIt()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Status(503));
        using var client = TestClients.Create(_stub, _time, o =>
        {
            o.TotalTimeout = TimeSpan.FromSeconds(2);
            o.AttemptTimeout = TimeSpan.FromSeconds(1);
        });

        var call = client.GetRelationshipAsync(Id);
        _time.Advance(await _time.NextDelayAsync([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)]));

        await call.Invoking(c => c).Should().ThrowAsync<PartnerAccessException>();
        _stub.Requests.Should().HaveCount(2, "0.75 s fits in 2 s; 0.75 s + 1.5 s does not");
    }

    [Fact]
    public async Task CreateRelationship_Always503_IsPostedExactlyMaxAttemptsTimesAndNeverLooksForIt()
    {
        _stub.On("POST", Paths.Relationships, _ => Responses.Status(503));
        using var client = TestClients.Create(_stub, _time);

        var call = client.CreateRelationshipAsync(Requests.Create());
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));
        }

        var failure = await call.Invoking(c => c).Should().ThrowAsync<PartnerAccessException>();
        failure.Which.Status.Should().Be(503);
        _stub.Requests.Select(r => r.Method.Method).Should().Equal("POST", "POST", "POST", "POST");
    }

    [Fact]
    public async Task UpdateRelationship_LostAnswersAndThrottlesMixed_IsSentAtMostMaxAttemptsTimesInAll()
    {
        var calls = 0;
        _stub.On("PATCH", Paths.Relationship, _ => Interlocked.Increment(ref calls) % 2 == 1 ? Responses.Status(500) : Responses.Status(429, ("Retry-After", "1")));
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Relationship(Id)));
        using var client = TestClients.Create(_stub, _time);

        var call = client.UpdateRelationshipAsync(Snapshots.Created(Id), new Sdk.Relationships.RelationshipUpdate { DisplayName = "Renamed" });
        // 500 (read: not applied) -> backoff -> 429 -> Retry-After -> 500 (read) -> backoff -> 429: budget spent.
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var wait = await _time.NextDelayAsync(TestClients.Timeouts);
            waits.Add(wait);
            _time.Advance(wait);
        }

        var failure = await call.Invoking(c => c).Should().ThrowAsync<PartnerAccessException>();
        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Throttled);
        waits.Should().Equal(TimeSpan.FromMilliseconds(750), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1500));
        _stub.Count("PATCH", Paths.Relationship).Should().Be(4, "the retry layer and the ambiguity resolution share one budget");
    }
}
