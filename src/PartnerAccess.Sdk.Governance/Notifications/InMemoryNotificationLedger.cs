using System.Collections.Concurrent;
using NodaTime;

namespace PartnerAccess.Sdk.Notifications;

/// <summary>The default ledger: remembers sent notices for the life of the process. A restart forgets them.</summary>
public sealed class InMemoryNotificationLedger : INotificationLedger
{
    private readonly ConcurrentDictionary<string, NotificationLedgerEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>Every recorded entry, in no particular order.</summary>
    public IReadOnlyCollection<NotificationLedgerEntry> Entries => _entries.Values.ToList();

    /// <inheritdoc />
    public Task<bool> ContainsAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_entries.ContainsKey(key));
    }

    /// <inheritdoc />
    public Task RecordAsync(NotificationLedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        _entries.TryAdd(entry.Key, entry);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> PruneAsync(Instant sentBefore, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var removed = 0;
        foreach (var entry in _entries.Values.Where(e => e.SentAt < sentBefore).ToList())
        {
            if (_entries.TryRemove(entry.Key, out _))
            {
                removed++;
            }
        }

        return Task.FromResult(removed);
    }
}
