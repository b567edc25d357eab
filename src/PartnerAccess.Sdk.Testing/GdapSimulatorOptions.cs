using NodaTime;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Testing;

/// <summary>
/// How the simulated GDAP service behaves: whose relationships it holds, which rule settings it enforces, and how long
/// each step the service drives takes. Every delay defaults to zero (the step happens at once); a delay above zero
/// passes only when the simulator's clock is moved that far.
/// </summary>
public sealed record GdapSimulatorOptions
{
    /// <summary>The partner tenant whose relationships the simulator holds; relationship ids end with it.</summary>
    public string PartnerTenantId { get; init; } = "8777b240-c6f0-4469-9e98-a3205431b836";

    /// <summary>The rule settings, shared with the other clients.</summary>
    public GdapRuleOptions Rules { get; init; } = new();

    /// <summary>From a <c>lockForApproval</c> request to the relationship being <c>approvalPending</c> (and the request <c>succeeded</c>).</summary>
    public Duration LockProcessingDelay { get; init; }

    /// <summary>From <c>approved</c> to <c>activating</c>.</summary>
    public Duration ApprovalToActivatingDelay { get; init; }

    /// <summary>From <c>activating</c> to <c>active</c>.</summary>
    public Duration ActivationDelay { get; init; }

    /// <summary>Each termination step: <c>terminationRequested</c> to <c>terminating</c>, then to <c>terminated</c>.</summary>
    public Duration TerminationDelay { get; init; }

    /// <summary>From <c>expiring</c> to <c>expired</c>.</summary>
    public Duration ExpiryDelay { get; init; }

    /// <summary>From an access assignment's <c>pending</c> to <c>active</c>.</summary>
    public Duration AssignmentActivationDelay { get; init; }

    /// <summary>From an access assignment's <c>deleting</c> to <c>deleted</c>.</summary>
    public Duration AssignmentDeletionDelay { get; init; }

    /// <summary>Each step of a long-running operation: <c>notStarted</c> to <c>running</c>, then to <c>succeeded</c>.</summary>
    public Duration OperationDelay { get; init; }

    /// <summary>How long a relationship may wait in <c>approvalPending</c> before the service removes it. Default: 90 days.</summary>
    public Duration ApprovalPendingCleanup { get; init; } = Duration.FromDays(90);

    /// <summary>How long an expired or terminated relationship stays visible. Default: 365 days.</summary>
    public Duration EndedCleanup { get; init; } = Duration.FromDays(365);

    /// <summary>The <c>Retry-After</c> the service gives with a long-running operation. Default: 10 seconds, as in Microsoft's example.</summary>
    public Duration OperationRetryAfter { get; init; } = Duration.FromSeconds(10);

    /// <summary>
    /// Where new ids and ETags come from; <see cref="Guid.NewGuid"/> when <see langword="null"/>. Give a seeded
    /// generator for repeatable ids, as the CLI's demo partner does. Called under the simulator's lock.
    /// </summary>
    public Func<Guid>? IdGenerator { get; init; }

    // Every problem at once, as the options validators of the other packages report them.
    internal void Validate()
    {
        var problems = new List<string>();
        if (!Guid.TryParseExact(PartnerTenantId, "D", out _))
        {
            problems.Add($"PartnerTenantId must be a GUID; '{PartnerTenantId}' is not.");
        }

        if (Rules is null)
        {
            problems.Add("Rules is required.");
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(LockProcessingDelay), LockProcessingDelay),
                     (nameof(ApprovalToActivatingDelay), ApprovalToActivatingDelay),
                     (nameof(ActivationDelay), ActivationDelay),
                     (nameof(TerminationDelay), TerminationDelay),
                     (nameof(ExpiryDelay), ExpiryDelay),
                     (nameof(AssignmentActivationDelay), AssignmentActivationDelay),
                     (nameof(AssignmentDeletionDelay), AssignmentDeletionDelay),
                     (nameof(OperationDelay), OperationDelay),
                     (nameof(ApprovalPendingCleanup), ApprovalPendingCleanup),
                     (nameof(EndedCleanup), EndedCleanup),
                     (nameof(OperationRetryAfter), OperationRetryAfter),
                 })
        {
            if (value < Duration.Zero)
            {
                problems.Add($"{name} cannot be negative; it is {value}.");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"GdapSimulatorOptions are invalid: {string.Join(" ", problems)}", "options");
        }
    }
}
