using System.Text.Json.Serialization;

namespace PartnerAccess.Sdk.Emulator.Faults;

/// <summary>
/// Faults the emulator injects on the Graph surface (<c>/v1.0</c>, <c>/beta</c>), never on <c>/_emulator/</c>.
/// Set them with <c>PUT /_emulator/faults</c> (the body replaces every setting; absent means off) or
/// <see cref="GdapEmulator.Faults"/>. Every delay here is a wire delay on the wall clock, never a state change.
/// With a <see cref="Seed"/>, the random faults follow the same sequence for the same sequence of requests.
/// </summary>
public sealed record EmulatorFaults
{
    /// <summary>No faults.</summary>
    public static EmulatorFaults None { get; } = new();

    /// <summary>Milliseconds every Graph request waits before it is processed.</summary>
    [JsonPropertyName("latencyMs")]
    public int LatencyMs { get; init; }

    /// <summary>Up to this many extra milliseconds, drawn uniformly per request (seeded), on top of <see cref="LatencyMs"/>.</summary>
    [JsonPropertyName("latencyJitterMs")]
    public int LatencyJitterMs { get; init; }

    /// <summary>At most this many Graph requests in any one-second window, with no larger burst; above it 429 with <c>Retry-After</c>. Zero: no limit.</summary>
    [JsonPropertyName("throttleRequestsPerSecond")]
    public int ThrottleRequestsPerSecond { get; init; }

    /// <summary>The share of requests (0 to 1) answered 429 <c>tooManyRequests</c> with <c>Retry-After</c>.</summary>
    [JsonPropertyName("status429Rate")]
    public double Status429Rate { get; init; }

    /// <summary>The share of requests (0 to 1) answered 503 <c>serviceNotAvailable</c> with <c>Retry-After</c>, before anything is processed.</summary>
    [JsonPropertyName("status503Rate")]
    public double Status503Rate { get; init; }

    /// <summary>
    /// The share of requests (0 to 1) whose connection is dropped without a response. By default the request is
    /// processed first and only the response is lost, the ambiguous failure a client must not blindly retry.
    /// </summary>
    [JsonPropertyName("dropConnectionRate")]
    public double DropConnectionRate { get; init; }

    /// <summary>Drop the connection before processing instead of after (see <see cref="DropConnectionRate"/>).</summary>
    [JsonPropertyName("dropBeforeProcessing")]
    public bool DropBeforeProcessing { get; init; }

    /// <summary>For this many wall-clock milliseconds after an object is created, requests naming its id get 404.</summary>
    [JsonPropertyName("eventualConsistencyDelayMs")]
    public int EventualConsistencyDelayMs { get; init; }

    /// <summary>
    /// For this many wall-clock milliseconds after a relationship is created, <c>POST .../requests</c> on it gets
    /// 405, as community tools report right after a create.
    /// </summary>
    [JsonPropertyName("methodNotAllowedAfterCreateMs")]
    public int MethodNotAllowedAfterCreateMs { get; init; }

    /// <summary>The <c>Retry-After</c> seconds on injected 429 and 503 responses. Default 1.</summary>
    [JsonPropertyName("retryAfterSeconds")]
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Seeds the random faults; <see langword="null"/> picks a random seed.</summary>
    [JsonPropertyName("seed")]
    public int? Seed { get; init; }

    /// <summary>Checks the settings.</summary>
    /// <returns>Every problem found; empty when the settings are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (LatencyMs < 0 || LatencyJitterMs < 0)
        {
            problems.Add("latencyMs and latencyJitterMs must be zero or more.");
        }

        if (ThrottleRequestsPerSecond < 0)
        {
            problems.Add("throttleRequestsPerSecond must be zero (off) or more.");
        }

        foreach (var (name, rate) in new[] { ("status429Rate", Status429Rate), ("status503Rate", Status503Rate), ("dropConnectionRate", DropConnectionRate) })
        {
            if (double.IsNaN(rate) || rate < 0 || rate > 1)
            {
                problems.Add($"{name} must be between 0 and 1.");
            }
        }

        if (Status429Rate + Status503Rate + DropConnectionRate > 1)
        {
            problems.Add("status429Rate + status503Rate + dropConnectionRate must not exceed 1.");
        }

        if (EventualConsistencyDelayMs < 0 || MethodNotAllowedAfterCreateMs < 0)
        {
            problems.Add("eventualConsistencyDelayMs and methodNotAllowedAfterCreateMs must be zero or more.");
        }

        if (RetryAfterSeconds < 0)
        {
            problems.Add("retryAfterSeconds must be zero or more.");
        }

        return problems;
    }
}
