using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Graph.Tests.Support;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Graph.Tests.Telemetry;

/// <summary>Spans, metrics and logs of <see cref="GraphPartnerAccessClient"/>, over an in-process stub of Graph.</summary>
[Collection(TelemetryCapture.Collection)]
public sealed class GraphClientTelemetryTests : IDisposable
{
    private const string OperationId = "d8dbb27b-7fe7-4523-a3df-f766355fe0f2";
    private static readonly string Id = GraphJson.RelationshipId(7);
    private static readonly string Missing = GraphJson.RelationshipId(404);
    private static readonly string[] WithGlobalAdministrator = [GraphJson.GlobalAdministrator, GraphJson.ExchangeAdministrator];

    private readonly TelemetryCapture _telemetry = new();
    private readonly FakeLogCollector _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly StubGraphHandler _stub = new();

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

        _stub.Requests.Select(r => r.Header("Authorization")).Should().NotBeEmpty().And.OnlyContain(a => a == "Bearer " + token, "the token was really in play");
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
        _stub.OnSequence("GET", Paths.RelationshipOf(Id), _ => Throttled(), _ => Responses.Ok(GraphJson.Active(Id)));
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
        StubMissing();
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
        _stub.On("GET", Paths.RelationshipOf(Id), _ => Responses.Ok(GraphJson.Active(Id)))
            .On("GET", Paths.Assignments, _ => Responses.Page([]))
            .On("POST", Paths.Assignments, _ => Responses.Json(HttpStatusCode.Created, GraphJson.Assignment("a9d6cf90-083a-47dc-ace2-1da98be3f344", status: "pending")));
        using var client = CreateClient("token");

        await client.CreateAccessAssignmentAsync(Id, new CreateAccessAssignmentRequest { SecurityGroupId = GraphJson.Group, Roles = [WellKnownRoles.ExchangeAdministrator] });

        _stub.Requests.Select(r => r.Method.Method).Should().Equal(["GET", "GET", "POST"], "the relationship and the group's assignments were read before the POST");
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
        _stub.On("GET", Paths.RelationshipOf(Id), _ => Responses.Ok(GraphJson.Active(Id, WithGlobalAdministrator)));
        StubRemovingGlobalAdministrator(retryAfterSeconds: 10);
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
        new(TestClients.Options(o =>
        {
            o.StaticAccessToken = token;
            o.Transport = _stub;
            o.PartnerTenantId = GraphJson.PartnerTenant;
        }), _time, _loggerFactory);

    private static HttpResponseMessage Throttled() =>
        Responses.Error(HttpStatusCode.TooManyRequests, "TooManyRequests", "Too many requests.", null, ("Retry-After", "0"));

    private void StubMissing() =>
        _stub.On("GET", Paths.RelationshipOf(Missing), _ => Responses.Error(HttpStatusCode.NotFound, "notFound", "The relationship was not found."));

    private void StubRemovingGlobalAdministrator(int retryAfterSeconds)
    {
        _stub.On("PATCH", Paths.Relationship, _ => Responses.Json(HttpStatusCode.Accepted, "{}",
                ("Location", $"https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships/{Id}/operations/{OperationId}"),
                ("Retry-After", retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .OnSequence("GET", Paths.Operation,
                _ => Responses.Ok(GraphJson.Operation(OperationId, "running", "delegatedAdminRelationshipUpdate", "{}")),
                _ => Responses.Ok(GraphJson.Operation(OperationId, "succeeded", "delegatedAdminRelationshipUpdate", "{}")));
    }

    private void StubAFullRun()
    {
        _stub.OnSequence("GET", Paths.RelationshipOf(Id), _ => Throttled(), _ => Responses.Ok(GraphJson.Active(Id, WithGlobalAdministrator)));
        StubRemovingGlobalAdministrator(retryAfterSeconds: 0);
        StubMissing();
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
