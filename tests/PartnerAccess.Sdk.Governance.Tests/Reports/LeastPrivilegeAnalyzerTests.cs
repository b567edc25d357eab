using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Reports;
using static PartnerAccess.Sdk.TestSupport.Fixtures;

namespace PartnerAccess.Sdk.Governance.Tests.Reports;

public class LeastPrivilegeAnalyzerTests
{
    private static readonly Instant Now = T0 + Duration.FromDays(120);

    private static AuditRecord SignIn(Instant at, string app, string? appId = null, int errorCode = 0, string tenant = ContosoTenantId) => new()
    {
        Id = "signin:" + Guid.NewGuid(),
        OccurredAt = at,
        Kind = AuditRecordKind.PartnerSignIn,
        Source = AuditSource.SignInLog,
        CustomerTenantId = tenant,
        SignIn = new SignInDetails { AppDisplayName = app, AppId = appId, ErrorCode = errorCode },
    };

    private static IReadOnlyList<AccessFinding> Analyze(Relationship relationship, IReadOnlyList<AccessAssignment>? assignments = null, IEnumerable<AuditRecord>? signIns = null) =>
        LeastPrivilegeAnalyzer.Analyze(
            [relationship],
            assignments is null ? null : new Dictionary<string, IReadOnlyList<AccessAssignment>> { [relationship.Id] = assignments },
            signIns,
            Now);

    [Fact]
    public void Analyze_GlobalAdministrator_IsHigh()
    {
        var finding = Analyze(Active(1, T0, 90, roles: [WellKnownRoles.GlobalAdministrator])).First();

        finding.Code.Should().Be(FindingCodes.GlobalAdministrator);
        finding.Severity.Should().Be(FindingSeverity.High);
        finding.Reason.Should().Contain("cannot auto-extend");
    }

    [Fact]
    public void Analyze_PrivilegedRole_IsMedium_AndNonPrivilegedRolesAreNotReported()
    {
        var findings = Analyze(Active(1, T0, 90, roles: [WellKnownRoles.PrivilegedRoleAdministrator, WellKnownRoles.ExchangeAdministrator]));

        findings.Should().ContainSingle().Which.Should().Match<AccessFinding>(f =>
            f.Code == FindingCodes.PrivilegedRole && f.Severity == FindingSeverity.Medium && f.Role == WellKnownRoles.PrivilegedRoleAdministrator);
    }

    [Fact]
    public void Analyze_RoleNoAssignmentUses_IsReported()
    {
        var relationship = Active(1, T0, 90, roles: [WellKnownRoles.ExchangeAdministrator, WellKnownRoles.LicenseAdministrator]);
        var assignments = new[] { Assignment(relationship, ExchangeGroupId, AccessAssignmentStatus.Active, WellKnownRoles.ExchangeAdministrator) };

        var findings = Analyze(relationship, assignments);

        findings.Should().ContainSingle().Which.Should().Match<AccessFinding>(f =>
            f.Code == FindingCodes.UnassignedRole && f.Role == WellKnownRoles.LicenseAdministrator && f.Severity == FindingSeverity.Low);
    }

    [Fact]
    public void Analyze_NoSignInToTheWorkload_FlagsTheRoleAsUnused()
    {
        var relationship = Active(1, T0, 180, roles: [WellKnownRoles.ExchangeAdministrator, WellKnownRoles.TeamsAdministrator, WellKnownRoles.LicenseAdministrator]);
        var signIns = new[]
        {
            SignIn(Now - Duration.FromDays(3), "Microsoft Teams admin center"),
            SignIn(Now - Duration.FromDays(4), "Office 365 Exchange Online", errorCode: 50076),
            SignIn(Now - Duration.FromDays(200), "Office 365 Exchange Online"),
            SignIn(Now - Duration.FromDays(1), "Office 365 Exchange Online", tenant: FabrikamTenantId),
        };

        var findings = Analyze(relationship, signIns: signIns);

        findings.Should().OnlyContain(f => f.Code == FindingCodes.NoSignInActivity);
        findings.Select(f => f.Role).Should().BeEquivalentTo([WellKnownRoles.ExchangeAdministrator, WellKnownRoles.LicenseAdministrator],
            "Teams was used; a failed Exchange sign-in, an old one and one into another customer do not count; the directory shows no Azure portal use");
        findings.Single(f => f.Role == WellKnownRoles.ExchangeAdministrator).Reason.Should().Contain("Exchange Online").And.Contain("90 days");
    }

    [Fact]
    public void Analyze_SignInByAppId_CountsAsUse()
    {
        var relationship = Active(1, T0, 180, roles: [WellKnownRoles.ExchangeAdministrator]);

        Analyze(relationship, signIns: [SignIn(Now - Duration.FromDays(10), "something", "00000002-0000-0ff1-ce00-000000000000")]).Should().BeEmpty();
    }

    [Fact]
    public void Analyze_WithoutSignInData_DoesNotJudgeUsage_AndTooNewRelationshipsAreNotJudged()
    {
        Analyze(Active(1, T0, 180, roles: [WellKnownRoles.ExchangeAdministrator]), signIns: null).Should().BeEmpty();
        Analyze(Active(2, Now - Duration.FromDays(3), 180, roles: [WellKnownRoles.ExchangeAdministrator]), signIns: []).Should().BeEmpty();
    }

    [Fact]
    public void Analyze_PrivilegedRolesHeldLong_IsReported()
    {
        var longOne = Active(1, T0, 730, roles: [WellKnownRoles.UserAdministrator]);
        var shortOne = Active(2, T0, 180, roles: [WellKnownRoles.UserAdministrator]);
        var forever = Active(3, T0, 90, roles: [WellKnownRoles.UserAdministrator], autoExtend: true);

        var findings = LeastPrivilegeAnalyzer.Analyze([longOne, shortOne, forever], null, null, Now)
            .Where(f => f.Code == FindingCodes.LongPrivilegedRelationship).ToList();

        findings.Should().HaveCount(2);
        findings.Single(f => f.Relationship.Id == longOne.Id).Severity.Should().Be(FindingSeverity.Medium);
        findings.Single(f => f.Relationship.Id == forever.Id).Severity.Should().Be(FindingSeverity.Low);
    }

    [Fact]
    public void Analyze_OrdersBySeverity_AndSkipsEndedRelationships()
    {
        var ended = Active(1, T0, 90, roles: [WellKnownRoles.GlobalAdministrator]) with { Status = RelationshipStatus.Expired };
        var active = Active(2, T0, 90, roles: [WellKnownRoles.UserAdministrator, WellKnownRoles.GlobalAdministrator]);

        var findings = LeastPrivilegeAnalyzer.Analyze([ended, active], null, null, Now);

        findings.Should().OnlyContain(f => f.Relationship.Id == active.Id);
        findings.Select(f => f.Severity).Should().BeInDescendingOrder();
        findings.First().Code.Should().Be(FindingCodes.GlobalAdministrator);
    }

    [Fact]
    public void WorkloadSignInMap_MatchesByNameOrId_CaseInsensitively()
    {
        var map = WorkloadSignInMap.Default;

        map.Matches(Workload.SharePoint, new SignInDetails { ResourceDisplayName = "Office 365 SHAREPOINT Online" }).Should().BeTrue();
        map.Matches(Workload.Intune, new SignInDetails { AppId = "0000000A-0000-0000-C000-000000000000" }).Should().BeTrue();
        map.Matches(Workload.Exchange, new SignInDetails { AppDisplayName = "Azure Portal" }).Should().BeFalse();
        map.Covers(Workload.Dynamics365).Should().BeFalse();
    }
}
