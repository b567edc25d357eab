using PartnerAccess.Sdk.Notifications;

namespace PartnerAccess.Sdk.Testing;

/// <summary>Keeps every message it is given, for tests and previews.</summary>
public sealed class RecordingNotificationSender : INotificationSender
{
    private readonly List<NotificationMessage> _sent = [];
    private readonly object _gate = new();

    /// <summary>Raised after a message is recorded.</summary>
    public event EventHandler<NotificationMessage>? Sent;

    /// <summary>Every message recorded so far, in order.</summary>
    public IReadOnlyList<NotificationMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return _sent.ToList();
            }
        }
    }

    /// <inheritdoc />
    public Task SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _sent.Add(message);
        }

        Sent?.Invoke(this, message);
        return Task.CompletedTask;
    }

    /// <summary>Forgets every recorded message.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _sent.Clear();
        }
    }
}
