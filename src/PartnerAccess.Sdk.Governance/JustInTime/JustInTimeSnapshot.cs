using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.JustInTime;

/// <summary>What one partner security group reaches in one customer tenant through one active GDAP relationship.</summary>
/// <param name="GroupId">The group's object id.</param>
/// <param name="Relationship">The relationship.</param>
/// <param name="Roles">The roles its access assignment gives the group there.</param>
public sealed record GroupCustomerReach(string GroupId, Relationship Relationship, IReadOnlyList<RoleGrant> Roles)
{
    /// <summary>The customer's tenant id; empty when the relationship names no customer.</summary>
    public string CustomerTenantId => Relationship.Customer?.TenantId ?? string.Empty;

    /// <summary>The customer's name, when known.</summary>
    public string? CustomerName => Relationship.Customer?.DisplayName;
}

/// <summary>
/// Just-in-time access as read at one instant: for every partner security group that holds a live GDAP access
/// assignment, which customers and roles it reaches, who is eligible, who is a member now, and the request history.
/// </summary>
public sealed record JustInTimeSnapshot
{
    /// <summary>When it was read.</summary>
    public required Instant CapturedAt { get; init; }

    /// <summary>Per group id, what the group reaches through GDAP.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<GroupCustomerReach>> Reach { get; init; }

    /// <summary>The eligibilities in force.</summary>
    public required IReadOnlyList<GroupEligibility> Eligibilities { get; init; }

    /// <summary>The memberships in force: elevations and standing access.</summary>
    public required IReadOnlyList<GroupAssignment> ActiveAssignments { get; init; }

    /// <summary>The PIM requests, oldest first.</summary>
    public required IReadOnlyList<JustInTimeRequest> Requests { get; init; }

    /// <summary>Builds a snapshot from data read earlier.</summary>
    /// <param name="relationships">The partner's relationships; only active ones count.</param>
    /// <param name="assignments">Access assignments by relationship id.</param>
    /// <param name="eligibilities">Eligibilities in force.</param>
    /// <param name="activeAssignments">Memberships in force.</param>
    /// <param name="requests">PIM requests.</param>
    /// <param name="now">The instant described.</param>
    /// <returns>The snapshot.</returns>
    public static JustInTimeSnapshot Create(
        IEnumerable<Relationship> relationships,
        IReadOnlyDictionary<string, IReadOnlyList<AccessAssignment>> assignments,
        IEnumerable<GroupEligibility> eligibilities,
        IEnumerable<GroupAssignment> activeAssignments,
        IEnumerable<JustInTimeRequest> requests,
        Instant now)
    {
        ArgumentNullException.ThrowIfNull(relationships);
        ArgumentNullException.ThrowIfNull(assignments);
        var reach = new Dictionary<string, List<GroupCustomerReach>>(StringComparer.OrdinalIgnoreCase);
        foreach (var relationship in relationships.Where(r => r.Status == RelationshipStatus.Active))
        {
            foreach (var assignment in assignments.GetValueOrDefault(relationship.Id) ?? [])
            {
                if (assignment.Status is not (AccessAssignmentStatus.Active or AccessAssignmentStatus.Pending))
                {
                    continue;
                }

                if (!reach.TryGetValue(assignment.SecurityGroupId, out var list))
                {
                    reach[assignment.SecurityGroupId] = list = [];
                }

                list.Add(new GroupCustomerReach(assignment.SecurityGroupId, relationship, assignment.Roles));
            }
        }

        return new JustInTimeSnapshot
        {
            CapturedAt = now,
            Reach = reach.ToDictionary(
                e => e.Key,
                e => (IReadOnlyList<GroupCustomerReach>)e.Value.OrderBy(r => r.CustomerName ?? r.CustomerTenantId, StringComparer.OrdinalIgnoreCase).ToList(),
                StringComparer.OrdinalIgnoreCase),
            Eligibilities = eligibilities.Where(e => e.IsInForceAt(now)).ToList(),
            ActiveAssignments = activeAssignments.Where(a => a.IsInForceAt(now)).ToList(),
            Requests = requests.OrderBy(r => r.CreatedAt).ToList(),
        };
    }

    /// <summary>
    /// Reads the partner's active relationships and their access assignments, then, for every group they name, its
    /// eligibilities, memberships and requests from PIM for Groups.
    /// </summary>
    /// <param name="client">The GDAP client.</param>
    /// <param name="access">The just-in-time access.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The snapshot at the GDAP client's "now".</returns>
    public static async Task<JustInTimeSnapshot> CaptureAsync(IPartnerAccessClient client, IJustInTimeAccess access, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(access);
        var now = client.TimeProvider.GetCurrentInstant();
        var relationships = await client.ListRelationshipsAsync(null, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        var assignments = new Dictionary<string, IReadOnlyList<AccessAssignment>>(StringComparer.OrdinalIgnoreCase);
        foreach (var relationship in relationships.Where(r => r.Status == RelationshipStatus.Active))
        {
            assignments[relationship.Id] = await client.ListAccessAssignmentsAsync(relationship.Id, null, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        var groups = assignments.Values.SelectMany(a => a)
            .Where(a => a.Status is AccessAssignmentStatus.Active or AccessAssignmentStatus.Pending)
            .Select(a => a.SecurityGroupId)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var eligibilities = new List<GroupEligibility>();
        var active = new List<GroupAssignment>();
        var requests = new List<JustInTimeRequest>();
        foreach (var group in groups)
        {
            var query = new JustInTimeQuery { GroupId = group };
            eligibilities.AddRange(await access.ListEligibilitiesAsync(query, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false));
            active.AddRange(await access.ListActiveAssignmentsAsync(query, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false));
            requests.AddRange(await access.ListRequestsAsync(query, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false));
        }

        return Create(relationships, assignments, eligibilities, active, requests, now);
    }

    /// <summary>What a group reaches; empty when it holds no live access assignment.</summary>
    /// <param name="groupId">The group's object id.</param>
    /// <returns>One entry per customer relationship.</returns>
    public IReadOnlyList<GroupCustomerReach> ReachOf(string groupId) => Reach.GetValueOrDefault(groupId) ?? [];
}
