using NodaTime;
using PartnerAccess.Sdk.Access;

namespace PartnerAccess.Sdk.JustInTime;

/// <summary>How a user can hold a group's roles in a customer.</summary>
public enum JustInTimeStanding
{
    /// <summary>Eligible: can elevate for a window.</summary>
    Eligible = 1,

    /// <summary>Elevated now, until the window closes.</summary>
    Elevated,

    /// <summary>A permanent member: standing access.</summary>
    Standing,
}

/// <summary>One user who can act in one customer through one group.</summary>
public sealed record JustInTimeAccessRow
{
    /// <summary>The customer's tenant id.</summary>
    public required string CustomerTenantId { get; init; }

    /// <summary>The customer's name, when known.</summary>
    public string? CustomerName { get; init; }

    /// <summary>The group's object id.</summary>
    public required string GroupId { get; init; }

    /// <summary>The group's name, when known; otherwise its id.</summary>
    public required string GroupName { get; init; }

    /// <summary>The user's object id.</summary>
    public required string PrincipalId { get; init; }

    /// <summary>Eligible, elevated now, or standing.</summary>
    public required JustInTimeStanding Standing { get; init; }

    /// <summary>The roles the group carries in this customer.</summary>
    public required IReadOnlyList<RoleGrant> Roles { get; init; }

    /// <summary>When the eligibility or elevation ends; <see langword="null"/> for none.</summary>
    public Instant? Until { get; init; }
}

/// <summary>Per customer, who can elevate into what (and who holds it now or permanently).</summary>
public sealed record JustInTimeAccessReport
{
    /// <summary>When the data was read.</summary>
    public required Instant GeneratedAt { get; init; }

    /// <summary>Every row, by customer, group, then user.</summary>
    public required IReadOnlyList<JustInTimeAccessRow> Rows { get; init; }

    /// <summary>Builds the report from a snapshot.</summary>
    /// <param name="snapshot">What was read.</param>
    /// <param name="groupNames">Readable group names by id; optional.</param>
    /// <returns>The report.</returns>
    public static JustInTimeAccessReport Create(JustInTimeSnapshot snapshot, IReadOnlyDictionary<string, string>? groupNames = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var people = snapshot.Eligibilities.Select(e => (e.GroupId, e.PrincipalId, Standing: JustInTimeStanding.Eligible, Until: e.EndsAt))
            .Concat(snapshot.ActiveAssignments.Select(a => (a.GroupId, a.PrincipalId, Standing: a.IsStanding ? JustInTimeStanding.Standing : JustInTimeStanding.Elevated, Until: a.EndsAt)));
        var rows = new List<JustInTimeAccessRow>();
        foreach (var person in people)
        {
            foreach (var reach in snapshot.ReachOf(person.GroupId))
            {
                rows.Add(new JustInTimeAccessRow
                {
                    CustomerTenantId = reach.CustomerTenantId,
                    CustomerName = reach.CustomerName,
                    GroupId = person.GroupId,
                    GroupName = groupNames?.TryGetValue(person.GroupId, out var name) == true ? name : person.GroupId,
                    PrincipalId = person.PrincipalId,
                    Standing = person.Standing,
                    Roles = reach.Roles,
                    Until = person.Until,
                });
            }
        }

        return new JustInTimeAccessReport
        {
            GeneratedAt = snapshot.CapturedAt,
            Rows = rows
                .OrderBy(r => r.CustomerName ?? r.CustomerTenantId, StringComparer.OrdinalIgnoreCase)
                .ThenBy(r => r.GroupName, StringComparer.OrdinalIgnoreCase)
                .ThenBy(r => r.PrincipalId, StringComparer.OrdinalIgnoreCase)
                .ThenBy(r => r.Standing)
                .ToList(),
        };
    }
}
