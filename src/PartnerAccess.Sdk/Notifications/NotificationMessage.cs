namespace PartnerAccess.Sdk.Notifications;

/// <summary>
/// A message ready to send: who gets it, the subject, and the body as HTML and as plain text. Senders
/// (<see cref="INotificationSender"/>) take this type, so a mail sender needs only this package; the notices that
/// PartnerAccess.Sdk.Governance composes derive from it and add what they tell.
/// </summary>
public record NotificationMessage
{
    /// <summary>The mail addresses to send to.</summary>
    public required IReadOnlyList<string> Recipients { get; init; }

    /// <summary>The subject line.</summary>
    public required string Subject { get; init; }

    /// <summary>A self-contained HTML document (inline styles, no images or links to fetch).</summary>
    public required string HtmlBody { get; init; }

    /// <summary>The same content as plain text.</summary>
    public required string TextBody { get; init; }

    /// <summary>
    /// Names the event the message tells, the same on every attempt to send it; <see langword="null"/> when the message
    /// has no such identity. A sender can log it or pass it on so that a repeat can be recognised.
    /// </summary>
    public string? Key { get; init; }
}
