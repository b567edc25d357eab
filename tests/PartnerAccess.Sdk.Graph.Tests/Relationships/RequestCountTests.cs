using System.Net;
using PartnerAccess.Sdk.Graph.Tests.Support;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Graph.Tests.Relationships;

/// <summary>A write given the object as last read checks the rules on that object and does not read it again.</summary>
public sealed class RequestCountTests
{
    private static readonly string Id = GraphJson.RelationshipId(21);
    private const string AssignmentId = "a9d6cf90-083a-47dc-ace2-1da98be3f344";
    private readonly StubGraphHandler _stub = new();
    private readonly ObservableTimeProvider _time = new();

    [Fact]
    public async Task UpdateRelationship_JustRead_SendsOnlyThePatch()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Relationship(Id, etag: "W/\"etag-1\"")))
            .On("PATCH", Paths.Relationship, _ => Responses.Ok(GraphJson.Relationship(Id, displayName: "Renamed", etag: "W/\"etag-2\"")));
        using var client = TestClients.Create(_stub, _time);
        var relationship = await client.GetRelationshipAsync(Id);

        await client.UpdateRelationshipAsync(relationship, new RelationshipUpdate { DisplayName = "Renamed" });

        _stub.Requests.Select(r => r.Method.Method).Should().Equal("GET", "PATCH");
    }

    [Fact]
    public async Task DeleteRelationship_JustRead_SendsOnlyTheDelete()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Relationship(Id, etag: "W/\"etag-1\"")))
            .On("DELETE", Paths.Relationship, _ => new HttpResponseMessage(HttpStatusCode.NoContent));
        using var client = TestClients.Create(_stub, _time);
        var relationship = await client.GetRelationshipAsync(Id);

        await client.DeleteRelationshipAsync(relationship);

        _stub.Requests.Select(r => r.Method.Method).Should().Equal("GET", "DELETE");
    }

    [Fact]
    public async Task DeleteAccessAssignment_JustRead_SendsOnlyTheDelete()
    {
        _stub.On("GET", Paths.Assignment, _ => Responses.Ok(GraphJson.Assignment(AssignmentId, etag: "W/\"aa-1\"")))
            .On("DELETE", Paths.Assignment, _ => new HttpResponseMessage(HttpStatusCode.NoContent));
        using var client = TestClients.Create(_stub, _time);
        var assignment = await client.GetAccessAssignmentAsync(Id, AssignmentId);

        await client.DeleteAccessAssignmentAsync(assignment);

        _stub.Requests.Select(r => r.Method.Method).Should().Equal("GET", "DELETE");
    }

    [Fact]
    public async Task LockForApproval_ById_ReadsTheRelationshipOnceThenPosts()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Relationship(Id, etag: "W/\"etag-1\"")))
            .On("POST", Paths.Requests, _ => Responses.Json(HttpStatusCode.Created, GraphJson.Request("0b7e3e0c-64ab-4d61-9b59-3f5ad0bbbe73", "lockForApproval", "created")));
        using var client = TestClients.Create(_stub, _time);

        await client.LockForApprovalAsync(Id);

        _stub.Requests.Select(r => r.Method.Method).Should().Equal("GET", "POST");
    }
}
