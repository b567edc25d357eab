using PartnerAccess.Sdk.Audit;

namespace PartnerAccess.Sdk.Lifecycle;

/// <summary>
/// Where <see cref="RelationshipWatcher"/> keeps its place: the last state it compared against and the events of the
/// current poll it already emitted.
/// </summary>
/// <param name="Snapshot">The relationships as of the last completed poll.</param>
/// <param name="Emitted">Ids of the events emitted since that poll; a restart skips them.</param>
public sealed record RelationshipWatchCheckpoint(RelationshipSnapshot Snapshot, IReadOnlyList<string> Emitted);

/// <summary>
/// Stores the watcher's checkpoint, so it resumes after a restart and emits each event once. The default keeps it in
/// memory (<see cref="InMemoryRelationshipWatchCheckpointStore"/>); <see cref="JsonFileRelationshipWatchCheckpointStore"/>
/// keeps it in a file on one machine.
/// </summary>
/// <remarks>One watcher per store: two watchers sharing one would each emit the same events.</remarks>
public interface IRelationshipWatchCheckpointStore
{
    /// <summary>Reads the checkpoint.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checkpoint; <see langword="null"/> before the first poll.</returns>
    Task<RelationshipWatchCheckpoint?> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the checkpoint; durable when the task completes.</summary>
    /// <param name="checkpoint">The new checkpoint.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is stored.</returns>
    Task SaveAsync(RelationshipWatchCheckpoint checkpoint, CancellationToken cancellationToken = default);
}

/// <summary>A checkpoint kept in memory: the watcher resumes within the process, not after a restart.</summary>
public sealed class InMemoryRelationshipWatchCheckpointStore : IRelationshipWatchCheckpointStore
{
    private volatile RelationshipWatchCheckpoint? _checkpoint;

    /// <inheritdoc />
    public Task<RelationshipWatchCheckpoint?> LoadAsync(CancellationToken cancellationToken = default) => Task.FromResult(_checkpoint);

    /// <inheritdoc />
    public Task SaveAsync(RelationshipWatchCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        _checkpoint = checkpoint;
        return Task.CompletedTask;
    }
}
