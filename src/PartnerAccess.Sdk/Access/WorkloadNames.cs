namespace PartnerAccess.Sdk.Access;

/// <summary>Names of workloads for people, as notices and reports print them.</summary>
public static class WorkloadNames
{
    /// <summary>The readable name of a workload.</summary>
    /// <param name="workload">The workload.</param>
    /// <returns>For example <c>Exchange Online</c>.</returns>
    public static string ForPeople(Workload workload) => workload switch
    {
        Workload.Directory => "Microsoft Entra ID",
        Workload.Support => "Support and billing",
        Workload.Exchange => "Exchange Online",
        Workload.SharePoint => "SharePoint and OneDrive",
        Workload.Teams => "Microsoft Teams",
        Workload.Intune => "Intune and devices",
        Workload.Security => "Security",
        Workload.Compliance => "Compliance",
        Workload.Dynamics365 => "Dynamics 365 and Power Platform",
        _ => workload.ToString(),
    };

    /// <summary>The name printed for roles the catalog does not know.</summary>
    public const string Unknown = "Other roles";

    /// <summary>The workload a role is listed under in notices and reports: its primary workload, or none for unknown roles.</summary>
    /// <param name="role">The role.</param>
    /// <returns>The workload, or <see langword="null"/>.</returns>
    public static Workload? PrimaryOf(RoleGrant role)
    {
        ArgumentNullException.ThrowIfNull(role);
        return role.Definition?.PrimaryWorkload;
    }

    /// <summary>Groups roles by primary workload, in workload order, unknown roles last; names sorted within a group.</summary>
    /// <param name="roles">The roles.</param>
    /// <returns>(workload name, role names) pairs.</returns>
    public static IReadOnlyList<(string Workload, IReadOnlyList<string> Roles)> Group(IEnumerable<RoleGrant> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return roles
            .DistinctBy(r => r.RoleDefinitionId)
            .GroupBy(PrimaryOf)
            .OrderBy(g => g.Key is null ? int.MaxValue : (int)g.Key.Value)
            .Select(g => (g.Key is { } w ? ForPeople(w) : Unknown, (IReadOnlyList<string>)g.Select(r => r.Name).Order(StringComparer.Ordinal).ToList()))
            .ToList();
    }
}
