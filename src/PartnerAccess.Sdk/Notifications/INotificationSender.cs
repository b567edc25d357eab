namespace PartnerAccess.Sdk.Notifications;

/// <summary>Delivers composed notices: by mail (PartnerAccess.Sdk.Graph), to a log, to a test, or anywhere else.</summary>
public interface INotificationSender
{
    /// <summary>Delivers one message. Throw when it could not be delivered; the notice is then tried again on the next run.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the message is delivered.</returns>
    Task SendAsync(NotificationMessage message, CancellationToken cancellationToken = default);
}
