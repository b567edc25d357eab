using Microsoft.Extensions.Logging;
using NodaTime;
using PartnerAccess.Sdk.Notifications;
using static PartnerAccess.Sdk.TestSupport.Fixtures;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Governance.Tests.Notifications;

public class NotificationSenderTests
{
    private static NoticeMessage Message()
    {
        var relationship = Active(1, T0, 365, customer: new PartnerAccess.Sdk.Relationships.CustomerParticipant(ContosoTenantId, "Secret Customer Name"));
        var notice = new NotificationPlanner().Plan([relationship], relationship.EndsAt!.Value - Duration.FromDays(3)).First();
        return new NotificationComposer().Compose(notice, ["person@contoso.example"]);
    }

    [Fact]
    public async Task LoggingSender_LogsTheNotice_ButNeverTheBodySubjectOrAddresses()
    {
        var logger = new ListLogger<LoggingNotificationSender>();
        var message = Message();

        await new LoggingNotificationSender(logger).SendAsync(message);

        var entry = logger.Entries.Should().ContainSingle().Subject;
        entry.Level.Should().Be(LogLevel.Information);
        entry.Message.Should().Contain(message.Notice.DedupeKey).And.Contain("ExpiringSoon").And.Contain("1 recipient");
        entry.Message.Should().NotContain("Secret Customer Name").And.NotContain("person@contoso.example").And.NotContain(message.Subject);
    }

    [Fact]
    public async Task RecordingSender_KeepsMessagesInOrder_AndRaisesSent()
    {
        var sender = new RecordingNotificationSender();
        var raised = 0;
        sender.Sent += (_, _) => raised++;
        var message = Message();

        await sender.SendAsync(message);
        await sender.SendAsync(message with { Subject = "second" });

        sender.Notices().Select(m => m.Subject).Should().Equal(message.Subject, "second");
        raised.Should().Be(2);
        sender.Clear();
        sender.Notices().Should().BeEmpty();
    }

    [Fact]
    public void Recipients_PartnerByCustomerReplacesDefault_AndCustomerNeedsItsOwnEntry()
    {
        var recipients = new NotificationRecipients();
        recipients.Partner.Add("agents@fabrikam.example");
        recipients.PartnerByCustomer[ContosoTenantId] = ["owner@fabrikam.example", "OWNER@fabrikam.example", " "];
        recipients.Customer[ContosoTenantId.ToUpperInvariant()] = ["it@contoso.example"];
        var contoso = new NotificationPlanner().Plan([Active(1, T0, 365)], T0 + Duration.FromDays(360));
        var fabrikam = new NotificationPlanner().Plan([Active(2, T0, 365, customer: Fabrikam)], T0 + Duration.FromDays(360));

        recipients.For(contoso.Single(n => n.Audience == NotificationAudience.Partner)).Should().Equal("owner@fabrikam.example");
        recipients.For(contoso.Single(n => n.Audience == NotificationAudience.Customer)).Should().Equal("it@contoso.example");
        recipients.For(fabrikam.Single(n => n.Audience == NotificationAudience.Partner)).Should().Equal("agents@fabrikam.example");
        recipients.For(fabrikam.Single(n => n.Audience == NotificationAudience.Customer)).Should().BeEmpty();
    }
}
