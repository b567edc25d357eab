using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Notifications;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Renewal;
using static PartnerAccess.Sdk.TestSupport.Fixtures;

namespace PartnerAccess.Sdk.Governance.Tests.Notifications;

/// <summary>
/// Golden tests: each composed message is compared byte for byte with a file under Notifications/Golden. After an
/// intended change, run the tests with UPDATE_GOLDEN=1 to rewrite the files, and review the diff.
/// </summary>
public class NotificationComposerTests
{
    private static readonly NotificationComposer Composer = new(new NotificationMessageOptions
    {
        PartnerDisplayName = "Fabrikam IT",
        PartnerContact = "support@fabrikam.example",
    });

    private static Relationship ExpiringWithGa() => Active(
        7,
        T0,
        365,
        roles: [WellKnownRoles.GlobalAdministrator, WellKnownRoles.ExchangeAdministrator, WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.UserAdministrator]);

    private static Notice Plan(Relationship relationship, Instant now, NotificationAudience audience) =>
        new NotificationPlanner().Plan([relationship], now).Single(n => n.Audience == audience);

    [Fact]
    public void Compose_ExpiringWithGlobalAdministratorForPartner_MatchesGolden()
    {
        var relationship = ExpiringWithGa();
        var notice = Plan(relationship, relationship.EndsAt!.Value - Duration.FromDays(6.5), NotificationAudience.Partner);
        var renewal = RenewalPlanner.Plan(relationship,
            [
                Assignment(relationship, HelpdeskGroupId, AccessAssignmentStatus.Active, WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.UserAdministrator),
                Assignment(relationship, ExchangeGroupId, AccessAssignmentStatus.Active, WellKnownRoles.ExchangeAdministrator),
            ],
            [relationship]);

        var message = Composer.Compose(notice, ["admin-agents@fabrikam.example"], renewal);

        message.Subject.Should().Be("GDAP access to Contoso Ltd ends in 7 days (2026-01-01)");
        Golden.Match("expiring-ga-partner.txt", message.TextBody);
        Golden.Match("expiring-ga-partner.html", message.HtmlBody);
        message.TextBody.Should().Contain("Roles by workload:\n  Microsoft Entra ID: Global Administrator, Helpdesk Administrator, User Administrator\n  Exchange Online: Exchange Administrator\n");
        message.TextBody.Should().Contain("Days left: 7");
        message.TextBody.Should().Contain("Why it cannot auto-extend:");
    }

    [Fact]
    public void Compose_ExpiringForCustomer_MatchesGolden()
    {
        var relationship = ExpiringWithGa();
        var notice = Plan(relationship, relationship.EndsAt!.Value - Duration.FromDays(29), NotificationAudience.Customer);

        var message = Composer.Compose(notice, ["it@contoso.example"]);

        message.Subject.Should().Be("Fabrikam IT's admin access to your tenant ends in 29 days (2026-01-01)");
        Golden.Match("expiring-customer.txt", message.TextBody);
        Golden.Match("expiring-customer.html", message.HtmlBody);
        message.TextBody.Should().NotContain("R2", "renewal steps are for the partner");
    }

    [Fact]
    public void Compose_ApprovalPendingForCustomer_MatchesGolden()
    {
        var pending = Pending(3, T0, Contoso);
        var notice = Plan(pending, T0 + Duration.FromDays(80), NotificationAudience.Customer);

        var message = Composer.Compose(notice, ["it@contoso.example"]);

        Golden.Match("approval-pending-customer.txt", message.TextBody);
        message.TextBody.Should().Contain(pending.ApprovalLink.ToString());
    }

    [Theory]
    [InlineData(NotificationKind.Expired)]
    [InlineData(NotificationKind.AutoExtended)]
    [InlineData(NotificationKind.Terminated)]
    public void Compose_EveryKindAndAudience_SaysWhatToDo(NotificationKind kind)
    {
        var relationship = kind switch
        {
            NotificationKind.Expired => Active(1, T0, 90) with { Status = RelationshipStatus.Expired },
            NotificationKind.AutoExtended => Active(1, T0, 90, autoExtend: true, endsAt: T0 + Duration.FromDays(270)),
            _ => Active(1, T0, 90) with { Status = RelationshipStatus.Terminated, LastModifiedAt = T0 + Duration.FromDays(10) },
        };
        var now = kind switch
        {
            NotificationKind.Expired => T0 + Duration.FromDays(91),
            NotificationKind.AutoExtended => T0 + Duration.FromDays(92),
            _ => T0 + Duration.FromDays(11),
        };

        foreach (var notice in new NotificationPlanner().Plan([relationship], now))
        {
            notice.Kind.Should().Be(kind);
            var message = Composer.Compose(notice, ["x@example.com"]);
            message.TextBody.Should().Contain("What to do:");
            message.HtmlBody.Should().StartWith("<!DOCTYPE html>").And.Contain("<h2 style=\"font-size:15px;\">What to do</h2>");
            message.Subject.Should().NotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void Compose_HostileNames_AreHtmlEncoded()
    {
        var relationship = Active(1, T0, 90, customer: new CustomerParticipant(ContosoTenantId, "<script>alert(1)</script> & Co"), name: "x\"><img src=x>");
        var notice = Plan(relationship, T0 + Duration.FromDays(85), NotificationAudience.Partner);

        var message = Composer.Compose(notice, ["a@example.com"]);

        message.HtmlBody.Should().NotContain("<script>").And.NotContain("<img").And.Contain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co");
        message.TextBody.Should().Contain("<script>alert(1)</script> & Co", "plain text is not HTML");
        var parse = () => System.Xml.Linq.XDocument.Parse(message.HtmlBody["<!DOCTYPE html>\n".Length..]);
        parse.Should().NotThrow("the mail HTML is well-formed");
    }
}

/// <summary>Compares text with a checked-in golden file; UPDATE_GOLDEN=1 rewrites the file.</summary>
internal static class Golden
{
    public static void Match(string name, string actual)
    {
        var path = Path.Combine(Fixtures.SourceFolder(), "Golden", name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        File.Exists(path).Should().BeTrue($"the golden file {name} exists (run with UPDATE_GOLDEN=1 to create it)");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        actual.Should().Be(expected, $"the output matches Golden/{name}");
    }
}
