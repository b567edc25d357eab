using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Notifications;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Reports;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Governance.Tests.Insights;

/// <summary>Notifications, the change trail and reports over the in-memory GDAP service, on its fake clock.</summary>
public class InsightsOnTheSimulatorTests
{
    private static NotificationRunner Runner(Gdap gdap, RecordingNotificationSender sender)
    {
        var recipients = new NotificationRecipients();
        recipients.Partner.Add("agents@fabrikam.example");
        recipients.Customer[Gdap.Contoso.TenantId] = ["it@contoso.example"];
        var dispatcher = new NotificationDispatcher(new NotificationPlanner(), new InMemoryNotificationLedger(), [sender], recipients, new NotificationComposer(), gdap.Time);
        return new NotificationRunner(gdap.Client, dispatcher);
    }

    [Fact]
    public async Task Runner_DailyOverAWholeRelationshipLife_SendsEachNoticeOnce_WithARenewalPlan()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync(Gdap.Request("Contoso helpdesk", days: 60, customer: Gdap.Contoso,
            roles: [WellKnownRoles.GlobalAdministrator, WellKnownRoles.HelpdeskAdministrator]));
        await gdap.AssignActiveAsync(relationship, Gdap.HelpdeskGroup, WellKnownRoles.HelpdeskAdministrator);
        var sender = new RecordingNotificationSender();
        var runner = Runner(gdap, sender);

        for (var day = 0; day < 70; day++)
        {
            await runner.RunOnceAsync();
            await runner.RunOnceAsync();
            gdap.Advance(Duration.FromDays(1));
        }

        var partner = sender.Notices().Where(m => m.Notice.Audience == NotificationAudience.Partner).ToList();
        partner.Select(m => (m.Notice.Kind, m.Notice.Threshold?.Days)).Should().Equal(
            (NotificationKind.ExpiringSoon, 30), (NotificationKind.ExpiringSoon, 7), (NotificationKind.ExpiringSoon, 1), (NotificationKind.Expired, null));
        sender.Notices().Count(m => m.Notice.Audience == NotificationAudience.Customer).Should().Be(4);
        partner[0].Notice.AutoExtendBlockedReason.Should().NotBeNull();
        partner[0].TextBody.Should().MatchRegex("\"Contoso helpdesk \\[[0-9A-Z]{6}-2\\]\"").And.Contain($"group {Gdap.HelpdeskGroup}: Helpdesk Administrator");
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.Expired);
    }

    [Fact]
    public async Task Runner_AutoExtendingRelationship_GetsOnlyAnAutoExtendedNotice()
    {
        var gdap = new Gdap();
        await gdap.CreateActiveAsync(Gdap.Request("Contoso auto", days: 40, autoExtend: true, customer: Gdap.Contoso));
        var sender = new RecordingNotificationSender();
        var runner = Runner(gdap, sender);

        for (var day = 0; day < 50; day++)
        {
            await runner.RunOnceAsync();
            gdap.Advance(Duration.FromDays(1));
        }

        sender.Notices().Should().HaveCount(2).And.OnlyContain(m => m.Notice.Kind == NotificationKind.AutoExtended);
    }

    [Fact]
    public async Task ChangeTrail_SdkServiceAndSnapshots_GiveOneRecordPerEvent()
    {
        var gdap = new Gdap();
        var created = await gdap.Client.CreateRelationshipAsync(Gdap.Request("Trail", days: 90, customer: Gdap.Contoso));
        var before = await RelationshipSnapshot.CaptureAsync(gdap.Client, includeAssignments: true);
        await gdap.Client.LockForApprovalAsync(created.Id);
        gdap.Advance(Duration.FromHours(2));
        gdap.Simulator.Approve(created.Id);
        gdap.Advance(Duration.FromHours(2));
        var active = await gdap.Client.GetRelationshipAsync(created.Id);
        await gdap.AssignActiveAsync(active, Gdap.HelpdeskGroup, WellKnownRoles.HelpdeskAdministrator);
        gdap.Advance(Duration.FromDays(10));
        await gdap.Client.TerminateRelationshipAsync(created.Id);
        gdap.Advance(Duration.FromHours(1));
        var after = await RelationshipSnapshot.CaptureAsync(gdap.Client, includeAssignments: true);
        var snapshotRecords = SnapshotDiffer.Diff(before, after, gdap.Simulator.Options.PartnerTenantId);

        var trail = await ChangeTrail.BuildAsync(gdap.Client, new AuditQuery { RelationshipId = created.Id }, snapshotRecords);

        snapshotRecords.Select(r => r.Kind).Should().Contain([AuditRecordKind.LockedForApproval, AuditRecordKind.Approved, AuditRecordKind.Activated, AuditRecordKind.Terminated]);
        trail.GroupBy(r => (r.Kind, r.AccessAssignmentId, r.Details.GetValueOrDefault("statusAfter")))
            .Should().OnlyContain(g => g.Count() == 1, "each event appears once");
        trail.Select(r => r.Kind).Should().ContainInOrder(
            AuditRecordKind.RelationshipCreated, AuditRecordKind.LockedForApproval, AuditRecordKind.Approved, AuditRecordKind.Activated,
            AuditRecordKind.AssignmentCreated, AuditRecordKind.TerminationRequested, AuditRecordKind.Terminated);
        trail.Should().OnlyContain(r => r.Source == AuditSource.Sdk || r.Source == AuditSource.Snapshot || r.Source == AuditSource.Service);
        trail.Should().BeInAscendingOrder(r => r.OccurredAt);
    }

    [Fact]
    public async Task AccessReport_OverTheSimulator_ShowsGroupsAndFindings()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync(Gdap.Request("Report", days: 20, customer: Gdap.Contoso,
            roles: [WellKnownRoles.ExchangeAdministrator, WellKnownRoles.UserAdministrator]));
        await gdap.AssignActiveAsync(relationship, Gdap.ExchangeGroup, WellKnownRoles.ExchangeAdministrator);

        var report = await AccessReport.CaptureAsync(gdap.Client);
        var assignments = new Dictionary<string, IReadOnlyList<AccessAssignment>>
        {
            [relationship.Id] = await gdap.Client.ListAccessAssignmentsAsync(relationship.Id).ToListAsync(),
        };
        var findings = LeastPrivilegeAnalyzer.Analyze([relationship], assignments, null, gdap.Now);

        report.Rows.Should().HaveCount(2).And.OnlyContain(r => r.ExpiringSoon && r.DaysLeft == 20);
        report.Rows.Single(r => r.Role == WellKnownRoles.ExchangeAdministrator).SecurityGroups.Should().Equal(Gdap.ExchangeGroup);
        findings.Should().Contain(f => f.Code == FindingCodes.UnassignedRole && f.Role == WellKnownRoles.UserAdministrator);
        AccessReportExport.RenderHtml(report, findings).Should().Contain("<svg").And.Contain("Report");
    }
}
