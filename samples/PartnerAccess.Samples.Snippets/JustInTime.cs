using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Reports;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Samples.Snippets;

/// <summary>docs/just-in-time.md: eligible, elevate, expire; convert standing members; findings.</summary>
public static class JustInTimeSnippets
{
    /// <summary>The worked example on the in-memory implementation and a fake clock; returns whether the elevation ended by itself.</summary>
    public static async Task<bool> WorkedExample()
    {
        #region Snippet:JustInTimeWorkedExample
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var jit = new InMemoryJustInTimeAccess(time, new JustInTimePolicy { MaximumElevation = Duration.FromHours(8), RequireTicket = true });

        const string exchangeAdmins = "1d2b6f4e-3c5a-4e79-8b8d-2f4a6c8e0b12"; // "GDAP - Exchange administrators"
        const string leeGu = "7a1c0e52-3b4d-4e6f-8a9b-0c1d2e3f4a53";
        jit.Simulator.AddGroup(exchangeAdmins, "GDAP - Exchange administrators");
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());

        // 1. Lee may elevate into the group for the next 90 days.
        await jit.MakeEligibleAsync(new EligibilityRequest { GroupId = exchangeAdmins, PrincipalId = leeGu, EndsAt = now + Duration.FromDays(90) });

        // 2. A ticket comes in: Lee elevates for 4 hours.
        var elevation = await jit.ElevateAsync(new ElevationRequest
        {
            GroupId = exchangeAdmins,
            PrincipalId = leeGu,
            Duration = Duration.FromHours(4),
            Justification = "Mailbox restore for Contoso",
            TicketNumber = "INC-1042",
        });

        // 3. Four hours later the membership has ended by itself; the eligibility remains.
        time.Advance(TimeSpan.FromHours(4));
        var stillActive = await jit.ListActiveAssignmentsAsync(new JustInTimeQuery { GroupId = exchangeAdmins }).AnyAsync();

        // Asking for more than the policy allows changes nothing and names the rule.
        try
        {
            await jit.ElevateAsync(new ElevationRequest { GroupId = exchangeAdmins, PrincipalId = leeGu, Duration = Duration.FromHours(9), Justification = "Migration", TicketNumber = "CHG-7" });
        }
        catch (PartnerAccessException e) when (e.Violations.Any(v => v.Code == PartnerAccess.Sdk.Rules.RuleCodes.JustInTimeDurationAbovePolicy))
        {
            Console.WriteLine(e.Message); // [jit.durationAbovePolicy] An elevation may last at most 8h; 9h is longer.
        }
        #endregion

        return elevation.EndsAt == now + Duration.FromHours(4) && !stillActive;
    }

    /// <summary>Standing members become eligible: eligibility first, then the standing membership goes.</summary>
    public static async Task<StandingAccessConversion> Convert(IJustInTimeAccess jit, string groupId, Instant now)
    {
        #region Snippet:JustInTimeConvert
        var result = await jit.ConvertStandingMembersAsync(groupId, eligibleUntil: now + Duration.FromDays(180), justification: "Zero standing access");
        foreach (var member in result.Members)
        {
            Console.WriteLine($"{member.PrincipalId}: {member.Outcome}, eligible until {member.Eligibility.EndsAt}");
        }
        #endregion

        return result;
    }

    /// <summary>Audit records, findings and the who-can-elevate report.</summary>
    public static async Task<IReadOnlyList<AccessFinding>> Govern(IPartnerAccessClient client, IJustInTimeAccess jit)
    {
        #region Snippet:JustInTimeGovernance
        var snapshot = await JustInTimeSnapshot.CaptureAsync(client, jit);
        var audit = JustInTimeAudit.ToAuditRecords(snapshot);               // elevations, revocations, expiries, per customer
        var findings = JustInTimeAnalyzer.Analyze(snapshot);                 // jit.standingAccess, jit.eligibleNeverElevated
        var whoCanElevate = JustInTimeAccessReport.Create(snapshot);         // per customer: user, group, roles, until
        #endregion

        _ = (audit, whoCanElevate);
        return findings;
    }

    /// <summary>Just-in-time access from dependency injection, next to the GDAP client.</summary>
    public static IJustInTimeAccess FromDependencyInjection(string[] args, Azure.Core.TokenCredential credential)
    {
        #region Snippet:JustInTimeDependencyInjection
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddSingleton(new JustInTimePolicy { MaximumElevation = Duration.FromHours(4) });
        builder.Services.AddPartnerAccess().UseGraph(credential); // also registers IJustInTimeAccess (GraphJustInTimeAccess)

        using var host = builder.Build();
        var jit = host.Services.GetRequiredService<IJustInTimeAccess>();
        #endregion

        return jit;
    }
}
