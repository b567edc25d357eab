using NodaTime;
using PartnerAccess.Sdk.Emulator.Faults;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Emulator;

/// <summary>Settings of a <see cref="GdapEmulator"/>. Every setting has a default that suits tests.</summary>
public sealed record GdapEmulatorOptions
{
    /// <summary>
    /// The engine's settings: partner tenant id, rule options, the service-driven delays and the <c>Retry-After</c> of
    /// 202 responses (<see cref="GdapSimulatorOptions.OperationRetryAfter"/>). All delays default to zero (transitions
    /// happen at once); a delay above zero passes when the emulator clock is advanced that far.
    /// </summary>
    public GdapSimulatorOptions Simulator { get; init; } = new();

    /// <summary>The emulator clock's initial instant; the wall-clock time at start, to the second, when <see langword="null"/>.</summary>
    public Instant? StartTime { get; init; }

    /// <summary>
    /// Whether the emulator clock also follows the wall clock. Off by default: the clock moves only through
    /// <c>POST /_emulator/clock/advance</c>, so no transition ever waits on real time.
    /// </summary>
    public bool RealTime { get; init; }

    /// <summary>When set, Graph requests must carry <c>Authorization: Bearer</c> with exactly this token (401 otherwise).</summary>
    public string? BearerToken { get; init; }

    /// <summary>Whether Graph requests must carry some <c>Authorization: Bearer</c> token (any value; 401 otherwise).</summary>
    public bool RequireBearerToken { get; init; }

    /// <summary>
    /// Whether error bodies also carry the rule engine's diagnostics (<c>error.innerError.ruleViolations</c>: code,
    /// target, message and value of every broken rule). Off by default: Graph sends only <c>code</c>, <c>message</c>
    /// and <c>innerError</c> with <c>date</c>, <c>request-id</c> and <c>client-request-id</c>, so a client that proves
    /// itself against the emulator must not see more. Turn it on to debug a test, never to make one pass.
    /// </summary>
    public bool IncludeRuleDiagnostics { get; init; }

    /// <summary>The faults in force at start, and again after <c>POST /_emulator/reset</c>.</summary>
    public EmulatorFaults Faults { get; init; } = EmulatorFaults.None;

    /// <summary>
    /// The wall clock for wire behaviour only: latency, the throttle window, eventual-consistency windows and the
    /// request log. <see cref="TimeProvider.System"/> when <see langword="null"/>; tests can pass a fake to make
    /// the throttle deterministic (latency then waits for that fake clock).
    /// </summary>
    public TimeProvider? WireTimeProvider { get; init; }

    /// <summary>The loopback port <see cref="GdapEmulator.StartAsync"/> listens on; 0 (the default) picks a free one.</summary>
    public int Port { get; init; }
}
