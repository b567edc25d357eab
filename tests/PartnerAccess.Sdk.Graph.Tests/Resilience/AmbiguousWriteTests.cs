using System.Net;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Graph.Tests.Support;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Graph.Tests.Resilience;

/// <summary>
/// A write whose answer is lost (500, 504, a dropped connection) is resolved by reading, never by guessing: one
/// test per write kind, counting what went on the wire.
/// </summary>
public sealed class AmbiguousWriteTests
{
    private const string AssignmentId = "a9d6cf90-083a-47dc-ace2-1da98be3f344";
    private static readonly string Id = GraphJson.RelationshipId(21);
    private readonly StubGraphHandler _stub = new();
    private readonly ObservableTimeProvider _time = new();

    [Fact]
    public async Task LockForApproval_500AfterTheServiceLockedIt_ReadsTheStatusAndSucceedsWithoutResending()
    {
        var locked = false;
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(locked ? GraphJson.Relationship(Id, status: "approvalPending", etag: "W/\"etag-2\"") : GraphJson.Relationship(Id)));
        _stub.On("GET", Paths.Requests, _ => Responses.Page([GraphJson.Request("2a1c3c3e-4c5b-4a8e-9d3e-1f2a3b4c5d6e", "lockForApproval", created: "2025-03-01T09:10:00Z")]));
        _stub.On("POST", Paths.Requests, _ =>
        {
            locked = true;
            return Responses.Error(HttpStatusCode.InternalServerError, "InternalServerError", "An unexpected error occurred in the server.");
        });
        using var client = TestClients.Create(_stub, _time);

        var request = await client.LockForApprovalAsync(Snapshots.Created(Id));

