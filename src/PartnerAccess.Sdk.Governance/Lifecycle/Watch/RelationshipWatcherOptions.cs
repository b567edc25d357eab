using NodaTime;

namespace PartnerAccess.Sdk.Lifecycle;

/// <summary>How often <see cref="RelationshipWatcher"/> polls, and what it counts as expiring.</summary>
public sealed record RelationshipWatcherOptions
{
    /// <summary>
    /// The interval while something is pending: a relationship awaits approval or the service is moving one
    /// (approved, activating, terminating, expiring). Default: 1 minute, so an approval is acted on within minutes.
    /// </summary>
    public TimeSpan PendingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The interval when nothing is pending. Default: 15 minutes.</summary>
    public TimeSpan IdleInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long before its end a relationship that does not auto-extend is reported as expiring. Default: 30 days.</summary>
    public Duration ExpiringWithin { get; init; } = Duration.FromDays(30);

    /// <summary>What is wrong with these options; empty when they can work.</summary>
    /// <returns>One sentence per problem.</returns>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (PendingInterval <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(PendingInterval)} must be positive (was {PendingInterval}).");
        }

        if (IdleInterval < PendingInterval)
        {
            problems.Add($"{nameof(IdleInterval)} must be at least {nameof(PendingInterval)} (was {IdleInterval}, {PendingInterval}).");
        }

        if (ExpiringWithin < Duration.Zero)
        {
            problems.Add($"{nameof(ExpiringWithin)} must not be negative (was {ExpiringWithin}).");
        }

        return problems;
    }
}
