using System.Net;
using PartnerAccess.Sdk.Graph.Tests.Support;

namespace PartnerAccess.Sdk.Graph.Tests.Resilience;

/// <summary>A 404 right after this client created the object is replication lag, retried within a small bound.</summary>
public sealed class EventualConsistencyTests
{
    private static readonly string Id = GraphJson.RelationshipId(3);
    private readonly StubGraphHandler _stub = new();
    private readonly ObservableTimeProvider _time = new();

    [Fact]
    public async Task GetRelationship_404RightAfterCreate_IsRetriedUntilVisible()
    {
        _stub.On("POST", Paths.Relationships, _ => Responses.Json(HttpStatusCode.Created, GraphJson.Relationship(Id)));
        _stub.OnSequence("GET", Paths.Relationship,
            _ => Responses.Error(HttpStatusCode.NotFound, "notFound", "Relationship was not found."),
            _ => Responses.Ok(GraphJson.Relationship(Id)));
        using var client = TestClients.Create(_stub, _time);
        await client.CreateRelationshipAsync(Requests.Create());

        var call = client.GetRelationshipAsync(Id);
        var delay = await _time.NextDelayAsync(TestClients.Timeouts);
        _time.Advance(delay);

        (await call).Id.Should().Be(Id);
        delay.Should().Be(TimeSpan.FromSeconds(1));
        _stub.Count("GET", Paths.Relationship).Should().Be(2);
    }

    [Fact]
    public async Task GetRelationship_404OnAnIdThisClientDidNotCreate_IsNotFoundAtOnce()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Error(HttpStatusCode.NotFound, "notFound", "Relationship was not found."));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.GetRelationshipAsync(Id)).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
        _stub.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task GetRelationship_404PersistsAfterCreate_GivesUpAfterTheBound()
    {
        _stub.On("POST", Paths.Relationships, _ => Responses.Json(HttpStatusCode.Created, GraphJson.Relationship(Id)));
        _stub.On("GET", Paths.Relationship, _ => Responses.Error(HttpStatusCode.NotFound, "notFound", "Relationship was not found."));
        using var client = TestClients.Create(_stub, _time, o => o.EventualConsistencyMaxRetries = 2);
        await client.CreateRelationshipAsync(Requests.Create());

        var call = client.GetRelationshipAsync(Id);
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 2; i++)
        {
            var delay = await _time.NextDelayAsync(TestClients.Timeouts);
            delays.Add(delay);
            _time.Advance(delay);
        }

        var failure = await call.Invoking(c => c).Should().ThrowAsync<PartnerAccessException>();
        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
        delays.Should().Equal(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        _stub.Count("GET", Paths.Relationship).Should().Be(3);
    }

    [Fact]
    public async Task GetRelationship_404AfterTheWindowHasPassed_IsNotRetried()
    {
        _stub.On("POST", Paths.Relationships, _ => Responses.Json(HttpStatusCode.Created, GraphJson.Relationship(Id)));
        _stub.On("GET", Paths.Relationship, _ => Responses.Error(HttpStatusCode.NotFound, "notFound", "Relationship was not found."));
        using var client = TestClients.Create(_stub, _time, o => o.EventualConsistencyWindow = TimeSpan.FromSeconds(30));
        await client.CreateRelationshipAsync(Requests.Create());
        _time.Advance(TimeSpan.FromSeconds(31));

        await client.Invoking(c => c.GetRelationshipAsync(Id)).Should().ThrowAsync<PartnerAccessException>();

        _stub.Count("GET", Paths.Relationship).Should().Be(1);
    }

    [Fact]
    public async Task LockForApproval_RightAfterCreate_RetriesThe404OfTheFreshRelationship()
    {
        _stub.On("POST", Paths.Relationships, _ => Responses.Json(HttpStatusCode.Created, GraphJson.Relationship(Id)));
        _stub.OnSequence("GET", Paths.Relationship,
            _ => Responses.Error(HttpStatusCode.NotFound, "notFound", "Relationship was not found."),
            _ => Responses.Ok(GraphJson.Relationship(Id)));
        _stub.On("POST", Paths.Requests, _ => Responses.Json(HttpStatusCode.Created, GraphJson.Request("5a6666c9-7282-0a41-67aa-25a5a3fbf339", "lockForApproval", "created")));
        using var client = TestClients.Create(_stub, _time);
        var relationship = await client.CreateRelationshipAsync(Requests.Create());

        var call = client.LockForApprovalAsync(relationship.Id);
        _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));

        (await call).Action.Should().Be(Sdk.Relationships.RelationshipRequestAction.LockForApproval);
    }
}
