using NodaTime;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Lifecycle;

/// <summary>What happened to a relationship, as <see cref="RelationshipWatcher"/> saw it.</summary>
public enum RelationshipEventKind
{
    /// <summary>The customer (or the indirect reseller) approved it.</summary>
    Approved = 1,

    /// <summary>It became active: access can now be assigned.</summary>
    Activated,

    /// <summary>It ends within <see cref="RelationshipWatcherOptions.ExpiringWithin"/> and will not extend itself.</summary>
    Expiring,

    /// <summary>It reached its end date; the service removes its access.</summary>
    Expired,

    /// <summary>It was terminated, by the partner or the customer.</summary>
    Terminated,

    /// <summary>It extended itself by its auto-extend period.</summary>
    AutoExtended,

    /// <summary>It awaited approval and the service dropped it: the customer did not approve within 90 days.</summary>
    ApprovalExpired,
}

/// <summary>One change to a relationship, emitted once by <see cref="RelationshipWatcher"/>, across restarts.</summary>
public sealed record RelationshipEvent
{
    /// <summary>A stable identity: the same change read twice has the same id.</summary>
    public required string Id { get; init; }

    /// <summary>What happened.</summary>
    public required RelationshipEventKind Kind { get; init; }

    /// <summary>When it happened, as closely as the service's timestamps tell; at the latest <see cref="DetectedAt"/>.</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>When the watcher saw it (the poll's instant).</summary>
    public required Instant DetectedAt { get; init; }

    /// <summary>The relationship's id.</summary>
    public required string RelationshipId { get; init; }

    /// <summary>The relationship's display name.</summary>
    public required string DisplayName { get; init; }

    /// <summary>The customer, when the service names it.</summary>
    public CustomerParticipant? Customer { get; init; }

    /// <summary>The relationship as last read (for <see cref="RelationshipEventKind.ApprovalExpired"/>, as read before it was dropped).</summary>
    public required Relationship Relationship { get; init; }

    /// <summary>One line for people.</summary>
    public required string Summary { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{OccurredAt} {Kind} \"{DisplayName}\" ({Customer?.DisplayName ?? Customer?.TenantId ?? "unknown customer"}): {Summary}";
}
