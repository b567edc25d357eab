using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Reports;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Governance.Tests.JustInTime;

/// <summary>Audit records, findings and the who-can-elevate report, over the in-memory GDAP service and PIM on one clock.</summary>
public sealed class JustInTimeGovernanceTests
{
    private const string Alice = "a11ce000-0000-4000-8000-000000000001";
    private const string Bob = "b0b00000-0000-4000-8000-000000000002";
    private readonly Gdap _gdap = new();
    private readonly InMemoryJustInTimeAccess _jit;

    public JustInTimeGovernanceTests()
    {
        _jit = new InMemoryJustInTimeAccess(_gdap.Time);
        _jit.Simulator.AddGroup(Gdap.HelpdeskGroup, "GDAP - Helpdesk");
    }

    private async Task ReachTwoCustomersAsync()
    {
        var contoso = await _gdap.CreateActiveAsync(Gdap.Request(displayName: "Contoso helpdesk", customer: Gdap.Contoso));
        var fabrikam = await _gdap.CreateActiveAsync(Gdap.Request(displayName: "Fabrikam helpdesk", customer: Gdap.Fabrikam));
        await _gdap.AssignActiveAsync(contoso, Gdap.HelpdeskGroup, WellKnownRoles.HelpdeskAdministrator);
        await _gdap.AssignActiveAsync(fabrikam, Gdap.HelpdeskGroup, WellKnownRoles.HelpdeskAdministrator);
    }

    [Fact]
    public async Task ToAuditRecords_ElevationRevocationAndExpiry_OneRecordPerCustomerWithEveryFact()
    {
        await ReachTwoCustomersAsync();
        await _jit.MakeEligibleAsync(new EligibilityRequest { GroupId = Gdap.HelpdeskGroup, PrincipalId = Alice, EndsAt = _gdap.Now + Duration.FromDays(30) });
        await _jit.ElevateAsync(new ElevationRequest { GroupId = Gdap.HelpdeskGroup, PrincipalId = Alice, Duration = Duration.FromHours(2), Justification = "Password reset", TicketNumber = "INC-9" });
        _gdap.Advance(Duration.FromHours(3));
        await _jit.ElevateAsync(new ElevationRequest { GroupId = Gdap.HelpdeskGroup, PrincipalId = Alice, Duration = Duration.FromHours(2), Justification = "Second call" });
        _gdap.Advance(Duration.FromMinutes(10));
        await _jit.RevokeAsync(Gdap.HelpdeskGroup, Alice, "Done early");

        var snapshot = await JustInTimeSnapshot.CaptureAsync(_gdap.Client, _jit);
        var records = JustInTimeAudit.ToAuditRecords(snapshot);

        records.Count(r => r.Kind == AuditRecordKind.ElevationActivated).Should().Be(4, "two elevations, two customers each");
        records.Count(r => r.Kind == AuditRecordKind.ElevationExpired).Should().Be(2);
        records.Count(r => r.Kind == AuditRecordKind.ElevationRevoked).Should().Be(2);
        var first = records.First(r => r.Kind == AuditRecordKind.ElevationActivated && r.CustomerTenantId == Gdap.Contoso.TenantId);
        first.Details["principalId"].Should().Be(Alice);
        first.Details["groupId"].Should().Be(Gdap.HelpdeskGroup);
        first.Details["roles"].Should().Be(WellKnownRoles.HelpdeskAdministrator.Name);
        first.Details["justification"].Should().Be("Password reset");
        first.Details["ticketNumber"].Should().Be("INC-9");
        (InstantText(first.Details["windowEnd"]) - InstantText(first.Details["windowStart"])).Should().Be(Duration.FromHours(2));
        records.Single(r => r.Kind == AuditRecordKind.ElevationExpired && r.CustomerTenantId == Gdap.Contoso.TenantId).Actor.Kind.Should().Be(AuditActorKind.System);
        JustInTimeAudit.ToAuditRecords(snapshot).Select(r => r.Id).Should().Equal(records.Select(r => r.Id), "ids are stable");
    }

    [Fact]
    public async Task Analyze_StandingMemberOfPrivilegedGroup_IsAHighFindingPerCustomer()
    {
        await ReachTwoCustomersAsync();
        _jit.Simulator.AddStandingMember(Gdap.HelpdeskGroup, Bob);

        var findings = JustInTimeAnalyzer.Analyze(await JustInTimeSnapshot.CaptureAsync(_gdap.Client, _jit));

        findings.Where(f => f.Code == FindingCodes.StandingAccess).Should().HaveCount(2)
            .And.OnlyContain(f => f.Severity == FindingSeverity.High && f.Reason.Contains(Bob));
    }

    [Fact]
    public async Task Analyze_EligibleButNeverElevated_IsReportedOnlyAfterTheWindow()
    {
        await ReachTwoCustomersAsync();
        await _jit.MakeEligibleAsync(new EligibilityRequest { GroupId = Gdap.HelpdeskGroup, PrincipalId = Alice, EndsAt = _gdap.Now + Duration.FromDays(200) });
        await _jit.MakeEligibleAsync(new EligibilityRequest { GroupId = Gdap.HelpdeskGroup, PrincipalId = Bob, EndsAt = _gdap.Now + Duration.FromDays(200) });
        var options = new JustInTimeFindingOptions { NeverElevatedWithin = Duration.FromDays(30) };

        JustInTimeAnalyzer.Analyze(await JustInTimeSnapshot.CaptureAsync(_gdap.Client, _jit), options).Should().BeEmpty();

        _gdap.Advance(Duration.FromDays(20));
        await _jit.ElevateAsync(new ElevationRequest { GroupId = Gdap.HelpdeskGroup, PrincipalId = Bob, Duration = Duration.FromHours(1), Justification = "Ticket" });
        _gdap.Advance(Duration.FromDays(11));

        var findings = JustInTimeAnalyzer.Analyze(await JustInTimeSnapshot.CaptureAsync(_gdap.Client, _jit), options);

        findings.Should().HaveCount(2).And.OnlyContain(f => f.Code == FindingCodes.EligibleNeverElevated && f.Reason.Contains(Alice));
    }

    [Fact]
    public async Task JustInTimeAccessReport_ShowsPerCustomerWhoCanElevateIntoWhat()
    {
        await ReachTwoCustomersAsync();
        await _jit.MakeEligibleAsync(new EligibilityRequest { GroupId = Gdap.HelpdeskGroup, PrincipalId = Alice, EndsAt = _gdap.Now + Duration.FromDays(30) });
        _jit.Simulator.AddStandingMember(Gdap.HelpdeskGroup, Bob);

        var report = JustInTimeAccessReport.Create(await JustInTimeSnapshot.CaptureAsync(_gdap.Client, _jit), new Dictionary<string, string> { [Gdap.HelpdeskGroup] = "GDAP - Helpdesk" });

        report.Rows.Should().HaveCount(4);
        report.Rows.Where(r => r.CustomerTenantId == Gdap.Contoso.TenantId).Select(r => (r.PrincipalId, r.Standing))
            .Should().BeEquivalentTo([(Alice, JustInTimeStanding.Eligible), (Bob, JustInTimeStanding.Standing)]);
        report.Rows.Should().OnlyContain(r => r.GroupName == "GDAP - Helpdesk" && r.Roles.Single().RoleDefinitionId == WellKnownRoles.HelpdeskAdministrator.RoleDefinitionId);
    }

    private static Instant InstantText(string text) => NodaTime.Text.InstantPattern.ExtendedIso.Parse(text).Value;
}
