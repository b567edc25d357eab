using NodaTime;

namespace PartnerAccess.Sdk.Planning;

/// <summary>How <see cref="AccessPlanner"/> plans and applies.</summary>
public sealed record AccessPlannerOptions
{
    /// <summary>Renew active relationships that do not auto-extend and end within this span. Default: 30 days.</summary>
    public Duration RenewWithin { get; init; } = Duration.FromDays(30);

    /// <summary>
    /// Terminate (or delete, if never locked) relationships derived from a managed template that a listed customer no
    /// longer wants. Default: <see langword="false"/>; the plan only notes them.
    /// </summary>
    public bool TerminateUnwanted { get; init; }

    /// <summary>
    /// Remove assignments of groups the template does not list from relationships the template manages.
    /// Default: <see langword="true"/>, so hand-made drift is repaired.
    /// </summary>
    public bool RemoveUnlistedAssignments { get; init; } = true;

    /// <summary>
    /// How many customers are worked on at once, and how many reads run at once. Default: 16. The work is I/O-bound,
    /// so this is independent of the processor count; the pacer, not this number, keeps the request rate in bounds.
    /// </summary>
    public int MaxConcurrency { get; init; } = 16;

    /// <summary>
    /// How many rounds apply gives a customer: after a transient failure or a state that moved, a round reads the
    /// customer again and plans again. A round never re-sends a request itself (the client's retry layer owns that).
    /// Default: 4.
    /// </summary>
    public int MaxAttemptsPerCustomer { get; init; } = 4;

    /// <summary>
    /// A pacer to share, for example with a <see cref="RequestPacerHandler"/> in the client's HTTP pipeline, or between
    /// planners that use the same service. When <see langword="null"/> (the default) the planner makes its own from
    /// <see cref="InitialRequestsPerSecond"/> and <see cref="MaxRequestsPerSecond"/>.
    /// </summary>
    public RequestPacer? Pacer { get; init; }

    /// <summary>
    /// Whether the planner takes a permit from the pacer for each client call. Default: <see langword="true"/>. Turn it
    /// off when a <see cref="RequestPacerHandler"/> with the same <see cref="Pacer"/> paces every HTTP request already.
    /// </summary>
    public bool PaceEachCall { get; init; } = true;

    /// <summary>The request rate to start at, per second; <see langword="null"/> (the default) starts unpaced until the first throttle.</summary>
    public double? InitialRequestsPerSecond { get; init; }

    /// <summary>A ceiling on the request rate, per second; <see langword="null"/> (the default) for none.</summary>
    public double? MaxRequestsPerSecond { get; init; }

    /// <summary>
    /// The service's rate limit per second as an earlier run measured it (<see cref="AccessPlanner.MeasuredRequestsPerSecondLimit"/>,
    /// or <see cref="RequestPacer.MeasuredLimit"/>). The pacer then starts just below it instead of unpaced, so the first
    /// requests do not run into the throttle, and probes above it only gently. <see langword="null"/> (the default) for none.
    /// </summary>
    public double? RequestsPerSecondLimitHint { get; init; }

    /// <summary>
    /// Reads the access assignments of many relationships per round trip (Graph <c>$batch</c>). When
    /// <see langword="null"/> (the default) the client is used if it implements <see cref="IAssignmentBatchReadCapability"/>;
    /// otherwise one list call per relationship.
    /// </summary>
    public IAssignmentBatchReadCapability? AssignmentBatchReader { get; init; }

    /// <summary>
    /// Whether to read assignments in batches. Default: <see langword="true"/>. A batch saves round trips, not quota (the
    /// service counts every item), so the planner batches only while it has not been throttled: once the rate limit
    /// rather than latency sets the pace, one call per relationship spreads the same requests more evenly.
    /// </summary>
    public bool UseBatchReads { get; init; } = true;

    /// <summary>Every problem of these settings; empty when they can work.</summary>
    internal IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MaxConcurrency < 1)
        {
            problems.Add($"{nameof(MaxConcurrency)} must be at least 1; it is {MaxConcurrency}.");
        }

        if (MaxAttemptsPerCustomer < 1)
        {
            problems.Add($"{nameof(MaxAttemptsPerCustomer)} must be at least 1; it is {MaxAttemptsPerCustomer}.");
        }

        if (RenewWithin < Duration.Zero)
        {
            problems.Add($"{nameof(RenewWithin)} cannot be negative; it is {RenewWithin}.");
        }

        if (InitialRequestsPerSecond is <= 0)
        {
            problems.Add($"{nameof(InitialRequestsPerSecond)} must be positive; it is {InitialRequestsPerSecond}.");
        }

        if (RequestsPerSecondLimitHint is <= 0)
        {
            problems.Add($"{nameof(RequestsPerSecondLimitHint)} must be positive; it is {RequestsPerSecondLimitHint}.");
        }

        if (MaxRequestsPerSecond is <= 0)
        {
            problems.Add($"{nameof(MaxRequestsPerSecond)} must be positive; it is {MaxRequestsPerSecond}.");
        }

        return problems;
    }
}
