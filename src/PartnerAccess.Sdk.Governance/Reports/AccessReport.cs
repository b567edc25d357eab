using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Reports;

/// <summary>What <see cref="AccessReport"/> covers and how it labels things.</summary>
public sealed record AccessReportOptions
{
    /// <summary>The relationship statuses to include. Default: active only, the access in force.</summary>
    public IReadOnlyCollection<RelationshipStatus> Statuses { get; init; } = [RelationshipStatus.Active];

    /// <summary>Readable names of partner security groups by id; ids are shown for groups not listed.</summary>
    public IReadOnlyDictionary<string, string>? SecurityGroupNames { get; init; }

    /// <summary>Access ending within this span (and not auto-extending) is marked as expiring soon. Default: 30 days.</summary>
    public Duration ExpiringSoonWithin { get; init; } = Duration.FromDays(30);
}

/// <summary>One role a partner holds in one customer tenant through one relationship.</summary>
public sealed record AccessReportRow
{
    /// <summary>The customer's tenant id; empty when the relationship names no customer yet.</summary>
    public required string CustomerTenantId { get; init; }

    /// <summary>The customer's name, when known.</summary>
    public string? CustomerName { get; init; }

    /// <summary>The relationship.</summary>
    public required Relationship Relationship { get; init; }

    /// <summary>The role.</summary>
    public required RoleGrant Role { get; init; }

    /// <summary>The workload the role is listed under, for people.</summary>
    public required string Workload { get; init; }

    /// <summary>The partner security groups holding the role through live access assignments (names where known, else ids).</summary>
    public required IReadOnlyList<string> SecurityGroups { get; init; }

    /// <summary>Whole days left, rounded up; <see langword="null"/> before activation.</summary>
    public int? DaysLeft { get; init; }

    /// <summary>Whether access ends within <see cref="AccessReportOptions.ExpiringSoonWithin"/> and will not extend itself.</summary>
    public bool ExpiringSoon { get; init; }

    /// <summary>When access ends; <see langword="null"/> before activation.</summary>
    public Instant? EndsAt => Relationship.EndsAt;

    /// <summary>Whether the relationship extends itself.</summary>
    public bool AutoExtends => Relationship.Window.AutoExtends;
}

/// <summary>Everything the partner holds in one customer tenant.</summary>
/// <param name="TenantId">The customer's tenant id.</param>
/// <param name="DisplayName">The customer's name, when known.</param>
/// <param name="Relationships">Its relationships in the report, soonest end first.</param>
/// <param name="Rows">One row per role and relationship, by workload then role name.</param>
public sealed record CustomerAccess(string TenantId, string? DisplayName, IReadOnlyList<Relationship> Relationships, IReadOnlyList<AccessReportRow> Rows)
{
    /// <summary>The soonest end of access that will not extend itself, if any.</summary>
    public Instant? NextExpiry => Relationships.Where(r => !r.Window.AutoExtends && r.EndsAt is not null).Min(r => r.EndsAt);
}

/// <summary>Which customers grant one role.</summary>
/// <param name="Role">The role.</param>
/// <param name="Rows">One row per customer relationship that grants it, by customer.</param>
public sealed record RoleAccess(RoleGrant Role, IReadOnlyList<AccessReportRow> Rows);

/// <summary>
/// Who holds what, where and until when: per customer, the roles by workload, the partner groups holding them, the
/// end of access, days left and auto-extend; per role, the customers. Export it with <see cref="AccessReportExport"/>.
/// </summary>
public sealed record AccessReport
{
    /// <summary>The instant the report describes.</summary>
    public required Instant GeneratedAt { get; init; }

    /// <summary>The settings it was built with.</summary>
    public required AccessReportOptions Options { get; init; }

    /// <summary>Every row: one per role, relationship and customer.</summary>
    public required IReadOnlyList<AccessReportRow> Rows { get; init; }

    /// <summary>Rows grouped by customer, by name.</summary>
    public required IReadOnlyList<CustomerAccess> Customers { get; init; }

    /// <summary>Rows grouped by role, by role name.</summary>
    public required IReadOnlyList<RoleAccess> Roles { get; init; }

