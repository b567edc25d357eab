using Microsoft.Extensions.Logging;

namespace PartnerAccess.Sdk.Notifications;

/// <summary>
/// Writes one log line per message: kind, audience, relationship, dedupe key and how many recipients. It never logs
/// the subject, the body or the addresses, which name customers and people.
/// </summary>
public sealed partial class LoggingNotificationSender : INotificationSender
{
    private readonly ILogger _logger;

    /// <summary>Creates a sender that logs to <paramref name="logger"/>.</summary>
    /// <param name="logger">The logger.</param>
    public LoggingNotificationSender(ILogger<LoggingNotificationSender> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <inheritdoc />
    public Task SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        if (message is NoticeMessage { Notice: var notice })
        {
            LogNotice(_logger, notice.Kind, notice.Audience, notice.Relationship.Id, notice.DaysLeft, message.Recipients.Count, notice.DedupeKey);
        }
        else
        {
            LogMessage(_logger, message.Subject, message.Recipients.Count, message.Key);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 4100, EventName = "GdapNotice", Level = LogLevel.Information,
        Message = "GDAP notice {Kind} for {Audience} about relationship {RelationshipId} (days left: {DaysLeft}) to {RecipientCount} recipient(s); key {DedupeKey}")]
    private static partial void LogNotice(ILogger logger, NotificationKind kind, NotificationAudience audience, string relationshipId, int? daysLeft, int recipientCount, string dedupeKey);

    [LoggerMessage(EventId = 4101, EventName = "GdapMessage", Level = LogLevel.Information,
        Message = "Message '{Subject}' to {RecipientCount} recipient(s); key {Key}")]
    private static partial void LogMessage(ILogger logger, string subject, int recipientCount, string? key);
}
