using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Notifications;

/// <summary>Reads the partner's relationships through an <see cref="IPartnerAccessClient"/> and runs the <see cref="NotificationDispatcher"/> over them.</summary>
public sealed class NotificationRunner
{
    private readonly IPartnerAccessClient _client;

    /// <summary>Creates a runner.</summary>
    /// <param name="client">Reads relationships and assignments.</param>
    /// <param name="dispatcher">Plans and sends.</param>
    public NotificationRunner(IPartnerAccessClient client, NotificationDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(dispatcher);
        _client = client;
        Dispatcher = dispatcher;
    }

    /// <summary>The dispatcher in use.</summary>
    public NotificationDispatcher Dispatcher { get; }

    /// <summary>Reads every relationship and sends the notices due now.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>What happened to each planned notice.</returns>
    public async Task<NotificationRunResult> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var relationships = await _client.ListRelationshipsAsync(null, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        return await Dispatcher.DispatchAsync(relationships, LoadAssignmentsAsync, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<Access.AccessAssignment>> LoadAssignmentsAsync(Relationship relationship, CancellationToken cancellationToken) =>
        await _client.ListAccessAssignmentsAsync(relationship.Id, null, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
}