    /// <summary>Builds a report from relationships read earlier.</summary>
    /// <param name="relationships">The partner's relationships.</param>
    /// <param name="assignments">Access assignments by relationship id; groups are left empty for relationships not listed.</param>
    /// <param name="now">The instant the report describes.</param>
    /// <param name="options">What to include; defaults when <see langword="null"/>.</param>
    /// <returns>The report.</returns>
    public static AccessReport Create(
        IEnumerable<Relationship> relationships,
        IReadOnlyDictionary<string, IReadOnlyList<AccessAssignment>>? assignments,
        Instant now,
        AccessReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(relationships);
        options ??= new AccessReportOptions();
        var included = relationships.Where(r => options.Statuses.Contains(r.Status)).ToList();
        var rows = new List<AccessReportRow>();
        foreach (var relationship in included)
        {
            var live = (assignments?.GetValueOrDefault(relationship.Id) ?? [])
                .Where(a => a.Status is AccessAssignmentStatus.Active or AccessAssignmentStatus.Pending)
                .ToList();
            foreach (var role in relationship.Roles.DistinctBy(r => r.RoleDefinitionId))
            {
                var groups = live.Where(a => a.Roles.Any(r => r.RoleDefinitionId == role.RoleDefinitionId))
                    .Select(a => GroupName(a.SecurityGroupId, options))
                    .Distinct(StringComparer.OrdinalIgnoreCase)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                rows.Add(new AccessReportRow
                {
                    CustomerTenantId = relationship.Customer?.TenantId ?? string.Empty,
                    CustomerName = relationship.Customer?.DisplayName,
                    Relationship = relationship,
                    Role = role,
                    Workload = WorkloadNames.PrimaryOf(role) is { } workload ? WorkloadNames.ForPeople(workload) : WorkloadNames.Unknown,
                    SecurityGroups = groups,
                    DaysLeft = relationship.EndsAt is null ? null : relationship.Window.DaysLeftAt(now),
                    ExpiringSoon = relationship.Window.ExpiresWithin(now, options.ExpiringSoonWithin),
                });
            }
        }

        var ordered = rows
            .OrderBy(r => r.CustomerName ?? r.CustomerTenantId, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.CustomerTenantId, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => WorkloadOrder(r.Role))
            .ThenBy(r => r.Role.Name, StringComparer.Ordinal)
            .ThenBy(r => r.Relationship.DisplayName, StringComparer.Ordinal)
            .ToList();

        var customers = ordered
            .GroupBy(r => r.CustomerTenantId, StringComparer.OrdinalIgnoreCase)
            .Select(g => new CustomerAccess(
                g.Key,
                g.Select(r => r.CustomerName).FirstOrDefault(n => n is not null),
                g.Select(r => r.Relationship).DistinctBy(r => r.Id).OrderBy(r => r.EndsAt ?? Instant.MaxValue).ThenBy(r => r.DisplayName, StringComparer.Ordinal).ToList(),
                g.ToList()))
            .ToList();

        var roles = ordered
            .GroupBy(r => r.Role.RoleDefinitionId)
            .Select(g => new RoleAccess(g.First().Role, g.ToList()))
            .OrderBy(r => r.Role.Name, StringComparer.Ordinal)
            .ToList();

        return new AccessReport { GeneratedAt = now, Options = options, Rows = ordered, Customers = customers, Roles = roles };
    }

    /// <summary>Reads every relationship and its access assignments through a client and builds the report at the client's "now".</summary>
    /// <param name="client">The client.</param>
    /// <param name="options">What to include; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The report.</returns>
    public static async Task<AccessReport> CaptureAsync(IPartnerAccessClient client, AccessReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new AccessReportOptions();
        var now = client.TimeProvider.GetCurrentInstant();
        var relationships = await client.ListRelationshipsAsync(null, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        var assignments = new Dictionary<string, IReadOnlyList<AccessAssignment>>(StringComparer.OrdinalIgnoreCase);
        foreach (var relationship in relationships.Where(r => options.Statuses.Contains(r.Status) && r.Status is RelationshipStatus.Active))
        {
            assignments[relationship.Id] = await client.ListAccessAssignmentsAsync(relationship.Id, null, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        return Create(relationships, assignments, now, options);
    }

    private static string GroupName(string id, AccessReportOptions options) =>
        options.SecurityGroupNames?.TryGetValue(id, out var name) == true && !string.IsNullOrWhiteSpace(name) ? name : id;

    private static int WorkloadOrder(RoleGrant role) => WorkloadNames.PrimaryOf(role) is { } w ? (int)w : int.MaxValue;
}
