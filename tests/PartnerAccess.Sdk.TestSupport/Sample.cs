using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

using Xunit;

namespace PartnerAccess.Sdk.TestSupport;

/// <summary>Valid example objects; each test changes only what it is about.</summary>
public static class Sample
{
    public const string RelationshipId = "5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836";
    public const string CustomerTenantId = "4b827261-d21f-4aa9-b7db-7fa1f56fb163";
    public const string GroupId = "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d";
    public const string OtherGroupId = "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9";

    public static readonly Instant Now = Instant.FromUtc(2025, 3, 1, 12, 0);

    public static IReadOnlyList<RoleGrant> Roles { get; } = [WellKnownRoles.ExchangeAdministrator, WellKnownRoles.HelpdeskAdministrator];

    public static IReadOnlyList<RoleGrant> RolesWithGlobalAdministrator { get; } = [WellKnownRoles.GlobalAdministrator, WellKnownRoles.ExchangeAdministrator];

    public static CreateRelationshipRequest CreateRequest(
        string displayName = "Contoso Exchange support",
        int days = 180,
        IReadOnlyList<RoleGrant>? roles = null,
        Duration? autoExtend = null,
        CustomerParticipant? customer = null) => new()
        {
            DisplayName = displayName,
            Duration = Duration.FromDays(days),
            Roles = roles ?? Roles,
            AutoExtendDuration = autoExtend ?? Duration.Zero,
            Customer = customer,
        };

    public static Relationship Relationship(
        RelationshipStatus status,
        IReadOnlyList<RoleGrant>? roles = null,
        Duration? autoExtend = null,
        string displayName = "Contoso Exchange support",
        string id = RelationshipId,
        CustomerParticipant? customer = null,
        string etag = "W/\"1\"")
    {
        var active = status is RelationshipStatus.Active or RelationshipStatus.Expiring or RelationshipStatus.Expired
            or RelationshipStatus.TerminationRequested or RelationshipStatus.Terminating or RelationshipStatus.Terminated;
        var length = Duration.FromDays(180);
        return new Relationship
        {
            Id = id,
            DisplayName = displayName,
            Customer = customer ?? new CustomerParticipant(CustomerTenantId, "Contoso"),
            Roles = roles ?? Roles,
            Window = new AccessWindow(length, autoExtend ?? Duration.Zero, active ? Now : null, active ? Now + length : null),
            Status = status,
            CreatedAt = Now - Duration.FromDays(1),
            LastModifiedAt = Now - Duration.FromDays(1),
            ETag = new ETag(etag),
        };
    }

    public static AccessAssignment Assignment(AccessAssignmentStatus status, string groupId = GroupId, IReadOnlyList<RoleGrant>? roles = null) => new()
    {
        Id = Guid.NewGuid().ToString(),
        RelationshipId = RelationshipId,
        SecurityGroupId = groupId,
        Roles = roles ?? [WellKnownRoles.ExchangeAdministrator],
        Status = status,
        CreatedAt = Now,
        LastModifiedAt = Now,
        ETag = new ETag("W/\"a1\""),
    };

    public static CreateAccessAssignmentRequest AssignmentRequest(string groupId = GroupId, IReadOnlyList<RoleGrant>? roles = null) => new()
    {
        SecurityGroupId = groupId,
        Roles = roles ?? [WellKnownRoles.ExchangeAdministrator],
    };

    /// <summary>Every status Graph defines, plus Unknown.</summary>
    public static IEnumerable<RelationshipStatus> AllStatuses => Enum.GetValues<RelationshipStatus>();

    public static TheoryData<RelationshipStatus> StatusesExcept(params RelationshipStatus[] excluded)
    {
        var data = new TheoryData<RelationshipStatus>();
        foreach (var status in AllStatuses.Except(excluded))
        {
            data.Add(status);
        }

        return data;
    }
}
