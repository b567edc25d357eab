using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Reports;
using static PartnerAccess.Sdk.TestSupport.Fixtures;

namespace PartnerAccess.Sdk.Governance.Tests.Reports;

public class AccessReportTests
{
    private static readonly Instant Now = T0 + Duration.FromDays(350);

    private static (List<Relationship> Relationships, Dictionary<string, IReadOnlyList<AccessAssignment>> Assignments) Estate()
    {
        var contoso = Active(1, T0, 365, roles: [WellKnownRoles.ExchangeAdministrator, WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.UserAdministrator]);
        var fabrikam = Active(2, T0, 730, roles: [WellKnownRoles.HelpdeskAdministrator], autoExtend: true, customer: Fabrikam, name: "Fabrikam helpdesk");
        var pending = Pending(3, T0, Contoso);
        var assignments = new Dictionary<string, IReadOnlyList<AccessAssignment>>
        {
            [contoso.Id] =
            [
                Assignment(contoso, HelpdeskGroupId, AccessAssignmentStatus.Active, WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.UserAdministrator),
                Assignment(contoso, ExchangeGroupId, AccessAssignmentStatus.Deleted, WellKnownRoles.ExchangeAdministrator),
            ],
            [fabrikam.Id] = [Assignment(fabrikam, HelpdeskGroupId, AccessAssignmentStatus.Active, WellKnownRoles.HelpdeskAdministrator)],
        };
        return ([contoso, fabrikam, pending], assignments);
    }

    private static AccessReport Report()
    {
        var (relationships, assignments) = Estate();
        return AccessReport.Create(relationships, assignments, Now, new AccessReportOptions
        {
            SecurityGroupNames = new Dictionary<string, string> { [HelpdeskGroupId] = "Helpdesk agents" },
        });
    }

    [Fact]
    public void Create_PerCustomer_ListsRolesByWorkloadWithGroupsAndDaysLeft()
    {
        var report = Report();

        report.Customers.Select(c => c.DisplayName).Should().Equal("Contoso Ltd", "Fabrikam Inc");
        var contoso = report.Customers[0];
        contoso.Rows.Select(r => (r.Workload, r.Role.Name)).Should().Equal(
            ("Microsoft Entra ID", "Helpdesk Administrator"),
            ("Microsoft Entra ID", "User Administrator"),
            ("Exchange Online", "Exchange Administrator"));
        contoso.Rows[0].SecurityGroups.Should().Equal("Helpdesk agents");
        contoso.Rows[2].SecurityGroups.Should().BeEmpty("the Exchange group's assignment was deleted");
        contoso.Rows.Should().OnlyContain(r => r.DaysLeft == 15 && r.ExpiringSoon && !r.AutoExtends);
        contoso.NextExpiry.Should().Be(T0 + Duration.FromDays(365));
        report.Customers[1].Rows.Single().Should().Match<AccessReportRow>(r => r.AutoExtends && !r.ExpiringSoon && r.DaysLeft == 380);
        report.Rows.Should().NotContain(r => r.Relationship.Status == RelationshipStatus.ApprovalPending, "only active access by default");
    }

    [Fact]
    public void Create_PerRole_ListsTheCustomersThatGrantIt()
    {
        var report = Report();

        report.Roles.Select(r => r.Role.Name).Should().Equal("Exchange Administrator", "Helpdesk Administrator", "User Administrator");
        report.Roles.Single(r => r.Role == WellKnownRoles.HelpdeskAdministrator).Rows.Select(r => r.CustomerName).Should().Equal("Contoso Ltd", "Fabrikam Inc");
    }

    [Fact]
    public async Task CaptureAsync_ReadsThroughTheClient_AtItsClock()
    {
        var (relationships, assignments) = Estate();
        var client = new FixedPartnerAccessClient(new FakeTimeProvider(Now.ToDateTimeOffset()));
        client.Relationships.AddRange(relationships);
        foreach (var (id, list) in assignments)
        {
            client.Assignments[id] = [.. list];
        }

        var report = await AccessReport.CaptureAsync(client);

        report.GeneratedAt.Should().Be(Now);
        report.Rows.Should().HaveCount(4);
        report.Rows.Single(r => r.Role == WellKnownRoles.UserAdministrator).SecurityGroups.Should().Equal(HelpdeskGroupId);
    }

