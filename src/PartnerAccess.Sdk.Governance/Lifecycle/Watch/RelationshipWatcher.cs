using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PartnerAccess.Sdk.Audit;

namespace PartnerAccess.Sdk.Lifecycle;

/// <summary>
/// Reacts to relationship changes without anyone running apply: polls the partner's relationships, compares each
/// snapshot with the last (<see cref="SnapshotDiffer"/>), and emits approvals, activations, expiries, terminations and
/// auto-extensions as <see cref="RelationshipEvent"/>s.
/// </summary>
/// <remarks>
/// <para>Adaptive: it polls every <see cref="RelationshipWatcherOptions.PendingInterval"/> while a relationship awaits
/// approval or the service is moving one, and every <see cref="RelationshipWatcherOptions.IdleInterval"/> otherwise.
/// Every wait runs on the client's <see cref="IPartnerAccessClient.TimeProvider"/>.</para>
/// <para>Exactly once: the checkpoint holds the last snapshot and the ids of the events already emitted from the current
/// one. An event is recorded just before it is handed out, so after a restart the watcher resumes where it stopped
/// and never emits an event twice. The first poll without a checkpoint records a baseline and emits nothing.</para>
/// <para>One watcher per checkpoint store. Each poll is one list call (relationships only).</para>
/// </remarks>
public sealed partial class RelationshipWatcher
{
    private readonly IPartnerAccessClient _client;
    private readonly IRelationshipWatchCheckpointStore _store;
    private readonly ILogger _logger;
    private RelationshipWatchCheckpoint? _checkpoint;
    private bool _loaded;

    /// <summary>Creates a watcher.</summary>
    /// <param name="client">The client; its clock paces the polls.</param>
    /// <param name="store">Where the watcher keeps its place; in memory when <see langword="null"/>.</param>
    /// <param name="options">Intervals and the expiring window; defaults when <see langword="null"/>.</param>
    /// <param name="logger">Logs polls that failed; optional.</param>
    /// <exception cref="ArgumentException">An option cannot work; the message names every problem.</exception>
    public RelationshipWatcher(IPartnerAccessClient client, IRelationshipWatchCheckpointStore? store = null, RelationshipWatcherOptions? options = null, ILogger<RelationshipWatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        Options = options ?? new RelationshipWatcherOptions();
        if (Options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _client = client;
        _store = store ?? new InMemoryRelationshipWatchCheckpointStore();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        CurrentInterval = Options.IdleInterval;
    }

    /// <summary>The options in force.</summary>
    public RelationshipWatcherOptions Options { get; }

    /// <summary>How long the watcher waits after the last poll: the pending or the idle interval.</summary>
    public TimeSpan CurrentInterval { get; private set; }

    /// <summary>
    /// Polls until cancelled and yields each event once. A poll that fails for a transient reason (network, throttling,
    /// a service error) is logged and tried again after the pending interval.
    /// </summary>
    /// <param name="cancellationToken">Stops watching.</param>
    /// <returns>The events, as they are seen.</returns>
    public async IAsyncEnumerable<RelationshipEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var poll = await TryPollAsync(cancellationToken).ConfigureAwait(false);
            if (poll is not null)
            {
                foreach (var change in poll.Value.Events)
                {
                    await CommitAsync(change, cancellationToken).ConfigureAwait(false);
                    yield return change;
                }

                await FinishAsync(poll.Value.Snapshot, cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(CurrentInterval, _client.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Polls once and returns the new events, each recorded as emitted. The first poll without a checkpoint returns none.</summary>
    /// <param name="cancellationToken">Cancels the poll.</param>
    /// <returns>The events since the last poll, oldest first.</returns>
    public async Task<IReadOnlyList<RelationshipEvent>> PollAsync(CancellationToken cancellationToken = default)
    {
        var (snapshot, events) = await PollCoreAsync(cancellationToken).ConfigureAwait(false);
        foreach (var change in events)
        {
            await CommitAsync(change, cancellationToken).ConfigureAwait(false);
        }

        await FinishAsync(snapshot, cancellationToken).ConfigureAwait(false);
        return events;
    }

    /// <summary>The wait after a poll that read <paramref name="snapshot"/>.</summary>
    internal static TimeSpan IntervalFor(RelationshipSnapshot snapshot, RelationshipWatcherOptions options) =>
        snapshot.Relationships.Any(RelationshipEventDetector.IsPending) ? options.PendingInterval : options.IdleInterval;

    private async Task<(RelationshipSnapshot Snapshot, IReadOnlyList<RelationshipEvent> Events)?> TryPollAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await PollCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            LogPollFailed(_logger, e);
            CurrentInterval = Options.PendingInterval;
            return null;
        }
    }

    private async Task<(RelationshipSnapshot Snapshot, IReadOnlyList<RelationshipEvent> Events)> PollCoreAsync(CancellationToken cancellationToken)
    {
        if (!_loaded)
        {
            _checkpoint = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
            _loaded = true;
        }

        var current = await RelationshipSnapshot.CaptureAsync(_client, includeAssignments: false, cancellationToken).ConfigureAwait(false);
        if (_checkpoint is not { } checkpoint)
        {
            return (current, []);
        }

        var emitted = checkpoint.Emitted.ToHashSet(StringComparer.Ordinal);
        var events = RelationshipEventDetector.Detect(checkpoint.Snapshot, current, Options).Where(e => !emitted.Contains(e.Id)).ToList();
        return (current, events);
    }

    private Task CommitAsync(RelationshipEvent change, CancellationToken cancellationToken)
    {
        _checkpoint = _checkpoint! with { Emitted = [.. _checkpoint.Emitted, change.Id] };
        return _store.SaveAsync(_checkpoint, cancellationToken);
    }

    private async Task FinishAsync(RelationshipSnapshot snapshot, CancellationToken cancellationToken)
    {
        _checkpoint = new RelationshipWatchCheckpoint(snapshot, []);
        await _store.SaveAsync(_checkpoint, cancellationToken).ConfigureAwait(false);
        CurrentInterval = IntervalFor(snapshot, Options);
    }

    private static bool IsTransient(Exception exception) =>
        exception is HttpRequestException or IOException or TimeoutException ||
        exception is PartnerAccessException { ErrorCode: PartnerAccessErrorCode.ServiceError or PartnerAccessErrorCode.Timeout or PartnerAccessErrorCode.Throttled or PartnerAccessErrorCode.Unknown };

    [LoggerMessage(EventId = 4210, EventName = "GdapWatchPollFailed", Level = LogLevel.Warning,
        Message = "Reading the relationships failed; the watcher tries again after the pending interval")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
