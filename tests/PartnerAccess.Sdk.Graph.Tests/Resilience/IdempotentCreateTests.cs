using System.Net;
using System.Text.Json.Nodes;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Graph.Tests.Support;

namespace PartnerAccess.Sdk.Graph.Tests.Resilience;

/// <summary>
/// Creates are never blindly resent: after an ambiguous failure the client looks for the object first. The stub keeps
/// what it created, so a duplicate would be visible.
/// </summary>
public sealed class IdempotentCreateTests
{
    private static readonly string Id = GraphJson.RelationshipId(7);
    private readonly StubGraphHandler _stub = new();
    private readonly ObservableTimeProvider _time = new();
    private readonly List<JsonObject> _created = [];

    public IdempotentCreateTests()
    {
        _stub.On("GET", Paths.Relationships, request =>
        {
            lock (_created)
            {
                var name = request.DecodedQuery.Contains("displayName eq 'Contoso admin relationship'", StringComparison.Ordinal) ? "Contoso admin relationship" : null;
                return Responses.Page(_created.Where(c => name is null || c["displayName"]!.GetValue<string>() == name));
            }
        });
    }

    [Fact]
    public async Task CreateRelationship_ResponseLostAfterTheServiceCreatedIt_ReturnsThatRelationshipWithoutPostingAgain()
    {
        _stub.On("POST", Paths.Relationships, _ =>
        {
            Store(GraphJson.Relationship(Id));
            throw new HttpRequestException("The response ended prematurely.", new IOException("connection reset"));
        });
        using var client = TestClients.Create(_stub, _time);

        var relationship = await client.CreateRelationshipAsync(Requests.Create());

        relationship.Id.Should().Be(Id);
        _stub.Count("POST", Paths.Relationships).Should().Be(1);
        _created.Should().HaveCount(1);
        _stub.Requests.Last().DecodedQuery.Should().Contain("$filter=displayName eq 'Contoso admin relationship'");
    }

    [Fact]
    public async Task CreateRelationship_500BeforeTheServiceCreatedIt_ChecksThenCreatesExactlyOnce()
    {
        var posts = 0;
        _stub.On("POST", Paths.Relationships, _ =>
        {
            if (Interlocked.Increment(ref posts) == 1)
            {
                return Responses.Status(500);
            }

            var created = GraphJson.Relationship(Id);
            Store(created);
            return Responses.Json(HttpStatusCode.Created, created);
        });
        using var client = TestClients.Create(_stub, _time);

        var call = client.CreateRelationshipAsync(Requests.Create());
        var delay = await _time.NextDelayAsync(TestClients.Timeouts);
        _time.Advance(delay);
        var relationship = await call;

        relationship.Id.Should().Be(Id);
        _created.Should().HaveCount(1);
        _stub.Requests.Select(r => r.Method.Method).Should().Equal("POST", "GET", "POST");
    }

