using System.Text;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.SendMail;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using PartnerAccess.Sdk.Graph.Wire;
using PartnerAccess.Sdk.Notifications;

namespace PartnerAccess.Sdk.Graph.Notifications;

/// <summary>How <see cref="GraphMailNotificationSender"/> fills the one body a Graph message has.</summary>
public enum GraphMailBodyFormat
{
    /// <summary>The HTML body (it states every fact the text body does). The default.</summary>
    Html = 0,

    /// <summary>The plain-text body, for mailboxes or gateways that strip HTML.</summary>
    Text,

    /// <summary>The HTML body, with the plain text attached as <c>notice.txt</c>.</summary>
    HtmlWithTextAttachment,
}

/// <summary>Settings of <see cref="GraphMailNotificationSender"/>.</summary>
public sealed class GraphMailOptions
{
    /// <summary>The mailbox notices are sent from: a user id or user principal name, for example <c>gdap-notices@fabrikam.example</c>.</summary>
    public string Mailbox { get; set; } = string.Empty;

    /// <summary>Keep a copy in the mailbox's Sent Items. Default: <see langword="false"/>.</summary>
    public bool SaveToSentItems { get; set; }

    /// <summary>What goes into the message body. Default: <see cref="GraphMailBodyFormat.Html"/>.</summary>
    public GraphMailBodyFormat BodyFormat { get; set; } = GraphMailBodyFormat.Html;
}

/// <summary>
/// Sends notices as mail through Graph's <c>POST /users/{mailbox}/sendMail</c>, from a configured mailbox, to the
/// message's recipients. Needs the <c>Mail.Send</c> permission (application permissions: scope it to that mailbox with
/// an application access policy or RBAC for Applications in Exchange Online).
/// </summary>
/// <remarks>
/// A Graph message has one body, not a multipart/alternative pair, so the HTML and plain-text versions cannot both
/// travel as bodies. The default sends the HTML body, which holds every fact of the text version;
/// <see cref="GraphMailBodyFormat.Text"/> sends the text instead, and
/// <see cref="GraphMailBodyFormat.HtmlWithTextAttachment"/> attaches the text to the HTML mail.
/// </remarks>
public sealed class GraphMailNotificationSender : INotificationSender
{
    private static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping = new()
    {
        ["XXX"] = ODataError.CreateFromDiscriminatorValue,
    };

    private readonly GraphServiceClient _graph;
    private readonly GraphMailOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a sender.</summary>
    /// <param name="graph">A Graph client allowed to send as the mailbox, for example <see cref="GraphPartnerAccessClient.Graph"/>.</param>
    /// <param name="options">The mailbox and body format.</param>
    /// <param name="timeProvider">The clock used to read Retry-After dates; the system clock when <see langword="null"/>.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; it lists every problem.</exception>
    public GraphMailNotificationSender(GraphServiceClient graph, GraphMailOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        if (GraphMailOptionsValidator.Check(options) is { Count: > 0 } problems)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(GraphMailOptions), problems);
        }

        _graph = graph;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Builds the Graph request body for a message, as <see cref="SendAsync"/> sends it.</summary>
    /// <param name="message">The composed message.</param>
    /// <returns>The <c>sendMail</c> body.</returns>
    internal SendMailPostRequestBody CreateRequestBody(NotificationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Recipients.Count == 0)
        {
            throw new ArgumentException("The message has no recipients.", nameof(message));
        }

        var text = _options.BodyFormat == GraphMailBodyFormat.Text;
        var mail = new Message
        {
            Subject = message.Subject,
            Body = new ItemBody { ContentType = text ? BodyType.Text : BodyType.Html, Content = text ? message.TextBody : message.HtmlBody },
            ToRecipients = message.Recipients.Select(r => new Recipient { EmailAddress = new EmailAddress { Address = r } }).ToList(),
        };
        if (_options.BodyFormat == GraphMailBodyFormat.HtmlWithTextAttachment)
        {
            mail.Attachments =
            [
                new FileAttachment
                {
                    OdataType = "#microsoft.graph.fileAttachment",
                    Name = "notice.txt",
                    ContentType = "text/plain; charset=utf-8",
                    ContentBytes = Encoding.UTF8.GetBytes(message.TextBody),
                },
            ];
        }

        return new SendMailPostRequestBody { Message = mail, SaveToSentItems = _options.SaveToSentItems };
    }

    /// <inheritdoc />
    /// <exception cref="PartnerAccessException">Graph refused or failed; the notice is then retried on the next run.</exception>
    public async Task SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        var body = CreateRequestBody(message);
        try
        {
            // The SDK writes the body's two properties as "Message" and "SaveToSentItems"; Graph documents (and some
            // strict servers accept only) "message" and "saveToSentItems", so the body is written here with those names.
            // The URL comes from the SDK's request builder. An empty body stands in there: serializing a model marks its
            // backing store clean, and the real body would then lose its fields when written a second time.
            var request = _graph.Users[_options.Mailbox].SendMail.ToPostRequestInformation(new SendMailPostRequestBody());
            request.SetContentFromParsable(_graph.RequestAdapter, "application/json", new DocumentedSendMailBody(body));
            await _graph.RequestAdapter.SendNoContentAsync(request, ErrorMapping, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw GraphInsightErrors.Translate(e, HttpMethod.Post, $"sending a notice from mailbox {_options.Mailbox}", "Mail.Send", _timeProvider);
        }
    }

    /// <summary>The sendMail body with the property names the Graph documentation uses.</summary>
    private sealed class DocumentedSendMailBody(SendMailPostRequestBody body) : IParsable
    {
        public IDictionary<string, Action<IParseNode>> GetFieldDeserializers() => new Dictionary<string, Action<IParseNode>>();

        public void Serialize(ISerializationWriter writer)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteObjectValue("message", body.Message);
            writer.WriteBoolValue("saveToSentItems", body.SaveToSentItems);
        }
    }
}
