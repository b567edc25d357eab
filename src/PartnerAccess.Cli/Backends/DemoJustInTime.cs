using NodaTime;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Cli.Backends;

/// <summary>
/// The demo partner's just-in-time access: every demo group is managed by PIM for Groups, and four months of history
/// are replayed on a simulated clock that ends at <see cref="DemoPartner.Now"/>, so every run is identical.
/// </summary>
/// <remarks>
/// It covers what a partner meets: an elevation in force, elevations that expired and one revoked early, eligible
/// users who never elevate, and standing members of privileged groups (Global Administrator, Security Administrator).
/// </remarks>
internal static class DemoJustInTime
{
    public const string AlexWilber = "7a1c0e52-3b4d-4e6f-8a9b-0c1d2e3f4a51";
    public const string MeganBowen = "7a1c0e52-3b4d-4e6f-8a9b-0c1d2e3f4a52";
    public const string LeeGu = "7a1c0e52-3b4d-4e6f-8a9b-0c1d2e3f4a53";
    public const string GradyArchie = "7a1c0e52-3b4d-4e6f-8a9b-0c1d2e3f4a54";
    public const string IsaiahLanger = "7a1c0e52-3b4d-4e6f-8a9b-0c1d2e3f4a55";
    public const string PradeepGupta = "7a1c0e52-3b4d-4e6f-8a9b-0c1d2e3f4a56";
    public const string JohannaLorenz = "7a1c0e52-3b4d-4e6f-8a9b-0c1d2e3f4a57";

    public static IReadOnlyDictionary<string, string> UserNames { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [AlexWilber] = "Alex Wilber",
        [MeganBowen] = "Megan Bowen",
        [LeeGu] = "Lee Gu",
        [GradyArchie] = "Grady Archie",
        [IsaiahLanger] = "Isaiah Langer",
        [PradeepGupta] = "Pradeep Gupta",
        [JohannaLorenz] = "Johanna Lorenz",
    };

    public static InMemoryJustInTimeAccess Create()
    {
        var clock = new DemoClock(DemoPartner.Now - Duration.FromDays(120));
        var access = new InMemoryJustInTimeAccess(new PimForGroupsSimulator(clock));
        var pim = access.Simulator;
        foreach (var group in DemoPartner.Groups)
        {
            pim.AddGroup(group.Id, group.Name);
        }

        // Standing access from before the partner moved to just-in-time.
        pim.AddStandingMember(DemoPartner.EscalationEngineers.Id, JohannaLorenz);
        pim.AddStandingMember(DemoPartner.SecurityOperations.Id, IsaiahLanger);
        pim.AddStandingMember(DemoPartner.AccountManagers.Id, PradeepGupta);

        Eligible(access, clock, DemoPartner.HelpdeskAgents.Id, AlexWilber);
        Eligible(access, clock, DemoPartner.HelpdeskAgents.Id, MeganBowen);
        Eligible(access, clock, DemoPartner.ExchangeEngineers.Id, LeeGu);
        Eligible(access, clock, DemoPartner.WorkplaceEngineers.Id, GradyArchie);

        Elevate(access, clock, Duration.FromDays(67), DemoPartner.ExchangeEngineers.Id, LeeGu, Duration.FromHours(4), "Mailbox migration for Contoso", "CHG-2210");
        Elevate(access, clock, Duration.FromDays(14), DemoPartner.WorkplaceEngineers.Id, GradyArchie, Duration.FromHours(8), "Intune enrolment issue at Fabrikam", "INC-4471");
        clock.MoveTo(clock.Now + Duration.FromHours(1));
        access.RevokeAsync(DemoPartner.WorkplaceEngineers.Id, GradyArchie, "Fixed within the hour").GetAwaiter().GetResult();
        Elevate(access, clock, Duration.FromDays(20), DemoPartner.ExchangeEngineers.Id, LeeGu, Duration.FromHours(2), "Transport rule fix for Litware", "INC-4502");
        Elevate(access, clock, Duration.FromDays(19) - Duration.FromHours(7), DemoPartner.HelpdeskAgents.Id, AlexWilber, Duration.FromHours(8), "Password resets for Woodgrove Bank", "INC-4630");

        clock.MoveTo(DemoPartner.Now);
        return access;
    }

    private static void Eligible(InMemoryJustInTimeAccess access, DemoClock clock, string groupId, string principalId) =>
        access.MakeEligibleAsync(new EligibilityRequest
        {
            GroupId = groupId,
            PrincipalId = principalId,
            EndsAt = clock.Now + Duration.FromDays(180),
            Justification = "On the rota",
        }).GetAwaiter().GetResult();

    private static void Elevate(InMemoryJustInTimeAccess access, DemoClock clock, Duration after, string groupId, string principalId, Duration length, string reason, string ticket)
    {
        clock.MoveTo(clock.Now + after);
        access.ElevateAsync(new ElevationRequest
        {
            GroupId = groupId,
            PrincipalId = principalId,
            Duration = length,
            Justification = reason,
            TicketNumber = ticket,
            TicketSystem = "ServiceNow",
        }).GetAwaiter().GetResult();
    }
}
