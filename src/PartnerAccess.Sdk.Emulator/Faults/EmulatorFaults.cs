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

    /// <summary>
    /// How production Graph misbehaves, at the rates of the SDK's chaos run (seeded, so a run repeats): 10% 429, 5% 503,
    /// 2% dropped connections, 5% ambiguous writes (applied, then 2% answered 500, 2% answered 504, 1% dropped),
    /// 20% 405 on <c>lockForApproval</c> within 60 emulator seconds of the create, and <c>customer/tenantId</c> and
    /// <c>accessContainer/accessContainerId</c> refused in <c>$filter</c>. <c>Retry-After</c> stays 1 second; use <c>with</c> to change any setting.
    /// </summary>
    public static EmulatorFaults Production { get; } = new()
    {
        Status429Rate = 0.10,
        Status503Rate = 0.05,
        DropConnectionRate = 0.02,
        AmbiguousWrite500Rate = 0.02,
        AmbiguousWrite504Rate = 0.02,
        AmbiguousWriteDropRate = 0.01,
        LockNotAllowedRate = 0.20,
        LockNotAllowedWindowSeconds = 60,
        UnsupportedFilterProperties = ["customer/tenantId", "accessContainer/accessContainerId"],
        Seed = 20261202,
    };

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

    /// <summary>
    /// The share of successful writes (POST, PATCH, DELETE; 0 to 1) that are applied and then answered
    /// 500 <c>internalServerError</c> "An unexpected error occurred in the server.", so the client cannot tell whether they happened.
    /// </summary>
    [JsonPropertyName("ambiguousWrite500Rate")]
    public double AmbiguousWrite500Rate { get; init; }

    /// <summary>The share of successful writes (0 to 1) that are applied and then answered 504 <c>gatewayTimeout</c>.</summary>
    [JsonPropertyName("ambiguousWrite504Rate")]
    public double AmbiguousWrite504Rate { get; init; }

    /// <summary>The share of successful writes (0 to 1) that are applied and whose connection is then dropped without a response.</summary>
    [JsonPropertyName("ambiguousWriteDropRate")]
    public double AmbiguousWriteDropRate { get; init; }

    /// <summary>
    /// The share (0 to 1) of <c>lockForApproval</c> requests answered 405 <c>methodNotAllowed</c> while the relationship is
    /// younger than <see cref="LockNotAllowedWindowSeconds"/> on the emulator clock; nothing is applied.
    /// </summary>
    [JsonPropertyName("lockNotAllowedRate")]
    public double LockNotAllowedRate { get; init; }

    /// <summary>How long after a create, in emulator-clock seconds, <see cref="LockNotAllowedRate"/> applies. Default 60.</summary>
    [JsonPropertyName("lockNotAllowedWindowSeconds")]
    public int LockNotAllowedWindowSeconds { get; init; } = 60;

    /// <summary>
    /// The share (0 to 1) of objects (relationships, access assignments, requests) whose first read by id after the
    /// create is answered 404, as a replica that has not seen the write yet would.
    /// </summary>
    [JsonPropertyName("notFoundAfterCreateRate")]
    public double NotFoundAfterCreateRate { get; init; }

    /// <summary>For this many wall-clock milliseconds after a create, relationship and access-assignment lists leave the new object out.</summary>
    [JsonPropertyName("listLagMs")]
    public int ListLagMs { get; init; }

    /// <summary>
    /// When set, new access assignments stay <c>pending</c> for this many emulator-clock seconds (instead of the engine's
    /// <see cref="PartnerAccess.Sdk.Testing.GdapSimulatorOptions.AssignmentActivationDelay"/>).
    /// </summary>
    [JsonPropertyName("assignmentPendingSeconds")]
    public int? AssignmentPendingSeconds { get; init; }

    /// <summary>
    /// When set, each step of a long-running operation (202 with <c>Location</c> and <c>Retry-After</c>) takes this many
    /// emulator-clock seconds (instead of <see cref="PartnerAccess.Sdk.Testing.GdapSimulatorOptions.OperationDelay"/>).
    /// </summary>
    [JsonPropertyName("operationSeconds")]
    public int? OperationSeconds { get; init; }

    /// <summary>
    /// <c>$filter</c> properties (for example <c>customer/tenantId</c>) answered 400 "Invalid filter clause", as Graph
    /// answers a filter it does not support. Compared case-insensitively.
    /// </summary>
    [JsonPropertyName("unsupportedFilterProperties")]
    public IReadOnlyList<string> UnsupportedFilterProperties { get; init; } = [];

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

        foreach (var (name, rate) in new[]
                 {
                     ("status429Rate", Status429Rate), ("status503Rate", Status503Rate), ("dropConnectionRate", DropConnectionRate),
                     ("ambiguousWrite500Rate", AmbiguousWrite500Rate), ("ambiguousWrite504Rate", AmbiguousWrite504Rate),
                     ("ambiguousWriteDropRate", AmbiguousWriteDropRate), ("lockNotAllowedRate", LockNotAllowedRate),
                     ("notFoundAfterCreateRate", NotFoundAfterCreateRate),
                 })
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

        if (AmbiguousWrite500Rate + AmbiguousWrite504Rate + AmbiguousWriteDropRate > 1)
        {
            problems.Add("ambiguousWrite500Rate + ambiguousWrite504Rate + ambiguousWriteDropRate must not exceed 1.");
        }

        if (LockNotAllowedWindowSeconds < 0 || ListLagMs < 0 || AssignmentPendingSeconds < 0 || OperationSeconds < 0)
        {
            problems.Add("lockNotAllowedWindowSeconds, listLagMs, assignmentPendingSeconds and operationSeconds must be zero or more.");
        }

        if (UnsupportedFilterProperties is null || UnsupportedFilterProperties.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("unsupportedFilterProperties must be a list of property paths such as customer/tenantId.");
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
