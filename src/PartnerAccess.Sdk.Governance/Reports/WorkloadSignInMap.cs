using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;

namespace PartnerAccess.Sdk.Reports;

/// <summary>Which sign-ins count as use of a workload: app ids, and app or resource names containing one of a few words.</summary>
/// <param name="AppIds">Client app or resource ids (compared case-insensitively).</param>
/// <param name="NameFragments">Parts of <c>appDisplayName</c> or <c>resourceDisplayName</c> (compared case-insensitively).</param>
public sealed record WorkloadSignals(IReadOnlyList<string> AppIds, IReadOnlyList<string> NameFragments);

/// <summary>
/// Maps a few workloads to the sign-ins that show their use, so <see cref="LeastPrivilegeAnalyzer"/> can tell whether
/// a role was used. Deliberately small: only workloads whose admin tools show up clearly in Entra sign-in logs.
/// Workloads not in the map are never reported as unused.
/// </summary>
/// <remarks>
/// The default map (docs/reports.md): Exchange Online (app 00000002-0000-0ff1-ce00-000000000000, "Exchange"),
/// SharePoint Online (00000003-0000-0ff1-ce00-000000000000, "SharePoint", "OneDrive"), Microsoft Teams
/// (1fec8e78-bce4-4aaf-ab1b-5451cc387264, the Skype for Business Online resource 00000004-0000-0ff1-ce00-000000000000,
/// "Teams", "Skype"), Intune (0000000a-0000-0000-c000-000000000000, "Intune", "Endpoint Manager"), and the directory
/// through the Azure portal (c44b4083-3bb0-49c1-b47d-974e53cbdf3c, "Azure Portal", "Microsoft Entra", "Azure Active Directory").
/// </remarks>
public sealed class WorkloadSignInMap
{
    /// <summary>Creates a map.</summary>
    /// <param name="signals">The signals per workload.</param>
    public WorkloadSignInMap(IReadOnlyDictionary<Workload, WorkloadSignals> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        Signals = signals;
    }

    /// <summary>The shipped map.</summary>
    public static WorkloadSignInMap Default { get; } = new(new Dictionary<Workload, WorkloadSignals>
    {
        [Workload.Exchange] = new(["00000002-0000-0ff1-ce00-000000000000"], ["Exchange"]),
        [Workload.SharePoint] = new(["00000003-0000-0ff1-ce00-000000000000"], ["SharePoint", "OneDrive"]),
        [Workload.Teams] = new(["1fec8e78-bce4-4aaf-ab1b-5451cc387264", "00000004-0000-0ff1-ce00-000000000000"], ["Teams", "Skype"]),
        [Workload.Intune] = new(["0000000a-0000-0000-c000-000000000000"], ["Intune", "Endpoint Manager"]),
        [Workload.Directory] = new(["c44b4083-3bb0-49c1-b47d-974e53cbdf3c"], ["Azure Portal", "Microsoft Entra", "Azure Active Directory"]),
    });

    /// <summary>The signals per workload.</summary>
    public IReadOnlyDictionary<Workload, WorkloadSignals> Signals { get; }

    /// <summary>Whether the map can judge a workload.</summary>
    /// <param name="workload">The workload.</param>
    /// <returns><see langword="true"/> when it has signals for it.</returns>
    public bool Covers(Workload workload) => Signals.ContainsKey(workload);

    /// <summary>Whether a sign-in shows use of a workload.</summary>
    /// <param name="workload">The workload.</param>
    /// <param name="signIn">The sign-in.</param>
    /// <returns><see langword="true"/> when its app id or an app or resource name matches.</returns>
    public bool Matches(Workload workload, SignInDetails signIn)
    {
        ArgumentNullException.ThrowIfNull(signIn);
        if (!Signals.TryGetValue(workload, out var signals))
        {
            return false;
        }

        return (signIn.AppId is { } appId && signals.AppIds.Contains(appId, StringComparer.OrdinalIgnoreCase)) ||
               signals.NameFragments.Any(f =>
                   (signIn.AppDisplayName?.Contains(f, StringComparison.OrdinalIgnoreCase) ?? false) ||
                   (signIn.ResourceDisplayName?.Contains(f, StringComparison.OrdinalIgnoreCase) ?? false));
    }
}
