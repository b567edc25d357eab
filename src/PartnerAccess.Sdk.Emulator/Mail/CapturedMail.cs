using System.Text.Json;
using NodaTime;

namespace PartnerAccess.Sdk.Emulator.Mail;

/// <summary>A mail sent through <c>POST /v1.0/users/{id}/sendMail</c>, as the emulator captured it.</summary>
public sealed record CapturedMail
{
    /// <summary>The order of arrival, from 1.</summary>
    public required long Sequence { get; init; }

    /// <summary>The <c>{id}</c> of the sending mailbox, as it appeared in the path.</summary>
    public required string UserId { get; init; }

    /// <summary>When the emulator received it, on the emulator clock.</summary>
    public required Instant ReceivedAt { get; init; }

    /// <summary><c>message.subject</c>.</summary>
    public string? Subject { get; init; }

    /// <summary><c>message.body.contentType</c>, for example <c>html</c> or <c>text</c>.</summary>
    public string? BodyContentType { get; init; }

    /// <summary><c>message.body.content</c>.</summary>
    public string? Body { get; init; }

    /// <summary>The addresses in <c>message.toRecipients</c>.</summary>
    public IReadOnlyList<string> ToRecipients { get; init; } = [];

    /// <summary>The addresses in <c>message.ccRecipients</c>.</summary>
    public IReadOnlyList<string> CcRecipients { get; init; } = [];

    /// <summary>The addresses in <c>message.bccRecipients</c>.</summary>
    public IReadOnlyList<string> BccRecipients { get; init; } = [];

    /// <summary><c>saveToSentItems</c>, when sent.</summary>
    public bool? SaveToSentItems { get; init; }

    /// <summary>The whole <c>message</c> object as sent, for anything the other properties leave out (attachments, extra body parts).</summary>
    public required JsonElement Message { get; init; }
}
