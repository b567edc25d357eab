using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Testing.Tests.Telemetry;

/// <summary>The in-memory client reports the same spans, metrics and logs as the Graph one, without HTTP.</summary>
[Collection(TelemetryCapture.Collection)]
public sealed class InMemoryClientTelemetryTests : IDisposable
{
    private const string CustomerTenant = "4b827261-d21f-4aa9-b7db-7fa1f56fb163";
    private readonly TelemetryCapture _telemetry = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static CreateRelationshipRequest Request(string name = "Contoso - helpdesk") => TelemetryCapture.Request(name);

    [Fact]
    public async Task CreateRelationship_Succeeds_OneInternalSpanWithRelationshipAndCustomerIds()
    {
        var client = new InMemoryPartnerAccessClient(_time);

        var relationship = await client.CreateRelationshipAsync(Request());

        var span = _telemetry.Single("CreateRelationship");
        span.Kind.Should().Be(ActivityKind.Internal);
        span.Source.Name.Should().Be(PartnerAccessTelemetry.ActivitySourceName);
        span.GetTagItem(PartnerAccessTelemetry.OperationTag).Should().Be("CreateRelationship");
        span.GetTagItem(PartnerAccessTelemetry.ClientTag).Should().Be("in-memory");
        span.GetTagItem(PartnerAccessTelemetry.RelationshipIdTag).Should().Be(relationship.Id, "the id is known once the service answered");
        span.GetTagItem(PartnerAccessTelemetry.CustomerTenantIdTag).Should().Be(CustomerTenant);
        span.GetTagItem(PartnerAccessTelemetry.OutcomeTag).Should().Be("success");
        span.Status.Should().Be(ActivityStatusCode.Unset);
    }

    [Fact]
    public async Task LockForApproval_AlreadyLocked_FailureSpanNamesTheErrorCodeAndRule()
    {
        var client = new InMemoryPartnerAccessClient(_time);
        var relationship = await client.CreateRelationshipAsync(Request());
        await client.LockForApprovalAsync(relationship.Id);

        var again = () => client.LockForApprovalAsync(relationship.Id);

        await again.Should().ThrowAsync<PartnerAccessException>();
        var failed = _telemetry.Activities.Where(a => a.OperationName == "PartnerAccess.LockForApproval").Should().HaveCount(2).And.Subject.Last();
        failed.Status.Should().Be(ActivityStatusCode.Error);
        failed.GetTagItem(PartnerAccessTelemetry.RelationshipIdTag).Should().Be(relationship.Id);
        failed.GetTagItem(PartnerAccessTelemetry.ErrorTypeTag).Should().Be(nameof(PartnerAccessErrorCode.InvalidState));
        failed.GetTagItem(PartnerAccessTelemetry.RuleCodesTag).Should().Be(RuleCodes.RelationshipState);
    }

    [Fact]
    public async Task ListRelationships_ReadToTheEnd_OneSpanForTheWholeListWithItsCount()
    {
        var client = new InMemoryPartnerAccessClient(_time);
        await client.CreateRelationshipAsync(Request("A"));
        await client.CreateRelationshipAsync(Request("B"));

        var names = new List<string>();
        await foreach (var relationship in client.ListRelationshipsAsync())
        {
            names.Add(relationship.DisplayName);
        }

        names.Should().HaveCount(2);
        var span = _telemetry.Single("ListRelationships");
        span.GetTagItem(PartnerAccessTelemetry.ItemsTag).Should().Be(2);
        span.GetTagItem(PartnerAccessTelemetry.OutcomeTag).Should().Be("success");
    }

    [Fact]
    public async Task Operations_SuccessAndFailure_CountedWithOutcomeErrorTypeAndDuration()
    {
        var client = new InMemoryPartnerAccessClient(_time);
        await client.CreateRelationshipAsync(Request());
        var missing = () => client.GetRelationshipAsync("00000000-0000-0000-0000-000000000001-8777b240-c6f0-4469-9e98-a3205431b836");
        await missing.Should().ThrowAsync<PartnerAccessException>();

        var operations = _telemetry.Of(PartnerAccessTelemetry.OperationsMetric);
        operations.Select(m => (m.Tag(PartnerAccessTelemetry.OperationTag), m.Tag(PartnerAccessTelemetry.OutcomeTag), m.Tag(PartnerAccessTelemetry.ErrorTypeTag)))
            .Should().Equal(("CreateRelationship", "success", null), ("GetRelationship", "failure", nameof(PartnerAccessErrorCode.NotFound)));
        operations.Should().OnlyContain(m => m.Value == 1 && (string?)m.Tag(PartnerAccessTelemetry.ClientTag) == "in-memory");
        operations.Should().OnlyContain(m => m.Tag(PartnerAccessTelemetry.RelationshipIdTag) == null, "ids stay off metrics");
        _telemetry.Of(PartnerAccessTelemetry.OperationDurationMetric).Should().HaveCount(2).And.OnlyContain(m => m.Value == 0, "the fake clock did not move");
    }

    [Fact]
    public async Task UseInMemory_WithLogging_LogsEachOperationWithItsStableEventId()
    {
        var logs = new FakeLogCollector();
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(_time)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(logs)));
        services.AddPartnerAccess().UseInMemory();
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IPartnerAccessClient>();

        var relationship = await client.CreateRelationshipAsync(Request());
        var terminate = () => client.TerminateRelationshipAsync(relationship.Id);
        await terminate.Should().ThrowAsync<PartnerAccessException>();

        var records = logs.GetSnapshot();
        records.Should().HaveCount(2);
        records[0].Id.Should().Be(new EventId(100, "OperationSucceeded"));
        records[0].Message.Should().Contain("in-memory").And.Contain("CreateRelationship");
        records[1].Id.Should().Be(new EventId(101, "OperationFailed"));
        records[1].Level.Should().Be(LogLevel.Information);
        records[1].Message.Should().Contain("TerminateRelationship").And.Contain(nameof(PartnerAccessErrorCode.InvalidState));
    }

    public void Dispose() => _telemetry.Dispose();
}