        request.Action.Should().Be(RelationshipRequestAction.LockForApproval);
        _stub.Count("POST", Paths.Requests).Should().Be(1);
    }

    [Fact]
    public async Task LockForApproval_500AndTheRequestListedLate_LooksAgainAndReturnsIt()
    {
        var locked = false;
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(locked ? GraphJson.Relationship(Id, status: "approvalPending", etag: "W/\"etag-2\"") : GraphJson.Relationship(Id)));
        _stub.OnSequence("GET", Paths.Requests,
            _ => Responses.Page([]),
            _ => Responses.Page([]),
            _ => Responses.Page([GraphJson.Request("2a1c3c3e-4c5b-4a8e-9d3e-1f2a3b4c5d6e", "lockForApproval", created: "2025-03-01T09:10:00Z")]));
        _stub.On("POST", Paths.Requests, _ =>
        {
            locked = true;
            return Responses.Error(HttpStatusCode.InternalServerError, "InternalServerError", "An unexpected error occurred in the server.");
        });
        using var client = TestClients.Create(_stub, _time);

        var call = client.LockForApprovalAsync(Snapshots.Created(Id));
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 2; i++)
        {
            waits.Add(await _time.NextDelayAsync(TestClients.Timeouts));
            _time.Advance(waits[^1]);
        }

        var request = await call;

        request.Id.Should().Be("2a1c3c3e-4c5b-4a8e-9d3e-1f2a3b4c5d6e");
        waits.Should().Equal(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        _stub.Count("GET", Paths.Requests).Should().Be(3);
        _stub.Count("POST", Paths.Requests).Should().Be(1);
    }

    [Fact]
    public async Task LockForApproval_500AndTheRequestNeverListed_ReturnsItWithoutAnIdAfterLookingAgain()
    {
        var locked = false;
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(locked ? GraphJson.Relationship(Id, status: "approvalPending", etag: "W/\"etag-2\"") : GraphJson.Relationship(Id)));
        _stub.On("GET", Paths.Requests, _ => Responses.Page([]));
        _stub.On("POST", Paths.Requests, _ =>
        {
            locked = true;
            return Responses.Error(HttpStatusCode.InternalServerError, "InternalServerError", "An unexpected error occurred in the server.");
        });
        using var client = TestClients.Create(_stub, _time);

        var call = client.LockForApprovalAsync(Snapshots.Created(Id));
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));
        }

        var request = await call;

        request.Id.Should().BeEmpty("the lock took effect but the service has not listed its request");
        request.Action.Should().Be(RelationshipRequestAction.LockForApproval);
        request.RelationshipId.Should().Be(Id);
        _stub.Count("GET", Paths.Requests).Should().Be(4, "one look, then three more as for any eventual-consistency 404");
        _stub.Count("POST", Paths.Requests).Should().Be(1, "a write that happened is never sent again");
    }

    [Fact]
    public async Task LockForApproval_405RightAfterCreate_IsRetriedWithinTheBudget()
    {
        _stub.OnSequence("POST", Paths.Requests,
            _ => Responses.Error(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", "The requested resource does not support http method 'POST'."),
            _ => Responses.Json(HttpStatusCode.Created, GraphJson.Request("2a1c3c3e-4c5b-4a8e-9d3e-1f2a3b4c5d6e", "lockForApproval", "created")));
        using var client = TestClients.Create(_stub, _time);

        var call = client.LockForApprovalAsync(Snapshots.Created(Id));
        _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));
        var request = await call;

        request.Id.Should().Be("2a1c3c3e-4c5b-4a8e-9d3e-1f2a3b4c5d6e");
        _stub.Count("POST", Paths.Requests).Should().Be(2);
    }

    [Fact]
    public async Task LockForApproval_Always405_StopsAtMaxAttempts()
    {
        _stub.On("POST", Paths.Requests, _ => Responses.Error(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", "Not allowed."));
        using var client = TestClients.Create(_stub, _time);

        var call = client.LockForApprovalAsync(Snapshots.Created(Id));
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));
        }

        await call.Invoking(c => c).Should().ThrowAsync<PartnerAccessException>();
        _stub.Count("POST", Paths.Requests).Should().Be(4);
    }

    [Fact]
    public async Task Terminate_504AfterItTookEffect_ReadsTheStatusAndSucceeds()
    {
        var terminating = false;
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(terminating ? GraphJson.Relationship(Id, status: "terminationRequested", etag: "W/\"etag-3\"") : GraphJson.Active(Id)));
        _stub.On("GET", Paths.Requests, _ => Responses.Page([]));
        _stub.On("POST", Paths.Requests, _ =>
        {
            terminating = true;
            return Responses.Status(504);
        });
        using var client = TestClients.Create(_stub, _time);

        var call = client.TerminateRelationshipAsync(Id);
        for (var i = 0; i < 3; i++)
        {
            // The request is never listed: the client looks again three times, as for any eventual-consistency 404.
            _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));
        }

        var request = await call;

        request.Action.Should().Be(RelationshipRequestAction.Terminate);
        _stub.Count("POST", Paths.Requests).Should().Be(1);
    }

    [Fact]
    public async Task UpdateRelationship_500AfterTheChangeWasApplied_ReturnsTheFreshObjectWithoutResending()
    {
        _stub.On("PATCH", Paths.Relationship, _ => Responses.Status(500));
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Relationship(Id, duration: "P90D", etag: "W/\"etag-2\"")));
        using var client = TestClients.Create(_stub, _time);

        var outcome = await client.UpdateRelationshipAsync(Snapshots.Created(Id), new RelationshipUpdate { Duration = NodaTime.Duration.FromDays(90) });

        outcome.Value!.Window.Length.Should().Be(NodaTime.Duration.FromDays(90));
        _stub.Count("PATCH", Paths.Relationship).Should().Be(1);
    }

    [Fact]
    public async Task UpdateRelationship_DroppedBeforeTheServiceSawItAndETagUnchanged_ResendsOnce()
    {
        var patched = false;
        _stub.OnSequence("PATCH", Paths.Relationship,
            _ => throw new HttpRequestException("The response ended prematurely.", new IOException("reset")),
            _ =>
            {
                patched = true;
                return Responses.Ok(GraphJson.Relationship(Id, duration: "P90D", etag: "W/\"etag-2\""));
            });
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(patched ? GraphJson.Relationship(Id, duration: "P90D", etag: "W/\"etag-2\"") : GraphJson.Relationship(Id)));
        using var client = TestClients.Create(_stub, _time);

        var call = client.UpdateRelationshipAsync(Snapshots.Created(Id), new RelationshipUpdate { Duration = NodaTime.Duration.FromDays(90) });
        _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));
        var outcome = await call;

        outcome.Value!.Window.Length.Should().Be(NodaTime.Duration.FromDays(90));
        _stub.Requests.Select(r => r.Method.Method).Should().Equal("PATCH", "GET", "PATCH");
        _stub.Requests[2].Header("If-Match").Should().Be("W/\"etag-1\"");
    }

    [Fact]
    public async Task UpdateRelationship_504AndSomeoneElseChangedItMeanwhile_IsConcurrency()
    {
        _stub.On("PATCH", Paths.Relationship, _ => Responses.Status(504));
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Relationship(Id, displayName: "Renamed by someone", etag: "W/\"etag-9\"")));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.UpdateRelationshipAsync(Snapshots.Created(Id), new RelationshipUpdate { Duration = NodaTime.Duration.FromDays(90) }))
            .Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Concurrency, string.Join(" ", _stub.Requests.Select(r => r.Method + " " + r.Uri)) + failure.Which);
        failure.Which.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.ETagMismatch);
        _stub.Count("PATCH", Paths.Relationship).Should().Be(1);
    }

    [Fact]
    public async Task UpdateAccessAssignment_500AndTheRoleChangeIsRunning_ReturnsTheOperation()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Active(Id, [GraphJson.ExchangeAdministrator, GraphJson.IntuneAdministrator])));
        _stub.On("PATCH", Paths.Assignment, _ => Responses.Status(500));
        _stub.On("GET", Paths.Assignment, _ => Responses.Ok(GraphJson.Assignment(AssignmentId)));
        _stub.On("GET", Paths.Operations, _ => Responses.Page([GraphJson.Operation("0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d")]));
        using var client = TestClients.Create(_stub, _time);

        var outcome = await client.UpdateAccessAssignmentAsync(Snapshots.Assignment(Id), [RoleGrant.Parse(GraphJson.IntuneAdministrator)]);

        outcome.Operation!.Id.Should().Be("0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d");
        _stub.Count("PATCH", Paths.Assignment).Should().Be(1);
    }

    [Fact]
    public async Task DeleteRelationship_DroppedConnectionAndNowGone_Succeeds()
    {
        _stub.On("DELETE", Paths.Relationship, _ => throw new HttpRequestException("Connection reset.", new IOException("reset")));
        _stub.On("GET", Paths.Relationship, _ => Responses.Error(HttpStatusCode.NotFound, "notFound", "Not found."));
        using var client = TestClients.Create(_stub, _time);

        await client.DeleteRelationshipAsync(Snapshots.Created(Id));

        _stub.Count("DELETE", Paths.Relationship).Should().Be(1);
    }

    [Fact]
    public async Task DeleteAccessAssignment_500AndNowDeleting_Succeeds()
    {
        _stub.On("DELETE", Paths.Assignment, _ => Responses.Status(500));
        _stub.On("GET", Paths.Assignment, _ => Responses.Ok(GraphJson.Assignment(AssignmentId, status: "deleting", etag: "W/\"aa-2\"")));
        using var client = TestClients.Create(_stub, _time);

        await client.DeleteAccessAssignmentAsync(Snapshots.Assignment(Id));

        _stub.Count("DELETE", Paths.Assignment).Should().Be(1);
    }

    [Fact]
    public async Task DeleteAccessAssignment_ResentAfterALostAnswerGets412_SucceedsBecauseTheFirstOneWorked()
    {
        var deleted = false;
        _stub.OnSequence("DELETE", Paths.Assignment,
            _ => Responses.Status(504),
            _ => Responses.Error(HttpStatusCode.PreconditionFailed, "preconditionFailed", "Stale."));
        _stub.On("GET", Paths.Assignment, _ =>
        {
            // The first read still shows it (replication); by the second the delete shows.
            var answer = deleted ? GraphJson.Assignment(AssignmentId, status: "deleted", etag: "W/\"aa-3\"") : GraphJson.Assignment(AssignmentId);
            deleted = true;
            return Responses.Ok(answer);
        });
        using var client = TestClients.Create(_stub, _time);

        var call = client.DeleteAccessAssignmentAsync(Snapshots.Assignment(Id));
        _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));
        await call;

        _stub.Count("DELETE", Paths.Assignment).Should().Be(2);
    }

    [Fact]
    public async Task CreateAccessAssignment_EveryAnswerLostAndNothingCreated_IsSentAtMostMaxAttemptsTimes()
    {
        _stub.On("POST", Paths.Assignments, _ => Responses.Status(500));
        _stub.On("GET", Paths.Assignments, _ => Responses.Page([]));
        using var client = TestClients.Create(_stub, _time);
        var request = new CreateAccessAssignmentRequest { SecurityGroupId = GraphJson.Group, Roles = [RoleGrant.Parse(GraphJson.ExchangeAdministrator)] };

        var call = client.CreateAccessAssignmentAsync(Snapshots.Active(Id), request, []);
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));
        }

        var failure = await call.Invoking(c => c).Should().ThrowAsync<PartnerAccessException>();
        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.ServiceError);
        _stub.Count("POST", Paths.Assignments).Should().Be(4);
        _stub.Count("GET", Paths.Assignments).Should().Be(4, "every lost answer is followed by one look for the object");
    }

    [Fact]
    public async Task ListRelationships_CustomerFilterRefused_FiltersOnTheClientAndRemembersIt()
    {
        _stub.On("GET", Paths.Relationships, request => request.DecodedQuery.Contains("customer/tenantId", StringComparison.Ordinal)
            ? Responses.Error(HttpStatusCode.BadRequest, "BadRequest", "Invalid filter clause")
            : Responses.Page([GraphJson.Relationship(Id), GraphJson.Relationship(GraphJson.RelationshipId(22), displayName: "Other") .Also(r => r["customer"]!["tenantId"] = "0d8a2a8e-0000-4000-8000-000000000001")]));
        using var client = TestClients.Create(_stub, _time);
        var query = new RelationshipQuery { CustomerTenantId = GraphJson.CustomerTenant };

        var first = await client.ListRelationshipsAsync(query).ToListAsync();
        var second = await client.ListRelationshipsAsync(query).ToListAsync();

        first.Select(r => r.Id).Should().Equal(Id);
        second.Select(r => r.Id).Should().Equal(Id);
        _stub.Requests.Count(r => r.DecodedQuery.Contains("customer/tenantId", StringComparison.Ordinal)).Should().Be(1, "the refusal is remembered");
    }

    [Fact]
    public async Task ListAccessAssignments_GroupFilterRefused_FiltersOnTheClientAndRemembersIt()
    {
        const string otherGroup = "0d8a2a8e-0000-4000-8000-0000000000aa";
        _stub.On("GET", Paths.Assignments, request => request.DecodedQuery.Contains("accessContainer/accessContainerId", StringComparison.Ordinal)
            ? Responses.Error(HttpStatusCode.BadRequest, "BadRequest", "Invalid filter clause")
            : Responses.Page([GraphJson.Assignment(AssignmentId), GraphJson.Assignment("b9d6cf90-083a-47dc-ace2-1da98be3f344", group: otherGroup)]));
        using var client = TestClients.Create(_stub, _time);
        var query = new AccessAssignmentQuery { SecurityGroupId = GraphJson.Group };

        var first = await client.ListAccessAssignmentsAsync(Id, query).ToListAsync();
        var second = await client.ListAccessAssignmentsAsync(Id, query).ToListAsync();

        first.Select(a => a.Id).Should().Equal(AssignmentId);
        second.Select(a => a.Id).Should().Equal(AssignmentId);
        _stub.Requests.Count(r => r.DecodedQuery.Contains("accessContainer/accessContainerId", StringComparison.Ordinal)).Should().Be(1, "the refusal is remembered");
    }
}

internal static class JsonNodeExtensions
{
    public static T Also<T>(this T node, Action<T> change)
    {
        change(node);
        return node;
    }
}
