using System.Net;
using PartnerAccess.Sdk.Graph.Tests.Support;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Graph.Tests.Relationships;

/// <summary>Every PATCH and DELETE carries the domain object's ETag as If-Match.</summary>
public sealed class ConcurrencyTests
{
    private static readonly string Id = GraphJson.RelationshipId(11);
    private readonly StubGraphHandler _stub = new();
    private readonly ObservableTimeProvider _time = new();

    [Fact]
    public async Task UpdateRelationship_SendsIfMatchAndReturnsTheNewETag()
    {
        _stub.On("PATCH", Paths.Relationship, _ => Responses.Ok(GraphJson.Relationship(Id, displayName: "Renamed", etag: "W/\"etag-2\"")));
        using var client = TestClients.Create(_stub, _time);

        var outcome = await client.UpdateRelationshipAsync(Snapshots.Created(Id, "W/\"etag-1\""), new RelationshipUpdate { DisplayName = "Renamed" });

        _stub.Requests.Single().Header("If-Match").Should().Be("W/\"etag-1\"");
        _stub.Requests.Single().Json!.AsObject().Select(p => p.Key).Should().Equal("displayName");
        outcome.Value!.ETag.Value.Should().Be("W/\"etag-2\"");
        outcome.IsLongRunning.Should().BeFalse();
    }

    [Fact]
    public async Task DeleteRelationship_SendsIfMatch()
    {
        _stub.On("DELETE", Paths.Relationship, _ => new HttpResponseMessage(HttpStatusCode.NoContent));
        using var client = TestClients.Create(_stub, _time);

        await client.DeleteRelationshipAsync(Snapshots.Created(Id, "W/\"etag-9\""));

        _stub.Requests.Single().Header("If-Match").Should().Be("W/\"etag-9\"");
    }

    [Fact]
    public async Task UpdateAccessAssignment_SendsIfMatchAndReturnsTheUnchangedAssignmentOn200()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Active(Id)));
        _stub.On("PATCH", Paths.Assignment, _ => Responses.Ok(GraphJson.Assignment("a9d6cf90-083a-47dc-ace2-1da98be3f344", etag: "W/\"aa-7\"")));
        using var client = TestClients.Create(_stub, _time);
        var assignment = Snapshots.Assignment(Id, etag: "W/\"aa-7\"");

        var outcome = await client.UpdateAccessAssignmentAsync(assignment, assignment.Roles);

        _stub.Requests.Single(r => r.Method == HttpMethod.Patch).Header("If-Match").Should().Be("W/\"aa-7\"");
        outcome.Value!.Id.Should().Be(assignment.Id);
        outcome.Operation.Should().BeNull();
    }

    [Fact]
    public async Task DeleteAccessAssignment_SendsIfMatch()
    {
        _stub.On("DELETE", Paths.Assignment, _ => new HttpResponseMessage(HttpStatusCode.NoContent));
        using var client = TestClients.Create(_stub, _time);

        await client.DeleteAccessAssignmentAsync(Snapshots.Assignment(Id, etag: "W/\"aa-3\""));

        _stub.Requests.Single().Header("If-Match").Should().Be("W/\"aa-3\"");
    }

    [Fact]
    public async Task UpdateRelationship_StaleETag_IsConcurrencyAndThePatchIsNotSentAgain()
    {
        _stub.On("PATCH", Paths.Relationship, _ => Responses.Error(HttpStatusCode.PreconditionFailed, "preconditionFailed", "The If-Match ETag does not match the current version."));
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Relationship(Id, etag: "W/\"new\"")));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.UpdateRelationshipAsync(Snapshots.Created(Id, "W/\"old\""), new RelationshipUpdate { DisplayName = "Renamed" }))
            .Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Concurrency);
        failure.Which.Violations.Select(v => v.Code).Should().Contain(Sdk.Rules.RuleCodes.ETagMismatch);
        _stub.Count("PATCH", Paths.Relationship).Should().Be(1, "a 412 can never succeed with the same ETag, so it is not retried");
        _stub.Count("GET", Paths.Relationship).Should().Be(1, "one read explains the refusal");
    }
}
