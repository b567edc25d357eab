using System.Globalization;
using NodaTime;
using PartnerAccess.Sdk.JustInTime;

// The just-in-time codes sit beside the feature; they belong to the one list of finding codes.
namespace PartnerAccess.Sdk.Reports;

public static partial class FindingCodes
{
    /// <summary>A user is a permanent member of a group that carries privileged roles in a customer.</summary>
    public const string StandingAccess = "jit.standingAccess";

    /// <summary>A user has been eligible for a group for a while and never elevated: a candidate for removal.</summary>
    public const string EligibleNeverElevated = "jit.eligibleNeverElevated";
}

/// <summary>Settings of <see cref="JustInTimeAnalyzer"/>.</summary>
public sealed record JustInTimeFindingOptions
{
    /// <summary>An eligibility this old with no elevation in this span is reported. Default: 90 days.</summary>
    public Duration NeverElevatedWithin { get; init; } = Duration.FromDays(90);

    /// <summary>Readable names of partner security groups by id.</summary>
    public IReadOnlyDictionary<string, string>? SecurityGroupNames { get; init; }

    /// <summary>Readable names of partner users by object id.</summary>
    public IReadOnlyDictionary<string, string>? UserNames { get; init; }
}

/// <summary>
/// The just-in-time part of the least-privilege analysis: standing members of groups that carry privileged roles, and
/// eligible users who never elevate. Findings come per customer relationship the group reaches, like
/// <see cref="LeastPrivilegeAnalyzer"/>'s, so the two lists merge.
/// </summary>
public static class JustInTimeAnalyzer
{
    /// <summary>Analyses a snapshot.</summary>
    /// <param name="snapshot">What was read.</param>
    /// <param name="options">Settings; defaults when <see langword="null"/>.</param>
    /// <returns>The findings, most severe first.</returns>
    public static IReadOnlyList<AccessFinding> Analyze(JustInTimeSnapshot snapshot, JustInTimeFindingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        options ??= new JustInTimeFindingOptions();
        var now = snapshot.CapturedAt;
        var findings = new List<AccessFinding>();

        foreach (var group in snapshot.ActiveAssignments.Where(a => a.IsStanding).GroupBy(a => a.GroupId, StringComparer.OrdinalIgnoreCase))
        {
            var members = string.Join(", ", group.Select(a => User(a.PrincipalId, options)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal));
            foreach (var reach in snapshot.ReachOf(group.Key))
            {
                var privileged = reach.Roles.Where(r => r.IsPrivileged).ToList();
                if (privileged.Count == 0)
                {
                    continue;
                }

                findings.Add(new AccessFinding
                {
                    Code = FindingCodes.StandingAccess,
                    Severity = FindingSeverity.High,
                    Relationship = reach.Relationship,
                    Role = privileged[0],
                    Reason = $"{Name(group.Key, options)} carries {string.Join(", ", privileged.Select(r => r.Name))} here, and {members} " +
                             "hold it permanently. Make them eligible and elevate just in time (partner-access jit convert).",
                });
            }
        }

        var lastElevation = snapshot.Requests.Where(r => r.IsElevation)
            .GroupBy(r => (Group: r.GroupId.ToUpperInvariant(), User: r.PrincipalId.ToUpperInvariant()))
            .ToDictionary(g => g.Key, g => g.Max(r => r.CreatedAt));
        foreach (var eligibility in snapshot.Eligibilities)
        {
            var since = Instant.Max(eligibility.StartsAt, now - options.NeverElevatedWithin);
            if (now - eligibility.StartsAt < options.NeverElevatedWithin)
            {
                continue;
            }

            if (lastElevation.TryGetValue((eligibility.GroupId.ToUpperInvariant(), eligibility.PrincipalId.ToUpperInvariant()), out var last) && last >= since)
            {
                continue;
            }

            var days = ((int)options.NeverElevatedWithin.TotalDays).ToString(CultureInfo.InvariantCulture);
            foreach (var reach in snapshot.ReachOf(eligibility.GroupId))
            {
                findings.Add(new AccessFinding
                {
                    Code = FindingCodes.EligibleNeverElevated,
                    Severity = reach.Roles.Any(r => r.IsPrivileged) ? FindingSeverity.Medium : FindingSeverity.Low,
                    Relationship = reach.Relationship,
                    Role = reach.Roles.FirstOrDefault(),
                    Reason = $"{User(eligibility.PrincipalId, options)} is eligible for {Name(eligibility.GroupId, options)} but has not elevated in {days} days. " +
                             "A candidate for removal (partner-access jit remove-eligibility).",
                });
            }
        }

        return findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.Relationship.Customer?.DisplayName ?? f.CustomerTenantId ?? string.Empty, StringComparer.OrdinalIgnoreCase)
            .ThenBy(f => f.Code, StringComparer.Ordinal)
            .ThenBy(f => f.Reason, StringComparer.Ordinal)
            .ToList();
    }

    private static string User(string principalId, JustInTimeFindingOptions options) =>
        options.UserNames?.TryGetValue(principalId, out var name) == true ? name : principalId;

    private static string Name(string groupId, JustInTimeFindingOptions options) =>
        options.SecurityGroupNames?.TryGetValue(groupId, out var name) == true ? $"group '{name}'" : $"group {groupId}";
}
