namespace PartnerAccess.Sdk.Notifications;

/// <summary>A composed notice, ready to send: who gets it, the subject, and the body as HTML and as plain text.</summary>
public sealed record NotificationMessage
{
    /// <summary>The notice it tells.</summary>
    public required Notice Notice { get; init; }

    /// <summary>The mail addresses to send to.</summary>
    public required IReadOnlyList<string> Recipients { get; init; }

    /// <summary>The subject line.</summary>
    public required string Subject { get; init; }

    /// <summary>A self-contained HTML document (inline styles, no images or links to fetch).</summary>
    public required string HtmlBody { get; init; }

    /// <summary>The same content as plain text.</summary>
    public required string TextBody { get; init; }
}

/// <summary>What the composed messages say about the sender.</summary>
public sealed record NotificationMessageOptions
{
    /// <summary>The partner's name as customers know it, for example <c>Fabrikam IT</c>. Default: "your partner".</summary>
    public string? PartnerDisplayName { get; init; }

    /// <summary>Where a customer can ask the partner questions (a mail address or a web page), printed at the end of customer messages.</summary>
    public string? PartnerContact { get; init; }
}