    [Fact]
    public async Task WriteCsvAsync_OneRowPerRole_WithHeaderAndGuardedCells()
    {
        var (relationships, assignments) = Estate();
        relationships[0] = relationships[0] with { Customer = new CustomerParticipant(ContosoTenantId, "=cmd|' /C calc'!A0, Ltd") };
        var report = AccessReport.Create(relationships, assignments, Now);
        var writer = new StringWriter();

        await AccessReportExport.WriteCsvAsync(report, writer);

        var lines = writer.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(1 + 4);
        lines[0].Should().StartWith("customerTenantId,customerName,workload,role,roleId,privileged,securityGroups");
        writer.ToString().Should().Contain("\"'=cmd|' /C calc'!A0, Ltd\"");
        lines.Should().Contain(l => l.Contains("Fabrikam helpdesk", StringComparison.Ordinal) && l.EndsWith(",380,true,false", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteJsonAsync_IsValidJson_WithCustomersAndRoles()
    {
        var stream = new MemoryStream();

        await AccessReportExport.WriteJsonAsync(Report(), stream);

        using var document = JsonDocument.Parse(stream.ToArray());
        var root = document.RootElement;
        root.GetProperty("customers").GetArrayLength().Should().Be(2);
        var contoso = root.GetProperty("customers")[0];
        contoso.GetProperty("displayName").GetString().Should().Be("Contoso Ltd");
        var relationship = contoso.GetProperty("relationships")[0];
        relationship.GetProperty("daysLeft").GetInt32().Should().Be(15);
        relationship.GetProperty("expiringSoon").GetBoolean().Should().BeTrue();
        relationship.GetProperty("roles").GetArrayLength().Should().Be(3);
        root.GetProperty("roles").EnumerateArray().Select(r => r.GetProperty("role").GetString()).Should().Contain("Helpdesk Administrator");
    }

    [Fact]
    public void RenderHtml_IsSelfContained_WithATimeline_AndEscapesEverything()
    {
        var (relationships, assignments) = Estate();
        relationships[0] = relationships[0] with { Customer = new CustomerParticipant(ContosoTenantId, "<script>alert('x')</script>") };
        var report = AccessReport.Create(relationships, assignments, Now);

        var html = AccessReportExport.RenderHtml(report, LeastPrivilegeAnalyzer.Analyze(relationships, assignments, null, Now));

        html.Should().StartWith("<!DOCTYPE html>");
        html.Should().Contain("<svg").And.Contain("<rect").And.Contain("</svg>");
        html.Should().NotContain("<script").And.Contain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        html.Should().NotContain("src=").And.NotContain("href=").And.NotContain("@import", "no external assets");
        html.Should().Contain("fill=\"#d13438\"", "access ending within 30 days is red").And.Contain("fill=\"#107c10\"", "auto-extending access is green");
        html.Should().Contain("<tr class=\"soon\">").And.Contain("Least-privilege findings");

        // Well-formed enough: the page without its doctype parses as XML.
        var act = () => XDocument.Parse(html["<!DOCTYPE html>\n".Length..].Replace("&nbsp;", " ", StringComparison.Ordinal));
        act.Should().NotThrow();
    }

    [Fact]
    public async Task WriteHtmlAsync_WritesTheSamePage()
    {
        var writer = new StringWriter();

        await AccessReportExport.WriteHtmlAsync(Report(), writer);

        writer.ToString().Should().Be(AccessReportExport.RenderHtml(Report()));
    }

    [Fact]
    public void RenderHtml_NoActiveAccess_SaysSo()
    {
        var report = AccessReport.Create([], null, Now);

        AccessReportExport.RenderHtml(report).Should().Contain("No active access windows.").And.NotContain("<svg");
    }
}
