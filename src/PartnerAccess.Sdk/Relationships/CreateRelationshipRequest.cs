using NodaTime;
using PartnerAccess.Sdk.Access;

namespace PartnerAccess.Sdk.Relationships;

/// <summary>What the partner asks a customer for: a named set of roles for a fixed time.</summary>
public sealed record CreateRelationshipRequest
{
    /// <summary>The name the customer sees; required, at most 50 characters, unique among the partner's relationships.</summary>
    public required string DisplayName { get; init; }

    /// <summary>How long access lasts once active: 1 to 730 whole days.</summary>
    public required Duration Duration { get; init; }

    /// <summary>The roles to ask for: at least one, no duplicates, GDAP-eligible built-in roles only.</summary>
    public required IReadOnlyList<RoleGrant> Roles { get; init; }

    /// <summary>The customer, when known. Leave it out to let any customer approve.</summary>
    public CustomerParticipant? Customer { get; init; }

    /// <summary>Zero (the default) or 180 days. Never with Global Administrator.</summary>
    public Duration AutoExtendDuration { get; init; } = Duration.Zero;
}

/// <summary>
/// A change to a relationship. Properties left <see langword="null"/> stay as they are. Which properties may change
/// depends on the status: everything while created; auto-extend, or removing Global Administrator, while active.
/// </summary>
public sealed record RelationshipUpdate
{
    /// <summary>A new display name (only while created).</summary>
    public string? DisplayName { get; init; }

    /// <summary>A new length (only while created).</summary>
    public Duration? Duration { get; init; }

    /// <summary>A new customer (only while created).</summary>
    public CustomerParticipant? Customer { get; init; }

    /// <summary>A new role set (while created; while active only the current roles minus Global Administrator).</summary>
    public IReadOnlyList<RoleGrant>? Roles { get; init; }

    /// <summary>A new auto-extension, zero or 180 days (while created or active).</summary>
    public Duration? AutoExtendDuration { get; init; }

    /// <summary>Whether the update changes nothing at all.</summary>
    public bool IsEmpty => DisplayName is null && Duration is null && Customer is null && Roles is null && AutoExtendDuration is null;
}

/// <summary>Filters for listing relationships. Every filter that is set must match.</summary>
public sealed record RelationshipQuery
{
    /// <summary>Only relationships in one of these statuses.</summary>
    public IReadOnlyCollection<RelationshipStatus>? Statuses { get; init; }

    /// <summary>Only relationships with this customer tenant id.</summary>
    public string? CustomerTenantId { get; init; }

    /// <summary>Only relationships with this display name (compared case-insensitively).</summary>
    public string? DisplayName { get; init; }

    /// <summary>Only active relationships that will lapse within this span of the client's "now" (auto-extending ones never do).</summary>
    public Duration? ExpiringWithin { get; init; }

    /// <summary>A query for one status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The query.</returns>
    public static RelationshipQuery ForStatus(RelationshipStatus status) => new() { Statuses = [status] };

    /// <summary>Whether a relationship passes every filter.</summary>
    /// <param name="relationship">The relationship.</param>
    /// <param name="now">The instant <see cref="ExpiringWithin"/> counts from.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public bool Matches(Relationship relationship, Instant now)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        if (Statuses is { Count: > 0 } statuses && !statuses.Contains(relationship.Status))
        {
            return false;
        }

        if (CustomerTenantId is not null &&
            !string.Equals(relationship.Customer?.TenantId, CustomerTenantId, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (DisplayName is not null && !string.Equals(relationship.DisplayName, DisplayName, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (ExpiringWithin is { } within &&
            (relationship.Status != RelationshipStatus.Active || !relationship.Window.ExpiresWithin(now, within)))
        {
            return false;
        }

        return true;
    }
}
