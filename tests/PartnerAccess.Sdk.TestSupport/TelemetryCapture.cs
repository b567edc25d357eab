using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PartnerAccess.Sdk.TestSupport;

/// <summary>One measurement as a <see cref="MeterListener"/> saw it.</summary>
public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public object? Tag(string name) => Tags.TryGetValue(name, out var value) ? value : null;
}

/// <summary>Listens to the PartnerAccess.Sdk activity source and meter for the length of one test.</summary>
public sealed class TelemetryCapture : IDisposable
{
    /// <summary>
    /// The xunit collection of tests that listen to telemetry. Listeners see every activity in the process, so each test
    /// project defines this collection with parallelization off (xunit runs such collections after the parallel ones).
    /// </summary>
    public const string Collection = "Telemetry listeners";

    /// <summary>A valid create request whose customer is <see cref="Sample.CustomerTenantId"/>.</summary>
    public static PartnerAccess.Sdk.Relationships.CreateRelationshipRequest Request(string name = "Contoso - helpdesk") => new()
    {
        DisplayName = name,
        Duration = NodaTime.Duration.FromDays(180),
        Roles = [PartnerAccess.Sdk.Access.WellKnownRoles.HelpdeskAdministrator],
        Customer = new PartnerAccess.Sdk.Relationships.CustomerParticipant(Sample.CustomerTenantId, "Contoso"),
    };

    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public TelemetryCapture()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PartnerAccessTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);

        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PartnerAccessTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    public IReadOnlyList<Activity> Activities => _stopped.ToList();

    public IReadOnlyList<Measurement> Measurements => _measurements.ToList();

    public IReadOnlyList<Measurement> Of(string instrument) => Measurements.Where(m => m.Instrument == instrument).ToList();

    public Activity Single(string operation) => Activities.Should().ContainSingle(a => a.OperationName == "PartnerAccess." + operation).Subject;

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue(new Measurement(instrument.Name, value, copy));
    }
}
