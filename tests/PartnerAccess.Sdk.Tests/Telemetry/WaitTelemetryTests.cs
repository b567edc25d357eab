using Microsoft.Extensions.Time.Testing;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Tests.Telemetry;

/// <summary>The wait helpers of the core package count and time each wait, whatever the client.</summary>
[Collection(TelemetryCapture.Collection)]
public sealed class WaitTelemetryTests : IDisposable
{
    private readonly TelemetryCapture _telemetry = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task WaitUntilActive_AlreadyActive_RecordsOneSuccessfulWaitWithItsSpan()
    {
        var client = new InMemoryPartnerAccessClient(_time);
        var relationship = await client.CreateRelationshipAsync(TelemetryCapture.Request());
        await client.LockForApprovalAsync(relationship.Id);
        client.Simulator.Approve(relationship.Id);

        var active = await client.WaitUntilActiveAsync(relationship.Id);

        active.Status.Should().Be(RelationshipStatus.Active);
        var wait = _telemetry.Of(PartnerAccessTelemetry.LongRunningWaitsMetric).Should().ContainSingle().Subject;
        wait.Tag(PartnerAccessTelemetry.WaitKindTag).Should().Be("relationship_status");
        wait.Tag(PartnerAccessTelemetry.OutcomeTag).Should().Be("success");
        _telemetry.Of(PartnerAccessTelemetry.LongRunningWaitDurationMetric).Should().ContainSingle();
        var span = _telemetry.Single("Wait");
        span.GetTagItem(PartnerAccessTelemetry.RelationshipIdTag).Should().Be(relationship.Id);
        _telemetry.Single("GetRelationship").ParentSpanId.Should().Be(span.SpanId, "each poll is a child of the wait");
    }

    [Fact]
    public async Task WaitUntilActive_TerminatedInstead_RecordsAFailedWaitWithTheErrorCode()
    {
        var client = new InMemoryPartnerAccessClient(_time);
        var relationship = await client.CreateRelationshipAsync(TelemetryCapture.Request());
        await client.LockForApprovalAsync(relationship.Id);
        client.Simulator.Approve(relationship.Id);
        await client.TerminateRelationshipAsync(relationship.Id);

        var wait = () => client.WaitForRelationshipStatusAsync(relationship.Id, RelationshipStatus.Active);

        await wait.Should().ThrowAsync<PartnerAccessException>();
        var measurement = _telemetry.Of(PartnerAccessTelemetry.LongRunningWaitsMetric).Should().ContainSingle().Subject;
        measurement.Tag(PartnerAccessTelemetry.OutcomeTag).Should().Be("failure");
        measurement.Tag(PartnerAccessTelemetry.ErrorTypeTag).Should().Be(nameof(PartnerAccessErrorCode.InvalidState));
    }

    public void Dispose() => _telemetry.Dispose();
}
