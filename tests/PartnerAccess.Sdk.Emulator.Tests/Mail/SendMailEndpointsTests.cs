using System.Net;

namespace PartnerAccess.Sdk.Emulator.Tests.Mail;

public sealed class SendMailEndpointsTests : EmulatorTestBase
{
    private const string Mail = """
        {
          "message": {
            "subject": "GDAP access for Contoso expires in 7 days",
            "body": { "contentType": "HTML", "content": "<p>Renew <b>now</b></p>" },
            "toRecipients": [ { "emailAddress": { "address": "admin@contoso.com", "name": "Admin" } } ],
            "ccRecipients": [ { "emailAddress": { "address": "ops@partner.com" } } ]
          },
          "saveToSentItems": false
        }
        """;

    [Fact]
    public async Task SendMail_ValidMessage_Returns202AndIsCaptured()
    {
        var reply = await PostAsync("v1.0/users/notifications@partner.com/sendMail", Mail);

        reply.Status.Should().Be(HttpStatusCode.Accepted);
        reply.Text.Should().BeEmpty();
        var mail = Emulator.Mail.Should().ContainSingle().Subject;
        mail.UserId.Should().Be("notifications@partner.com");
        mail.Subject.Should().Be("GDAP access for Contoso expires in 7 days");
        mail.BodyContentType.Should().Be("HTML");
        mail.Body.Should().Be("<p>Renew <b>now</b></p>");
        mail.ToRecipients.Should().Equal("admin@contoso.com");
        mail.CcRecipients.Should().Equal("ops@partner.com");
        mail.SaveToSentItems.Should().BeFalse();
        mail.Message.GetProperty("toRecipients")[0].GetProperty("emailAddress").GetProperty("name").GetString().Should().Be("Admin");
    }

    [Fact]
    public async Task SendMail_PascalCasePropertiesAsTheGraphSdkWritesThem_AreCaptured()
    {
        var reply = await PostAsync("v1.0/users/notifications@partner.com/sendMail",
            """{"Message":{"Subject":"Expiring","Body":{"ContentType":"text","Content":"Renew"},"ToRecipients":[{"EmailAddress":{"Address":"admin@contoso.com"}}]},"SaveToSentItems":true}""");

        reply.Status.Should().Be(HttpStatusCode.Accepted);
        var mail = Emulator.Mail.Should().ContainSingle().Subject;
        mail.Subject.Should().Be("Expiring");
        mail.Body.Should().Be("Renew");
        mail.ToRecipients.Should().Equal("admin@contoso.com");
        mail.SaveToSentItems.Should().BeTrue();
    }

    [Fact]
    public async Task GetMail_ReturnsCapturedMailAsJson()
    {
        await PostAsync("v1.0/users/3f2a/sendMail", Mail);
        await PostAsync("v1.0/me/sendMail", Mail);

        var reply = await GetAsync("_emulator/mail");

        var mails = reply.Body.EnumerateArray().ToList();
        mails.Should().HaveCount(2);
        mails[0].GetProperty("userId").GetString().Should().Be("3f2a");
        mails[0].GetProperty("subject").GetString().Should().Be("GDAP access for Contoso expires in 7 days");
        mails[0].GetProperty("body").GetString().Should().Be("<p>Renew <b>now</b></p>");
        mails[0].GetProperty("toRecipients")[0].GetString().Should().Be("admin@contoso.com");
        mails[0].GetProperty("receivedAt").GetString().Should().Be("2025-01-01T00:00:00.0000000Z");
        mails[1].GetProperty("userId").GetString().Should().Be("me");
        (await SendAsync(HttpMethod.Delete, "_emulator/mail")).Status.Should().Be(HttpStatusCode.NoContent);
        Emulator.Mail.Should().BeEmpty();
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"message\":\"text\"}")]
    [InlineData("{\"message\":{\"subject\":\"no recipients\"}}")]
    [InlineData("{\"message\":{\"toRecipients\":[{\"emailAddress\":{\"address\":\"a@b.c\"}}]},\"saveToSentItems\":\"yes\"}")]
    [InlineData("{\"message\":")]
    public async Task SendMail_InvalidBody_Returns400AndCapturesNothing(string body)
    {
        var reply = await PostAsync("v1.0/users/x/sendMail", body);

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.ErrorCode.Should().Be("badRequest");
        Emulator.Mail.Should().BeEmpty();
    }
}
