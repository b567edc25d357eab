using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Graph.Tests.Telemetry;

/// <summary>Spans, metrics and logs of <see cref="GraphPartnerAccessClient"/>, over an in-process stub of Graph.</summary>
[Collection(TelemetryCapture.Collection)]
public sealed class GraphClientTelemetryTests : IDisposable
{
    private const string OperationId = "d8dbb27b-7fe7-4523-a3df-f766355fe0f2";
    private static readonly string Id = GraphStub.RelationshipId(7);
    private static readonly string Missing = GraphStub.RelationshipId(404);

    private readonly TelemetryCapture _telemetry = new();
    private readonly FakeLogCollector _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly GraphStub _stub = new();

    public GraphClientTelemetryTests()
    {
        _loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(_logs)));
    }

    [Fact]
    public async Task Operations_WithStaticBearerToken_NeverPutTheTokenInLogsOrSpans()
    {
        var token = "eyJ0eXAiOiJKV1Qi.secret-" + Guid.NewGuid().ToString("N");
        StubAFullRun();
        using var client = CreateClient(token);

        await RunAFullRunAsync(client);

        _stub.Authorizations.Should().NotBeEmpty().And.OnlyContain(a => a == "Bearer " + token, "the token was really in play");
        var records = _logs.GetSnapshot();
        records.Select(r => r.Id.Id).Should().Contain([1, 2, 3, 12, 100, 101], "the run retried, was throttled, answered, accepted an operation, succeeded and failed");
        foreach (var record in records)
        {
            record.Message.Should().NotContain(token);
            (record.StructuredState ?? []).Should().NotContain(kv => kv.Value != null && kv.Value.Contains(token, StringComparison.Ordinal));
            (record.Exception?.ToString() ?? string.Empty).Should().NotContain(token);
        }

        _telemetry.Activities.Should().NotBeEmpty();
        _telemetry.Activities.SelectMany(a => a.TagObjects).Select(tag => Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)
            .Should().NotContain(value => value.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetRelationship_ThrottledOnce_CountsTwoRequestsOneRetryOneThrottleAndOneOperation()
    {
        _stub.On("GET", GraphStub.RelationshipPathOf(Id),
            () => GraphStub.Error(HttpStatusCode.TooManyRequests, "TooManyRequests", ("Retry-After", "0")),
            () => GraphStub.Json(HttpStatusCode.OK, GraphStub.Relationship(Id)));
        using var client = CreateClient("token");

        await client.GetRelationshipAsync(Id);

        _telemetry.Of(PartnerAccessTelemetry.RequestsMetric).Select(m => m.Tag("http.response.status_code")).Should().Equal(429, 200);
        _telemetry.Of(PartnerAccessTelemetry.RequestDurationMetric).Should().HaveCount(2);
        _telemetry.Of(PartnerAccessTelemetry.RetriesMetric).Should().ContainSingle().Which.Tag(PartnerAccessTelemetry.RetryReasonTag).Should().Be("429");
        _telemetry.Of(PartnerAccessTelemetry.ThrottlesMetric).Should().ContainSingle().Which.Value.Should().Be(1);
        var operation = _telemetry.Of(PartnerAccessTelemetry.OperationsMetric).Should().ContainSingle().Subject;
        operation.Tag(PartnerAccessTelemetry.OperationTag).Should().Be("GetRelationship");
        operation.Tag(PartnerAccessTelemetry.ClientTag).Should().Be("graph");
        operation.Tag(PartnerAccessTelemetry.OutcomeTag).Should().Be("success");
        _telemetry.Of(PartnerAccessTelemetry.OperationDurationMetric).Should().ContainSingle();
        _logs.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 2).Which.Level.Should().Be(LogLevel.Warning);
    }

    [Fact]
    public async Task GetRelationship_NotFound_FailureSpanCarriesRelationshipIdAndErrorCode()
    {
        using var client = CreateClient("token");

        var act = () => client.GetRelationshipAsync(Missing);

        await act.Should().ThrowAsync<PartnerAccessException>();
        var span = _telemetry.Single("GetRelationship");
        span.Kind.Should().Be(ActivityKind.Client);
        span.Status.Should().Be(ActivityStatusCode.Error);
        span.GetTagItem(PartnerAccessTelemetry.RelationshipIdTag).Should().Be(Missing);
        span.GetTagItem(PartnerAccessTelemetry.OutcomeTag).Should().Be("failure");
        span.GetTagItem(PartnerAccessTelemetry.ErrorTypeTag).Should().Be(nameof(PartnerAccessErrorCode.NotFound));
        _telemetry.Of(PartnerAccessTelemetry.OperationsMetric).Should().ContainSingle()
            .Which.Tag(PartnerAccessTelemetry.ErrorTypeTag).Should().Be(nameof(PartnerAccessErrorCode.NotFound));
        _logs.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 101).Which.Level.Should().Be(LogLevel.Information, "a missing object is the caller's business, not a service fault");
    }

    [Fact]
    public async Task CreateAccessAssignment_ReadsTheRelationshipFirst_OneSpanAndOneCountForTheCallersCall()
    {
        _stub.On("GET", GraphStub.RelationshipPathOf(Id), () => GraphStub.Json(HttpStatusCode.OK, GraphStub.Relationship(Id)))
            .On("GET", GraphStub.AssignmentsPath, () => GraphStub.Json(HttpStatusCode.OK, GraphStub.Page()))
            .On("POST", GraphStub.AssignmentsPath, () => GraphStub.Json(HttpStatusCode.Created, GraphStub.Assignment("a9d6cf90-083a-47dc-ace2-1da98be3f344")));
        using var client = CreateClient("token");

        await client.CreateAccessAssignmentAsync(Id, new CreateAccessAssignmentRequest { SecurityGroupId = GraphStub.Group, Roles = [WellKnownRoles.ExchangeAdministrator] });

        _stub.Authorizations.Should().HaveCount(3, "the relationship and the group's assignments were read before the POST");
        var create = _telemetry.Single("CreateAccessAssignment");
        _telemetry.Activities.Should().NotContain(a => a.ParentSpanId == create.SpanId, "the reads it makes itself are no operations of the caller's");
        create.GetTagItem(PartnerAccessTelemetry.RelationshipIdTag).Should().Be(Id);
        create.GetTagItem(PartnerAccessTelemetry.OutcomeTag).Should().Be("success");
        _telemetry.Of(PartnerAccessTelemetry.OperationsMetric).Should().ContainSingle("only the caller's own call counts")
            .Which.Tag(PartnerAccessTelemetry.OperationTag).Should().Be("CreateAccessAssignment");
        _logs.GetSnapshot().Where(r => r.Id.Id == 100).Should().ContainSingle("one log line per caller call");
    }

    [Fact]
    public async Task RemoveGlobalAdministrator_LongRunning_LogsTheOperationAndMeasuresTheWait()
    {
        _stub.On("GET", GraphStub.RelationshipPathOf(Id), () => GraphStub.Json(HttpStatusCode.OK, GraphStub.Relationship(Id, roles: [GraphStub.GlobalAdministrator, GraphStub.ExchangeAdministrator])))
            .On("PATCH", GraphStub.RelationshipPath, () => GraphStub.Json(HttpStatusCode.Accepted, new System.Text.Json.Nodes.JsonObject(),
                ("Location", $"https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships/{Id}/operations/{OperationId}"),
                ("Retry-After", "10")))
            .On("GET", GraphStub.OperationPath,
                () => GraphStub.Json(HttpStatusCode.OK, GraphStub.Operation(OperationId, "running")),
                () => GraphStub.Json(HttpStatusCode.OK, GraphStub.Operation(OperationId, "succeeded")));
        using var client = CreateClient("token");
        var relationship = await client.GetRelationshipAsync(Id);

        var outcome = await client.RemoveGlobalAdministratorAsync(relationship);
        var finished = await client.WaitForOperationAsync(outcome.Operation!);

        finished.Status.Should().Be(OperationStatus.Succeeded);
        var accepted = _logs.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 12).Subject;
        accepted.Message.Should().Contain(OperationId).And.Contain(Id);
        var wait = _telemetry.Of(PartnerAccessTelemetry.LongRunningWaitsMetric).Should().ContainSingle().Subject;
        wait.Tag(PartnerAccessTelemetry.WaitKindTag).Should().Be("operation");
        wait.Tag(PartnerAccessTelemetry.OutcomeTag).Should().Be("success");
        _telemetry.Of(PartnerAccessTelemetry.LongRunningWaitDurationMetric).Should().ContainSingle();
        _telemetry.Single("Wait").GetTagItem(PartnerAccessTelemetry.RelationshipIdTag).Should().Be(Id);
    }

    public void Dispose()
    {
        _telemetry.Dispose();
        _loggerFactory.Dispose();
        _stub.Dispose();
    }

    private GraphPartnerAccessClient CreateClient(string token) =>
        new(new GraphPartnerAccessOptions { StaticAccessToken = token, Transport = _stub, PartnerTenantId = GraphStub.PartnerTenant }, _time, _loggerFactory);

    private void StubAFullRun()
    {
        _stub.On("GET", GraphStub.RelationshipPathOf(Id),
                () => GraphStub.Error(HttpStatusCode.TooManyRequests, "TooManyRequests", ("Retry-After", "0")),
                () => GraphStub.Json(HttpStatusCode.OK, GraphStub.Relationship(Id, roles: [GraphStub.GlobalAdministrator, GraphStub.ExchangeAdministrator])))
            .On("PATCH", GraphStub.RelationshipPath, () => GraphStub.Json(HttpStatusCode.Accepted, new System.Text.Json.Nodes.JsonObject(),
                ("Location", $"https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships/{Id}/operations/{OperationId}"),
                ("Retry-After", "0")))
            .On("GET", GraphStub.OperationPath,
                () => GraphStub.Json(HttpStatusCode.OK, GraphStub.Operation(OperationId, "running")),
                () => GraphStub.Json(HttpStatusCode.OK, GraphStub.Operation(OperationId, "succeeded")));
    }

    private static async Task RunAFullRunAsync(GraphPartnerAccessClient client)
    {
        var relationship = await client.GetRelationshipAsync(Id);
        var outcome = await client.RemoveGlobalAdministratorAsync(relationship);
        await client.WaitForOperationAsync(outcome.Operation!);
        var missing = () => client.GetRelationshipAsync(Missing);
        await missing.Should().ThrowAsync<PartnerAccessException>();
    }
}
