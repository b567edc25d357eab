using System.Net;
using NodaTime;
using PartnerAccess.Sdk.Graph.Tests.Support;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Graph.Tests.Relationships;

/// <summary>202 + Location + Retry-After become an operation to follow; the wait helper polls it on the fake clock.</summary>
public sealed class LongRunningOperationTests
{
    private static readonly string Id = GraphJson.RelationshipId(31);
    private const string OperationId = "d8dbb27b-7fe7-4523-a3df-f766355fe0f2";
    private readonly StubGraphHandler _stub = new();
    private readonly ObservableTimeProvider _time = new();

    [Fact]
    public async Task RemoveGlobalAdministrator_Active_Returns202OperationAndWaitHelperFollowsIt()
    {
        string[] roles = [GraphJson.GlobalAdministrator, GraphJson.ExchangeAdministrator];
        _stub.On("PATCH", Paths.Relationship, _ => Responses.Json(HttpStatusCode.Accepted, "{}",
            ("Location", $"https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships/{Id}/operations/{OperationId}"),
            ("Retry-After", "10")));
        _stub.OnSequence("GET", Paths.Operation,
            _ => Responses.Ok(GraphJson.Operation(OperationId, "notStarted", "delegatedAdminRelationshipUpdate")),
            _ => Responses.Ok(GraphJson.Operation(OperationId, "running", "delegatedAdminRelationshipUpdate")),
            _ => Responses.Ok(GraphJson.Operation(OperationId, "succeeded", "delegatedAdminRelationshipUpdate")));
        using var client = TestClients.Create(_stub, _time);

        var outcome = await client.RemoveGlobalAdministratorAsync(Snapshots.Active(Id, "W/\"e\"", roles));

        _stub.Requests[0].Json!["accessDetails"]!["unifiedRoles"]!.AsArray().Select(r => r!["roleDefinitionId"]!.GetValue<string>())
            .Should().Equal(GraphJson.ExchangeAdministrator);
        outcome.IsLongRunning.Should().BeTrue();
        outcome.RetryAfter.Should().Be(Duration.FromSeconds(10));
        outcome.Operation!.OperationType.Should().Be(RelationshipOperationType.DelegatedAdminRelationshipUpdate);
        outcome.Operation.Status.Should().Be(OperationStatus.NotStarted);

        var wait = client.WaitForOperationAsync(outcome.Operation, new WaitOptions { PollInterval = Duration.FromSeconds(5), Timeout = Duration.FromMinutes(1) });
        var pollDelay = await _time.NextDelayAsync(TestClients.Timeouts);
        _time.Advance(pollDelay);

        pollDelay.Should().Be(TimeSpan.FromSeconds(5));
        (await wait).Status.Should().Be(OperationStatus.Succeeded);
        _stub.Count("GET", Paths.Operation).Should().Be(3);
    }

    [Fact]
    public async Task UpdateAccessAssignment_OperationNotReadableYet_ReturnsNotStartedOperationFromLocation()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Active(Id, [GraphJson.ExchangeAdministrator, GraphJson.GlobalReader])));
        _stub.On("PATCH", Paths.Assignment, _ => Responses.Json(HttpStatusCode.Accepted, "{}",
            ("Location", $"https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships/{Id}/operations/{OperationId}"),
            ("Retry-After", "10")));
        _stub.On("GET", Paths.Operation, _ => Responses.Error(HttpStatusCode.NotFound, "notFound", "Operation was not found."));
        using var client = TestClients.Create(_stub, _time, o => o.EventualConsistencyMaxRetries = 1);
        var assignment = Snapshots.Assignment(Id);

        var call = client.UpdateAccessAssignmentAsync(assignment, [Access.RoleGrant.Parse(GraphJson.ExchangeAdministrator), Access.RoleGrant.Parse(GraphJson.GlobalReader)]);
        _time.Advance(await _time.NextDelayAsync(TestClients.Timeouts));
        var outcome = await call;

        outcome.Operation!.Id.Should().Be(OperationId);
        outcome.Operation.RelationshipId.Should().Be(Id);
        outcome.Operation.Status.Should().Be(OperationStatus.NotStarted);
        outcome.Operation.OperationType.Should().Be(RelationshipOperationType.DelegatedAdminAccessAssignmentUpdate);
        _stub.Count("GET", Paths.Operation).Should().Be(2, "the fresh operation's 404 is retried once");
    }

    [Fact]
    public async Task SetAutoExtend_Active_PatchesOnlyAutoExtendDurationAsP180D()
    {
        _stub.On("PATCH", Paths.Relationship, _ => Responses.Ok(GraphJson.Active(Id)));
        using var client = TestClients.Create(_stub, _time);

        await client.SetAutoExtendAsync(Snapshots.Active(Id), enabled: true);

        _stub.Requests.Single().Body.Should().Be("{\"autoExtendDuration\":\"P180D\"}");
    }
}