    [Fact]
    public async Task CreateRelationship_503_IsResentByTheRetryLayerWithoutLookingBecauseNothingWasProcessed()
    {
        _stub.OnSequence("POST", Paths.Relationships,
            _ => Responses.Status(503),
            _ =>
            {
                var created = GraphJson.Relationship(Id);
                Store(created);
                return Responses.Json(HttpStatusCode.Created, created);
            });
        using var client = TestClients.Create(_stub, _time);

        var call = client.CreateRelationshipAsync(Requests.Create());
        _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));
        var relationship = await call;

        relationship.Id.Should().Be(Id);
        _stub.Requests.Select(r => r.Method.Method).Should().Equal("POST", "POST");
    }

    [Fact]
    public async Task CreateRelationship_FirstCreateNotYetListedAndRetryGets409_ReturnsTheFirstCreate()
    {
        var visible = false;
        var posts = 0;
        _stub.On("GET", Paths.Relationships, _ =>
        {
            lock (_created)
            {
                return Responses.Page(visible ? _created : []);
            }
        });
        _stub.On("POST", Paths.Relationships, _ =>
        {
            if (Interlocked.Increment(ref posts) == 1)
            {
                Store(GraphJson.Relationship(Id));
                return Responses.Status(504);
            }

            visible = true;
            return Responses.Error(HttpStatusCode.Conflict, "conflict", "displayName 'Contoso admin relationship' is already used by another relationship.");
        });
        using var client = TestClients.Create(_stub, _time);

        var call = client.CreateRelationshipAsync(Requests.Create());
        _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));
        var relationship = await call;

        relationship.Id.Should().Be(Id);
        _created.Should().HaveCount(1);
        _stub.Requests.Select(r => r.Method.Method).Should().Equal("POST", "GET", "POST", "GET");
    }

    [Fact]
    public async Task CreateRelationship_AttemptTimesOutAfterTheServiceCreatedIt_ReturnsItWithoutPostingAgain()
    {
        _stub.OnAsync("POST", Paths.Relationships, async (_, ct) =>
        {
            Store(GraphJson.Relationship(Id));
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            throw new InvalidOperationException("unreachable");
        });
        using var client = TestClients.Create(_stub, _time, o => o.AttemptTimeout = TimeSpan.FromSeconds(20));

        var call = client.CreateRelationshipAsync(Requests.Create());
        await _stub.WaitForRequestsAsync(1);
        _time.Advance(TimeSpan.FromSeconds(20));
        var relationship = await call;

        relationship.Id.Should().Be(Id);
        _stub.Count("POST", Paths.Relationships).Should().Be(1);
    }

    [Fact]
    public async Task CreateRelationship_AmbiguousFailureAndSameNameWithOtherSettings_ThrowsConflictWithoutPostingAgain()
    {
        _stub.On("POST", Paths.Relationships, _ =>
        {
            Store(GraphJson.Relationship(Id, duration: "P30D"));
            throw new HttpRequestException("reset");
        });
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.CreateRelationshipAsync(Requests.Create())).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict);
        _stub.Count("POST", Paths.Relationships).Should().Be(1);
    }

    [Fact]
    public async Task CreateRelationship_EveryAttemptFailsBeforeCreating_StopsAfterMaxAttempts()
    {
        _stub.On("POST", Paths.Relationships, _ => throw new HttpRequestException("no route"));
        using var client = TestClients.Create(_stub, _time, o => o.MaxAttempts = 2);

        var call = client.CreateRelationshipAsync(Requests.Create());
        _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));

        var failure = await call.Invoking(c => c).Should().ThrowAsync<PartnerAccessException>();
        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.ServiceError);
        _stub.Count("POST", Paths.Relationships).Should().Be(2);
        _created.Should().BeEmpty();
    }

    [Fact]
    public async Task CreateRelationship_Plain409_IsConflictAndNotRetried()
    {
        _stub.On("POST", Paths.Relationships, _ => Responses.Error(HttpStatusCode.Conflict, "conflict", "displayName 'Contoso admin relationship' is already used by another relationship."));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.CreateRelationshipAsync(Requests.Create())).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict);
        _stub.Count("POST", Paths.Relationships).Should().Be(1);
    }

    [Fact]
    public async Task CreateAccessAssignment_ResponseLostAfterCreating_ReturnsTheGroupsAssignmentWithoutPostingAgain()
    {
        var relationshipId = GraphJson.RelationshipId(8);
        var assignments = new List<JsonObject>();
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Active(relationshipId)));
        _stub.On("GET", Paths.Assignments, request =>
        {
            request.DecodedQuery.Should().Contain($"accessContainer/accessContainerId eq '{GraphJson.Group}'");
            lock (assignments)
            {
                return Responses.Page(assignments);
            }
        });
        _stub.On("POST", Paths.Assignments, _ =>
        {
            lock (assignments)
            {
                assignments.Add(GraphJson.Assignment("a9d6cf90-083a-47dc-ace2-1da98be3f344", status: "pending"));
            }

            return Responses.Status(500);
        });
        using var client = TestClients.Create(_stub, _time);

        var assignment = await client.CreateAccessAssignmentAsync(relationshipId, new CreateAccessAssignmentRequest
        {
            SecurityGroupId = GraphJson.Group,
            Roles = [RoleGrant.Parse(GraphJson.ExchangeAdministrator)],
        });

        assignment.Id.Should().Be("a9d6cf90-083a-47dc-ace2-1da98be3f344");
        assignment.Status.Should().Be(AccessAssignmentStatus.Pending);
        _stub.Count("POST", Paths.Assignments).Should().Be(1);
        assignments.Should().HaveCount(1);
    }

    [Fact]
    public async Task LockForApproval_ResponseLost_ReturnsTheAcceptedRequestWithoutPostingAgain()
    {
        var requests = new List<JsonObject>();
        _stub.On("GET", Paths.Relationship, _ =>
        {
            lock (requests)
            {
                return Responses.Ok(requests.Count == 0 ? GraphJson.Relationship(Id) : GraphJson.Relationship(Id, status: "approvalPending", etag: "W/\"etag-2\""));
            }
        });
        _stub.On("GET", Paths.Requests, _ =>
        {
            lock (requests)
            {
                return Responses.Page(requests);
            }
        });
        _stub.On("POST", Paths.Requests, _ =>
        {
            lock (requests)
            {
                requests.Add(GraphJson.Request("5a6666c9-7282-0a41-67aa-25a5a3fbf339", "lockForApproval", created: "2025-03-01T10:00:00Z"));
            }

            throw new HttpRequestException("reset");
        });
        using var client = TestClients.Create(_stub, _time);

        var request = await client.LockForApprovalAsync(Id);

        request.Id.Should().Be("5a6666c9-7282-0a41-67aa-25a5a3fbf339");
        _stub.Count("POST", Paths.Requests).Should().Be(1);
    }

    private void Store(JsonObject relationship)
    {
        lock (_created)
        {
            _created.Add(relationship);
        }
    }
}
