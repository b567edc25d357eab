using NodaTime;

namespace PartnerAccess.Sdk.Notifications;

/// <summary>One notice that was sent.</summary>
/// <param name="Key">The notice's <see cref="Notice.DedupeKey"/>.</param>
/// <param name="SentAt">When it was sent.</param>
/// <param name="Kind">What it told.</param>
/// <param name="RelationshipId">The relationship it was about.</param>
public sealed record NotificationLedgerEntry(string Key, Instant SentAt, NotificationKind Kind, string RelationshipId);

/// <summary>
/// Remembers which notices were sent, so each is sent once: across runs, across restarts and across a clock jump.
/// The default keeps it in memory; <see cref="JsonFileNotificationLedger"/> keeps it in a file on one machine; a
/// database-backed ledger is a small class (docs/notifications.md).
/// </summary>
/// <remarks>
/// <see cref="NotificationDispatcher"/> asks <see cref="ContainsAsync"/>, sends, then calls <see cref="RecordAsync"/>.
/// Implementations must be safe to call from several threads, and <see cref="RecordAsync"/> must be idempotent: a
/// second record of the same key is not an error.
/// </remarks>
public interface INotificationLedger
{
    /// <summary>Whether a notice with this key was sent.</summary>
    /// <param name="key">The notice's dedupe key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when it was recorded.</returns>
    Task<bool> ContainsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Records that a notice was sent. Recording a key twice keeps the first entry.</summary>
    /// <param name="entry">What was sent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the entry is durable.</returns>
    Task RecordAsync(NotificationLedgerEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Forgets entries sent before an instant, to keep the ledger small.</summary>
    /// <param name="sentBefore">Entries sent before this instant are removed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many entries were removed.</returns>
    /// <remarks>
    /// Only prune entries older than any window the planner still plans for (its thresholds and
    /// <see cref="NotificationPlannerOptions.RecentEventWindow"/>); a year is always safe.
    /// </remarks>
    Task<int> PruneAsync(Instant sentBefore, CancellationToken cancellationToken = default);
}
