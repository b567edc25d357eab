using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Graph.Notifications;
using PartnerAccess.Sdk.Notifications;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Governance.Tests.Notifications;

/// <summary>The whole pipeline on the wire: relationships read through the Graph client, mail sent through Graph, both served by the emulator.</summary>
public sealed class NotificationsOverGraphTests : EmulatorFixture
{
    [Fact]
    public async Task Runner_ExpiringRelationship_MailsEachThresholdOnce_ThroughGraph()
    {
        var created = await Client.CreateRelationshipAsync(new CreateRelationshipRequest
        {
            DisplayName = "Contoso helpdesk",
            Duration = Duration.FromDays(60),
            Roles = [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.GlobalAdministrator],
            Customer = new CustomerParticipant(CustomerTenantId, "Contoso Ltd"),
        });
        await Client.LockForApprovalAsync(created.Id);
        Emulator.Simulator.Approve(created.Id);
        var active = await Client.GetRelationshipAsync(created.Id);
        active.Status.Should().Be(RelationshipStatus.Active);

        var recipients = new NotificationRecipients();
        recipients.Partner.Add("agents@fabrikam.example");
        recipients.Customer[CustomerTenantId] = ["it@contoso.example"];
        var mail = new GraphMailNotificationSender(Client.Graph, new GraphMailOptions { Mailbox = "notices@fabrikam.example" });
        var dispatcher = new NotificationDispatcher(new NotificationPlanner(), new InMemoryNotificationLedger(), [mail], recipients, new NotificationComposer(), Emulator.Clock);
        var runner = new NotificationRunner(Client, dispatcher);

        Emulator.Clock.Advance(Duration.FromDays(31));
        await runner.RunOnceAsync();
        await runner.RunOnceAsync();
        Emulator.Clock.Advance(Duration.FromDays(23));
        await runner.RunOnceAsync();

        var subjects = Emulator.Mail.Select(m => m.Subject).ToList();
        subjects.Should().HaveCount(4, "30 days and 7 days, each to the partner and the customer, once");
        subjects.Should().Contain("GDAP access to Contoso Ltd ends in 29 days (2025-03-02)");
        subjects.Should().Contain("GDAP access to Contoso Ltd ends in 6 days (2025-03-02)");
        Emulator.Mail.Single(m => m.Subject == "GDAP access to Contoso Ltd ends in 29 days (2025-03-02)").Body
            .Should().Contain("Why it cannot auto-extend").And.MatchRegex("Contoso helpdesk \\[[0-9A-Z]{6}-2\\]");
        Emulator.Mail.Where(m => m.ToRecipients.Contains("it@contoso.example")).Should().HaveCount(2);
    }
}
