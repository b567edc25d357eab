using System.Globalization;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Reports;

/// <summary>How much a finding matters.</summary>
public enum FindingSeverity
{
    /// <summary>Worth knowing.</summary>
    Info = 0,

    /// <summary>Tidy up when convenient.</summary>
    Low,

    /// <summary>More access than the work needs.</summary>
    Medium,

    /// <summary>Broad or standing access that should be removed.</summary>
    High,
}

/// <summary>Stable codes of least-privilege findings.</summary>
public static partial class FindingCodes
{
    /// <summary>The relationship holds Global Administrator.</summary>
    public const string GlobalAdministrator = "globalAdministrator.held";

    /// <summary>The relationship holds a privileged role.</summary>
    public const string PrivilegedRole = "role.privileged";

    /// <summary>The customer granted a role that no access assignment hands to a group.</summary>
    public const string UnassignedRole = "role.unassigned";

    /// <summary>No partner sign-in shows the role's workload being used.</summary>
    public const string NoSignInActivity = "role.noSignInActivity";

    /// <summary>Privileged roles are held for longer than needed.</summary>
    public const string LongPrivilegedRelationship = "duration.longForPrivilegedRoles";
}

/// <summary>One least-privilege finding.</summary>
public sealed record AccessFinding
{
    /// <summary>A stable code from <see cref="FindingCodes"/>.</summary>
    public required string Code { get; init; }

    /// <summary>How much it matters.</summary>
    public required FindingSeverity Severity { get; init; }

    /// <summary>Why, in one or two plain sentences.</summary>
    public required string Reason { get; init; }

    /// <summary>The relationship.</summary>
    public required Relationship Relationship { get; init; }

    /// <summary>The role concerned, when the finding is about one role.</summary>
    public RoleGrant? Role { get; init; }

    /// <summary>The customer's tenant id, when known.</summary>
    public string? CustomerTenantId => Relationship.Customer?.TenantId;
}

/// <summary>Settings of <see cref="LeastPrivilegeAnalyzer"/>.</summary>
public sealed record LeastPrivilegeOptions
{
    /// <summary>How far back sign-ins are searched for use of a role. Default: 90 days.</summary>
    public Duration SignInLookback { get; init; } = Duration.FromDays(90);

    /// <summary>A relationship active for less than this is too new to call a role unused. Default: 14 days.</summary>
    public Duration MinimumObservation { get; init; } = Duration.FromDays(14);

    /// <summary>The longest a relationship with privileged roles should run. Default: 180 days.</summary>
    public Duration MaxPrivilegedDuration { get; init; } = Duration.FromDays(180);

    /// <summary>Report every privileged role (besides Global Administrator). Default: on.</summary>
    public bool ReportPrivilegedRoles { get; init; } = true;

    /// <summary>Which sign-ins show use of a workload.</summary>
    public WorkloadSignInMap SignInMap { get; init; } = WorkloadSignInMap.Default;
}

