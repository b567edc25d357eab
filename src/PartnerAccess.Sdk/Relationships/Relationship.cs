using System.Diagnostics;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Relationships;

/// <summary>
/// A GDAP relationship (Graph's <c>delegatedAdminRelationship</c>): the roles a partner holds in one customer
/// tenant, for how long, and where it is in its lifecycle. Immutable: every change returns a new instance with a
/// new <see cref="ETag"/>.
/// </summary>
[DebuggerDisplay("{DisplayName,nq} ({Status}) {Id,nq}")]
public sealed record Relationship
{
    /// <summary>The base of the link a customer opens to approve a relationship.</summary>
    public const string ApprovalLinkBase = "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/";

    /// <summary>The relationship id; Graph's shape is <c>&lt;guid&gt;-&lt;guid&gt;</c>. Treat it as opaque.</summary>
    public required string Id { get; init; }

    /// <summary>The name the customer sees; unique among the partner's relationships, at most 50 characters.</summary>
    public required string DisplayName { get; init; }

    /// <summary>The customer; optional until the relationship is approved, when the service fills it in.</summary>
    public CustomerParticipant? Customer { get; init; }

    /// <summary>The roles the partner holds (or asks for) in the customer tenant.</summary>
    public required IReadOnlyList<RoleGrant> Roles { get; init; }

    /// <summary>The requested length, the auto-extension and, once active, the access interval.</summary>
    public required AccessWindow Window { get; init; }

    /// <summary>Where the relationship is in its lifecycle.</summary>
    public required RelationshipStatus Status { get; init; }

    /// <summary>When it was created.</summary>
    public Instant CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public Instant LastModifiedAt { get; init; }

    /// <summary>The concurrency token; changes are sent with it as <c>If-Match</c>.</summary>
    public ETag ETag { get; init; }

    /// <summary>For a reseller relationship, the indirect provider tenant that created it.</summary>
    public string? IndirectProviderTenantId { get; init; }

    /// <summary>For a reseller relationship, whether the indirect reseller has yet to approve or reject it.</summary>
    public bool? IsPartnerConsentPending { get; init; }

    /// <summary>Whether an indirect provider created this relationship on behalf of a reseller.</summary>
    public bool IsResellerRelationship => IndirectProviderTenantId is not null;

    /// <summary>When access started; <see langword="null"/> before activation.</summary>
    public Instant? ActivatedAt => Window.ActivatedAt;

    /// <summary>When access ends; <see langword="null"/> before activation.</summary>
    public Instant? EndsAt => Window.EndsAt;

    /// <summary>Whether the relationship includes Global Administrator.</summary>
    public bool HasGlobalAdministrator => Roles.Any(r => r.IsGlobalAdministrator);

    /// <summary>The link the customer opens in the Microsoft 365 admin center to approve the relationship.</summary>
    public Uri ApprovalLink => GetApprovalLink(Id);

    /// <summary>The approval link for a relationship id.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <returns>The admin-center link.</returns>
    public static Uri GetApprovalLink(string relationshipId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relationshipId);
        return new Uri(ApprovalLinkBase + Uri.EscapeDataString(relationshipId));
    }
}
