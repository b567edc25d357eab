using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Graph.Tests.Support;

/// <summary>Valid domain requests.</summary>
public static class Requests
{
    public static CreateRelationshipRequest Create(string displayName = "Contoso admin relationship") => new()
    {
        DisplayName = displayName,
        Duration = Duration.FromDays(730),
        Roles = [RoleGrant.Parse(GraphJson.ExchangeAdministrator), RoleGrant.Parse(GraphJson.IntuneAdministrator)],
        Customer = new CustomerParticipant(GraphJson.CustomerTenant),
    };
}

/// <summary>Domain snapshots as a caller would hold them after a read.</summary>
public static class Snapshots
{
    public static Relationship Created(string id, string etag = "W/\"etag-1\"") => new()
    {
        Id = id,
        DisplayName = "Contoso admin relationship",
        Customer = new CustomerParticipant(GraphJson.CustomerTenant),
        Roles = [RoleGrant.Parse(GraphJson.ExchangeAdministrator), RoleGrant.Parse(GraphJson.IntuneAdministrator)],
        Window = new AccessWindow(Duration.FromDays(730), Duration.Zero),
        Status = RelationshipStatus.Created,
        ETag = new ETag(etag),
    };

    public static Relationship Active(string id, string etag = "W/\"etag-active\"", params string[] roles) => Created(id, etag) with
    {
        Status = RelationshipStatus.Active,
        Roles = (roles.Length == 0 ? [GraphJson.ExchangeAdministrator, GraphJson.IntuneAdministrator] : roles).Select(RoleGrant.Parse).ToList(),
        Window = new AccessWindow(Duration.FromDays(730), Duration.Zero, Instant.FromUtc(2025, 3, 1, 9, 30), Instant.FromUtc(2027, 3, 1, 9, 30)),
    };

    public static AccessAssignment Assignment(string relationshipId, string id = "a9d6cf90-083a-47dc-ace2-1da98be3f344", string etag = "W/\"aa-1\"") => new()
    {
        Id = id,
        RelationshipId = relationshipId,
        SecurityGroupId = GraphJson.Group,
        Roles = [RoleGrant.Parse(GraphJson.ExchangeAdministrator)],
        Status = AccessAssignmentStatus.Active,
        ETag = new ETag(etag),
    };
}
