using System.Net;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Graph.Tests.Support;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Graph.Tests.Wire;

/// <summary>
/// Graph refuses a write with a plain envelope (code and message, no rule). The client re-reads the object and runs
/// the rules, so it throws what the in-memory client throws for the same refusal.
/// </summary>
public sealed class RefusalExplanationTests
{
    private static readonly string Id = GraphJson.RelationshipId(11);
    private readonly StubGraphHandler _stub = new();
    private readonly ObservableTimeProvider _time = new();

    [Fact]
    public async Task LockForApproval_Plain400AfterAnotherRunLockedIt_IsInvalidStateWithTheStatusRule()
    {
        _stub.OnSequence("GET", Paths.Relationship,
            _ => Responses.Ok(GraphJson.Relationship(Id)),
            _ => Responses.Ok(GraphJson.Relationship(Id, status: "approvalPending", etag: "W/\"etag-2\"")));
        _stub.On("POST", Paths.Requests, _ => Responses.Error(HttpStatusCode.BadRequest, "badRequest", "The request is invalid."));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.LockForApprovalAsync(Id)).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
        failure.Which.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.RelationshipState);
        failure.Which.Status.Should().Be(400);
        failure.Which.ServiceErrorCode.Should().Be("badRequest");
        _stub.Count("POST", Paths.Requests).Should().Be(1);
    }

    [Fact]
    public async Task CreateAccessAssignment_Plain409_IsConflictWithTheOneAssignmentPerGroupRule()
    {
        var relationship = Snapshots.Active(Id);
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Active(Id)));
        _stub.On("GET", Paths.Assignments, _ => Responses.Page([GraphJson.Assignment("a9d6cf90-083a-47dc-ace2-1da98be3f344")]));
        _stub.On("POST", Paths.Assignments, _ => Responses.Error(HttpStatusCode.Conflict, "conflict", "The resource already exists."));
        using var client = TestClients.Create(_stub, _time);
        var request = new CreateAccessAssignmentRequest { SecurityGroupId = GraphJson.Group, Roles = [RoleGrant.Parse(GraphJson.ExchangeAdministrator)] };

        var failure = await client.Invoking(c => c.CreateAccessAssignmentAsync(relationship, request, [])).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict);
        failure.Which.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.AssignmentGroupNotUnique);
        failure.Which.Status.Should().Be(409);
    }

    [Fact]
    public async Task CreateRelationship_Plain409_IsConflictWithTheUniqueNameRule()
    {
        _stub.On("GET", Paths.Relationships, _ => Responses.Page([GraphJson.Relationship(GraphJson.RelationshipId(12))]));
        _stub.On("POST", Paths.Relationships, _ => Responses.Error(HttpStatusCode.Conflict, "conflict", "Conflict."));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.CreateRelationshipAsync(Requests.Create() with { Duration = NodaTime.Duration.FromDays(30) }))
            .Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict);
        failure.Which.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.DisplayNameNotUnique);
    }

    [Fact]
    public async Task UpdateRelationship_Plain400AfterTheCustomerSideMovedIt_IsConcurrencyWithEveryRule()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Relationship(Id, status: "approvalPending", etag: "W/\"etag-2\"")));
        _stub.On("PATCH", Paths.Relationship, _ => Responses.Error(HttpStatusCode.BadRequest, "badRequest", "The request is invalid."));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.UpdateRelationshipAsync(Snapshots.Created(Id), new RelationshipUpdate { Duration = NodaTime.Duration.FromDays(90) }))
            .Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Concurrency);
        failure.Which.Violations.Select(v => v.Code).Should().Contain(RuleCodes.ETagMismatch).And.Contain(RuleCodes.RelationshipState);
    }

    [Fact]
    public async Task DeleteAccessAssignment_Plain400WhileDeleting_IsInvalidStateWithTheAssignmentStatusRule()
    {
        _stub.On("GET", Paths.Assignment, _ => Responses.Ok(GraphJson.Assignment("a9d6cf90-083a-47dc-ace2-1da98be3f344", status: "deleting", etag: "W/\"aa-2\"")));
        _stub.On("DELETE", Paths.Assignment, _ => Responses.Error(HttpStatusCode.BadRequest, "badRequest", "The request is invalid."));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.DeleteAccessAssignmentAsync(Snapshots.Assignment(Id))).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.Violations.Select(v => v.Code).Should().Contain(RuleCodes.AssignmentState);
    }

    [Fact]
    public async Task CreateRelationship_Plain400TheRulesCannotExplain_KeepsGraphsCodeAndMessage()
    {
        _stub.On("GET", Paths.Relationships, _ => Responses.Page([]));
        _stub.On("POST", Paths.Relationships, _ => Responses.Error(HttpStatusCode.BadRequest, "badRequest", "displayName contains invalid characters."));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.CreateRelationshipAsync(Requests.Create())).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        failure.Which.ServiceErrorCode.Should().Be("badRequest");
        failure.Which.Violations.Should().ContainSingle().Which.Should().Be(
            new RuleViolation(ServiceErrorCodes.BadRequest, "request", "displayName contains invalid characters.", null));
    }

    [Fact]
    public async Task Create_400CarryingRuleViolationsInTheBody_IgnoresThemAsGraphSendsNone()
    {
        var violations = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["code"] = RuleCodes.DurationOutOfRange, ["target"] = "duration", ["message"] = "x", ["value"] = "P731D" });
        _stub.On("GET", Paths.Relationships, _ => Responses.Page([]));
        _stub.On("POST", Paths.Relationships, _ => Responses.Error(HttpStatusCode.BadRequest, "badRequest", "Bad request.", violations));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.CreateRelationshipAsync(Requests.Create())).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.Violations.Select(v => v.Code).Should().NotContain(RuleCodes.DurationOutOfRange);
    }
}

/// <summary>The rule code of a 400 whose body names no rule, as tests spell it.</summary>
internal static class ServiceErrorCodes
{
    public const string BadRequest = "service.badRequest";
}
