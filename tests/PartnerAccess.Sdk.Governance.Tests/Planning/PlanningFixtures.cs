using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>Hand-built domain objects for planner tests that need no client.</summary>
internal static class PlanningFixtures
{
    public const string PartnerTenantId = "8777b240-c6f0-4469-9e98-a3205431b836";
    public const string AgentsGroup = "11111111-1111-4111-8111-111111111111";
    public const string LeadsGroup = "22222222-2222-4222-8222-222222222222";
    public const string StrayGroup = "33333333-3333-4333-8333-333333333333";

    public static readonly Instant Now = Instant.FromUtc(2026, 9, 1, 12, 0);

    public static readonly CustomerParticipant Contoso = new("3f1e0d2c-4b5a-4978-8a6b-5c4d3e2f1a0b", "Contoso Ltd");
    public static readonly CustomerParticipant Fabrikam = new("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", "Fabrikam");

    /// <summary>Service desk bound to two groups: agents get Helpdesk + Service Support, leads everything.</summary>
    public static AccessTemplate ServiceDesk { get; } = new AccessTemplate
    {
        Name = "Service desk",
        Roles = [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator, WellKnownRoles.LicenseAdministrator],
        Duration = Duration.FromDays(730),
        AutoExtend = true,
    }.WithGroup(AgentsGroup, WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator)
     .WithGroup(LeadsGroup);

    /// <summary>A one-year tier without auto-extend, for renewals.</summary>
    public static AccessTemplate Escalation { get; } = new AccessTemplate
    {
        Name = "Escalation",
        Roles = [WellKnownRoles.GlobalReader, WellKnownRoles.UserAdministrator],
        Duration = Duration.FromDays(365),
    }.WithGroup(LeadsGroup);

    public static DesiredState Desired(params (CustomerParticipant Customer, string[] Templates)[] customers) =>
        new([ServiceDesk, Escalation], customers.Select(c => new DesiredCustomer(c.Customer, c.Templates)));

    public static Relationship Relationship(
        CustomerParticipant customer,
        AccessTemplate template,
        RelationshipStatus status,
        int generation = 1,
        IReadOnlyList<RoleGrant>? roles = null,
        bool? autoExtend = null,
        Instant? endsAt = null,
        Duration? duration = null)
    {
        var length = duration ?? template.Duration;
        var active = status is RelationshipStatus.Active or RelationshipStatus.Expired or RelationshipStatus.Expiring or RelationshipStatus.Terminated;
        var end = endsAt ?? (active ? Now + Duration.FromDays(200) : (Instant?)null);
        return new Relationship
        {
            Id = $"{Guid.NewGuid()}-{PartnerTenantId}",
            DisplayName = RelationshipNames.Derive(customer, template.Name, generation),
            Customer = customer,
            Roles = roles ?? template.Roles,
            Window = new AccessWindow(length, (autoExtend ?? template.AutoExtend) ? GdapDurations.AutoExtendPeriod : Duration.Zero,
                end is { } e && active ? e - length : null, active ? end : null),
            Status = status,
            CreatedAt = Now - Duration.FromDays(10),
            ETag = new ETag("W/\"1\""),
        };
    }

    public static AccessAssignment Assignment(Relationship relationship, string group, AccessAssignmentStatus status, params RoleGrant[] roles) => new()
    {
        Id = Guid.NewGuid().ToString(),
        RelationshipId = relationship.Id,
        SecurityGroupId = group,
        Roles = roles,
        Status = status,
        ETag = new ETag("W/\"a\""),
    };

    public static PartnerStateSnapshot Snapshot(IEnumerable<Relationship> relationships, params AccessAssignment[] assignments) => new()
    {
        Relationships = relationships.ToList(),
        Assignments = assignments.GroupBy(a => a.RelationshipId).ToDictionary(g => g.Key, g => (IReadOnlyList<AccessAssignment>)g.ToList()),
    };

    /// <summary>The assignments a fully applied service desk relationship has.</summary>
    public static AccessAssignment[] ServiceDeskAssignments(Relationship relationship) =>
    [
        Assignment(relationship, AgentsGroup, AccessAssignmentStatus.Active, WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator),
        Assignment(relationship, LeadsGroup, AccessAssignmentStatus.Active, [.. ServiceDesk.Roles]),
    ];
}