/// <summary>
/// Looks for access a partner holds but does not need: Global Administrator, privileged roles, roles no group
/// receives, roles whose workload shows no partner sign-in for a while, and privileged access held for long.
/// </summary>
public static class LeastPrivilegeAnalyzer
{
    /// <summary>Analyses relationships that are active or waiting for activation.</summary>
    /// <param name="relationships">The partner's relationships.</param>
    /// <param name="assignments">Access assignments by relationship id; relationships not listed are not checked for unassigned roles.</param>
    /// <param name="signIns">Partner sign-ins (kind <see cref="AuditRecordKind.PartnerSignIn"/>); <see langword="null"/> when there is no sign-in data, and then usage is not judged.</param>
    /// <param name="now">The instant to analyse at.</param>
    /// <param name="options">Settings; defaults when <see langword="null"/>.</param>
    /// <returns>The findings, most severe first, then by customer and relationship.</returns>
    public static IReadOnlyList<AccessFinding> Analyze(
        IEnumerable<Relationship> relationships,
        IReadOnlyDictionary<string, IReadOnlyList<AccessAssignment>>? assignments,
        IEnumerable<AuditRecord>? signIns,
        Instant now,
        LeastPrivilegeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(relationships);
        options ??= new LeastPrivilegeOptions();
        var signInsByCustomer = signIns?
            .Where(s => s.Kind == AuditRecordKind.PartnerSignIn && s.SignIn is { Succeeded: true } && s.CustomerTenantId is not null)
            .Where(s => s.OccurredAt <= now && s.OccurredAt >= now - options.SignInLookback)
            .GroupBy(s => s.CustomerTenantId!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);

        var findings = new List<AccessFinding>();
        foreach (var relationship in relationships.Where(r => r.Status == RelationshipStatus.Active || r.Status.IsAwaitingActivation() || r.Status == RelationshipStatus.Created))
        {
            CheckRoles(relationship, options, findings);
            CheckDuration(relationship, options, findings);
            if (relationship.Status != RelationshipStatus.Active)
            {
                continue;
            }

            if (assignments?.GetValueOrDefault(relationship.Id) is { } list)
            {
                CheckUnassigned(relationship, list, findings);
            }

            if (signInsByCustomer is not null)
            {
                CheckUsage(relationship, signInsByCustomer, now, options, findings);
            }
        }

        return findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.Relationship.Customer?.DisplayName ?? f.CustomerTenantId ?? string.Empty, StringComparer.OrdinalIgnoreCase)
            .ThenBy(f => f.Relationship.DisplayName, StringComparer.Ordinal)
            .ThenBy(f => f.Code, StringComparer.Ordinal)
            .ThenBy(f => f.Role?.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static void CheckRoles(Relationship relationship, LeastPrivilegeOptions options, List<AccessFinding> findings)
    {
        foreach (var role in relationship.Roles.DistinctBy(r => r.RoleDefinitionId))
        {
            if (role.IsGlobalAdministrator)
            {
                findings.Add(new AccessFinding
                {
                    Code = FindingCodes.GlobalAdministrator,
                    Severity = FindingSeverity.High,
                    Relationship = relationship,
                    Role = role,
                    Reason = "Global Administrator gives full control of the customer tenant, and a relationship holding it cannot auto-extend. " +
                             "Use workload roles instead, or remove it while the relationship is active.",
                });
            }
            else if (options.ReportPrivilegedRoles && role.IsPrivileged)
            {
                findings.Add(new AccessFinding
                {
                    Code = FindingCodes.PrivilegedRole,
                    Severity = FindingSeverity.Medium,
                    Relationship = relationship,
                    Role = role,
                    Reason = role.IsKnown
                        ? $"{role.Name} is a privileged role: it can change security settings or credentials. Check that a less privileged role cannot do the work."
                        : $"{role.Name} is not in the role catalog and is treated as privileged until known.",
                });
            }
        }
    }

    private static void CheckDuration(Relationship relationship, LeastPrivilegeOptions options, List<AccessFinding> findings)
    {
        var privileged = relationship.Roles.Where(r => r.IsPrivileged).DistinctBy(r => r.RoleDefinitionId).ToList();
        if (privileged.Count == 0)
        {
            return;
        }

        var names = string.Join(", ", privileged.Select(r => r.Name));
        var window = relationship.Window;
        if (window.Length > options.MaxPrivilegedDuration)
        {
            findings.Add(new AccessFinding
            {
                Code = FindingCodes.LongPrivilegedRelationship,
                Severity = FindingSeverity.Medium,
                Relationship = relationship,
                Reason = $"Privileged roles ({names}) are held for {Days(window.LengthInDays)}; {Days((int)options.MaxPrivilegedDuration.TotalDays)} or fewer is enough. " +
                         "Put them in a shorter relationship of their own.",
            });
        }
        else if (window.AutoExtends)
        {
            findings.Add(new AccessFinding
            {
                Code = FindingCodes.LongPrivilegedRelationship,
                Severity = FindingSeverity.Low,
                Relationship = relationship,
                Reason = $"Privileged roles ({names}) are held in a relationship that auto-extends, so they never lapse. Review them at each extension.",
            });
        }
    }

    private static void CheckUnassigned(Relationship relationship, IReadOnlyList<AccessAssignment> assignments, List<AccessFinding> findings)
    {
        var used = assignments
            .Where(a => a.Status is AccessAssignmentStatus.Active or AccessAssignmentStatus.Pending)
            .SelectMany(a => a.Roles)
            .Select(r => r.RoleDefinitionId)
            .ToHashSet();
        foreach (var role in relationship.Roles.DistinctBy(r => r.RoleDefinitionId).Where(r => !used.Contains(r.RoleDefinitionId)))
        {
            findings.Add(new AccessFinding
            {
                Code = FindingCodes.UnassignedRole,
                Severity = role.IsPrivileged ? FindingSeverity.Medium : FindingSeverity.Low,
                Relationship = relationship,
                Role = role,
                Reason = $"The customer granted {role.Name}, but no access assignment gives it to a partner group, so nobody can use it. Leave it out of the next renewal.",
            });
        }
    }

    private static void CheckUsage(
        Relationship relationship,
        Dictionary<string, List<AuditRecord>> signInsByCustomer,
        Instant now,
        LeastPrivilegeOptions options,
        List<AccessFinding> findings)
    {
        if (relationship.Customer?.TenantId is not { } tenant || relationship.ActivatedAt is not { } activated)
        {
            return;
        }

        var from = Instant.Max(activated, now - options.SignInLookback);
        if (now - from < options.MinimumObservation)
        {
            return;
        }

        var signIns = signInsByCustomer.GetValueOrDefault(tenant) ?? [];
        var observed = signIns.Where(s => s.OccurredAt >= from).Select(s => s.SignIn!).ToList();
        foreach (var role in relationship.Roles.DistinctBy(r => r.RoleDefinitionId))
        {
            var judged = role.Workloads.Where(options.SignInMap.Covers).ToList();

            // A role that also serves workloads the map cannot see might be in use there.
            if (judged.Count == 0 || judged.Count < role.Workloads.Count)
            {
                continue;
            }

            if (observed.Any(s => judged.Any(w => options.SignInMap.Matches(w, s))))
            {
                continue;
            }

            var days = (int)Math.Round((now - from).TotalDays);
            var workloads = string.Join(", ", judged.Select(WorkloadNames.ForPeople));
            findings.Add(new AccessFinding
            {
                Code = FindingCodes.NoSignInActivity,
                Severity = role.IsPrivileged ? FindingSeverity.Medium : FindingSeverity.Low,
                Relationship = relationship,
                Role = role,
                Reason = observed.Count == 0
                    ? $"No partner sign-in into this customer tenant was seen in the last {Days(days)}, so {role.Name} ({workloads}) looks unused."
                    : $"No partner sign-in to {workloads} was seen in the last {Days(days)}, so {role.Name} looks unused.",
            });
        }
    }

    private static string Days(int days) => days == 1 ? "1 day" : days.ToString(CultureInfo.InvariantCulture) + " days";
}
