using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Graph.Notifications;
using PartnerAccess.Sdk.Notifications;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Graph.Tests.Notifications;

public sealed class GraphMailNotificationSenderTests : EmulatorFixture
{
    private const string Mailbox = "gdap-notices@fabrikam.example";

    private static NotificationMessage Message()
    {
        var activated = Start;
        var relationship = new Relationship
        {
            Id = "5d027261-d21f-4aa9-b7db-7fa1f56fb163-" + PartnerTenantId,
            DisplayName = "Contoso helpdesk",
            Customer = new CustomerParticipant(CustomerTenantId, "Contoso Ltd"),
            Roles = [WellKnownRoles.HelpdeskAdministrator],
            Window = new AccessWindow(Duration.FromDays(90), Duration.Zero, activated, activated + Duration.FromDays(90)),
            Status = RelationshipStatus.Active,
            LastModifiedAt = activated,
        };
        var notice = new NotificationPlanner().Plan([relationship], activated + Duration.FromDays(85)).First(n => n.Audience == NotificationAudience.Partner);
        return new NotificationComposer().Compose(notice, ["agents@fabrikam.example", "owner@fabrikam.example"]);
    }

    [Fact]
    public async Task SendAsync_Html_IsCapturedByTheEmulator_FromTheMailbox()
    {
        var message = Message();
        var sender = new GraphMailNotificationSender(Client.Graph, new GraphMailOptions { Mailbox = Mailbox });

        await sender.SendAsync(message);

        var mail = Emulator.Mail.Should().ContainSingle().Subject;
        mail.UserId.Should().Be(Mailbox);
        mail.Subject.Should().Be(message.Subject);
        mail.BodyContentType.Should().Be("html");
        mail.Body.Should().Be(message.HtmlBody);
        mail.ToRecipients.Should().Equal("agents@fabrikam.example", "owner@fabrikam.example");
        mail.SaveToSentItems.Should().BeFalse();

        // The same mail through the emulator's HTTP control surface.
        var captured = await Http.GetFromJsonAsync<JsonElement>("_emulator/mail");
        captured.EnumerateArray().Single().GetProperty("subject").GetString().Should().Be(message.Subject);
    }

    [Fact]
    public async Task SendAsync_TextFormat_SendsThePlainText()
    {
        var message = Message();

        await new GraphMailNotificationSender(Client.Graph, new GraphMailOptions { Mailbox = Mailbox, BodyFormat = GraphMailBodyFormat.Text, SaveToSentItems = true })
            .SendAsync(message);

        var mail = Emulator.Mail.Single();
        mail.BodyContentType.Should().Be("text");
        mail.Body.Should().Be(message.TextBody);
        mail.SaveToSentItems.Should().BeTrue();
    }

    [Fact]
    public async Task SendAsync_HtmlWithTextAttachment_AttachesTheText()
    {
        var message = Message();

        await new GraphMailNotificationSender(Client.Graph, new GraphMailOptions { Mailbox = Mailbox, BodyFormat = GraphMailBodyFormat.HtmlWithTextAttachment })
            .SendAsync(message);

        var attachment = Emulator.Mail.Single().Message.GetProperty("attachments").EnumerateArray().Single();
        attachment.GetProperty("@odata.type").GetString().Should().Be("#microsoft.graph.fileAttachment");
        attachment.GetProperty("name").GetString().Should().Be("notice.txt");
        Encoding.UTF8.GetString(Convert.FromBase64String(attachment.GetProperty("contentBytes").GetString()!)).Should().Be(message.TextBody);
    }

    [Fact]
    public async Task SendAsync_WrongToken_FailsAsUnauthorized_NamingMailSend()
    {
        using var client = CreateClient("not-the-token");
        var sender = new GraphMailNotificationSender(client.Graph, new GraphMailOptions { Mailbox = Mailbox });

        var act = () => sender.SendAsync(Message());

        var error = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Unauthorized);
        error.Message.Should().Contain("Mail.Send");
        Emulator.Mail.Should().BeEmpty();
    }

    [Fact]
    public void Constructor_NoMailboxAndUnknownFormat_ThrowsWithBothProblems()
    {
        var act = () => new GraphMailNotificationSender(Client.Graph, new GraphMailOptions { BodyFormat = (GraphMailBodyFormat)42 });

        act.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().Which.Failures
            .Should().SatisfyRespectively(
                mailbox => mailbox.Should().Contain("Mailbox"),
                format => format.Should().Contain("BodyFormat"));
    }
}
