using System.Diagnostics;
using NodaTime;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Access;

/// <summary>The status of an access assignment.</summary>
public enum AccessAssignmentStatus
{
    /// <summary>A status this SDK does not know, including <c>unknownFutureValue</c>.</summary>
    Unknown = 0,

    /// <summary>Created; the service is provisioning it.</summary>
    Pending,

    /// <summary>The group holds the roles.</summary>
    Active,

    /// <summary>Being removed.</summary>
    Deleting,

    /// <summary>Removed. Deleted assignments stay visible.</summary>
    Deleted,

    /// <summary>Provisioning failed.</summary>
    Error,
}

/// <summary>
/// Roles of an active relationship given to one partner security group (Graph's
/// <c>delegatedAdminAccessAssignment</c>).
/// </summary>
[DebuggerDisplay("{SecurityGroupId,nq} ({Status}) {Id,nq}")]
public sealed record AccessAssignment
{
    /// <summary>The assignment id (a GUID).</summary>
    public required string Id { get; init; }

    /// <summary>The relationship whose roles it hands out.</summary>
    public required string RelationshipId { get; init; }

    /// <summary>The partner-tenant security group that receives the roles.</summary>
    public required string SecurityGroupId { get; init; }

    /// <summary>The roles the group holds; a subset of the relationship's roles.</summary>
    public required IReadOnlyList<RoleGrant> Roles { get; init; }

    /// <summary>Where the assignment is in its lifecycle.</summary>
    public required AccessAssignmentStatus Status { get; init; }

    /// <summary>When it was created.</summary>
    public Instant CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public Instant LastModifiedAt { get; init; }

    /// <summary>The concurrency token; changes are sent with it as <c>If-Match</c>.</summary>
    public ETag ETag { get; init; }

    /// <summary>Whether the assignment still counts: anything but deleted.</summary>
    public bool IsLive => Status != AccessAssignmentStatus.Deleted;
}

/// <summary>What to give a security group: a subset of an active relationship's roles.</summary>
public sealed record CreateAccessAssignmentRequest
{
    /// <summary>The partner-tenant security group id (a GUID).</summary>
    public required string SecurityGroupId { get; init; }

    /// <summary>The roles to give; at least one, each granted by the relationship.</summary>
    public required IReadOnlyList<RoleGrant> Roles { get; init; }
}

/// <summary>Filters for listing access assignments.</summary>
public sealed record AccessAssignmentQuery
{
    /// <summary>Only assignments in one of these statuses.</summary>
    public IReadOnlyCollection<AccessAssignmentStatus>? Statuses { get; init; }

    /// <summary>Only the assignment of this security group.</summary>
    public string? SecurityGroupId { get; init; }

    /// <summary>Whether an assignment passes every filter.</summary>
    /// <param name="assignment">The assignment.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public bool Matches(AccessAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        return (Statuses is not { Count: > 0 } statuses || statuses.Contains(assignment.Status)) &&
               (SecurityGroupId is null || string.Equals(assignment.SecurityGroupId, SecurityGroupId, StringComparison.OrdinalIgnoreCase));
    }
}
