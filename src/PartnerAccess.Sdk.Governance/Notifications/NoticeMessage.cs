namespace PartnerAccess.Sdk.Notifications;

/// <summary>A composed <see cref="Notice"/>: the message a sender delivers, and the notice it tells.</summary>
public sealed record NoticeMessage : NotificationMessage
{
    /// <summary>The notice it tells; its <see cref="Notice.DedupeKey"/> is the message's <see cref="NotificationMessage.Key"/>.</summary>
    public required Notice Notice { get; init; }
}

/// <summary>What the composed messages say about the sender.</summary>
public sealed record NotificationMessageOptions
{
    /// <summary>The partner's name as customers know it, for example <c>Fabrikam IT</c>. Default: "your partner".</summary>
    public string? PartnerDisplayName { get; init; }

    /// <summary>Where a customer can ask the partner questions (a mail address or a web page), printed at the end of customer messages.</summary>
    public string? PartnerContact { get; init; }
}
