using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Telemetry;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk;

/// <summary>Helpers built on <see cref="IPartnerAccessClient"/>: common changes and waiting for the service.</summary>
public static class PartnerAccessClientExtensions
{
    /// <summary>Removes Global Administrator from an active relationship; the service runs it in the background.</summary>
    /// <param name="client">The client.</param>
    /// <param name="relationship">The relationship as last read.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operation to follow, or the unchanged relationship when it holds no Global Administrator.</returns>
    public static Task<UpdateOutcome<Relationship>> RemoveGlobalAdministratorAsync(this IPartnerAccessClient client, Relationship relationship, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(relationship);
        var roles = relationship.Roles.Where(r => !r.IsGlobalAdministrator).ToList();
        return client.UpdateRelationshipAsync(relationship, new RelationshipUpdate { Roles = roles }, cancellationToken);
    }

    /// <summary>Switches auto-extend on (180 days) or off. Allowed while created or active, never with Global Administrator.</summary>
    /// <param name="client">The client.</param>
    /// <param name="relationship">The relationship as last read.</param>
    /// <param name="enabled">Whether the relationship should extend itself.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The changed relationship.</returns>
    public static async Task<Relationship> SetAutoExtendAsync(this IPartnerAccessClient client, Relationship relationship, bool enabled, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(relationship);
        var update = new RelationshipUpdate { AutoExtendDuration = enabled ? GdapDurations.AutoExtendPeriod : Duration.Zero };
        var outcome = await client.UpdateRelationshipAsync(relationship, update, cancellationToken).ConfigureAwait(false);
        return outcome.Value ?? await client.GetRelationshipAsync(relationship.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists active relationships that will lapse within <paramref name="within"/> (auto-extending ones never do).</summary>
    /// <param name="client">The client.</param>
    /// <param name="within">How far ahead to look, for example 30 days.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The relationships.</returns>
    public static IAsyncEnumerable<Relationship> ListExpiringAsync(this IPartnerAccessClient client, Duration within, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.ListRelationshipsAsync(new RelationshipQuery { Statuses = [RelationshipStatus.Active], ExpiringWithin = within }, cancellationToken);
    }

    /// <summary>Polls a relationship until it reaches <paramref name="status"/>, using the client's time source.</summary>
    /// <param name="client">The client.</param>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="status">The status to wait for.</param>
    /// <param name="options">Poll interval and timeout; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The relationship in that status.</returns>
    /// <exception cref="PartnerAccessException">Timeout, or InvalidState when it ends before reaching the status.</exception>
    public static Task<Relationship> WaitForRelationshipStatusAsync(this IPartnerAccessClient client, string relationshipId, RelationshipStatus status, WaitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return PollAsync(
            client,
            "relationship_status",
            relationshipId,
            ct => client.GetRelationshipAsync(relationshipId, ct),
            r => r.Status == status,
            r => !CanStillBecome(r.Status, status)
                ? $"Relationship {relationshipId} is '{GraphNames.ToGraphName(r.Status)}' and will never become '{GraphNames.ToGraphName(status)}'."
                : null,
            $"relationship {relationshipId} to become '{GraphNames.ToGraphName(status)}'",
            options,
            cancellationToken);
    }

    /// <summary>Polls a relationship until it is active.</summary>
    /// <param name="client">The client.</param>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="options">Poll interval and timeout; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The active relationship.</returns>
    public static Task<Relationship> WaitUntilActiveAsync(this IPartnerAccessClient client, string relationshipId, WaitOptions? options = null, CancellationToken cancellationToken = default) =>
        client.WaitForRelationshipStatusAsync(relationshipId, RelationshipStatus.Active, options, cancellationToken);

    /// <summary>Polls an access assignment until it is active.</summary>
    /// <param name="client">The client.</param>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="accessAssignmentId">The assignment id.</param>
    /// <param name="options">Poll interval and timeout; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The active assignment.</returns>
    public static Task<AccessAssignment> WaitUntilAssignmentActiveAsync(this IPartnerAccessClient client, string relationshipId, string accessAssignmentId, WaitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return PollAsync(
            client,
            "access_assignment",
            relationshipId,
            ct => client.GetAccessAssignmentAsync(relationshipId, accessAssignmentId, ct),
            a => a.Status == AccessAssignmentStatus.Active,
            a => a.Status is AccessAssignmentStatus.Error or AccessAssignmentStatus.Deleting or AccessAssignmentStatus.Deleted
                ? $"Access assignment {accessAssignmentId} is '{GraphNames.ToGraphName(a.Status)}' and will never become active."
                : null,
            $"access assignment {accessAssignmentId} to become active",
            options,
            cancellationToken);
    }

    /// <summary>Polls a long-running operation until it finishes.</summary>
    /// <param name="client">The client.</param>
    /// <param name="operation">The operation, as returned in an <see cref="UpdateOutcome{T}"/>.</param>
    /// <param name="options">Poll interval and timeout; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The finished operation; check <see cref="RelationshipOperation.Status"/> for failure.</returns>
    public static Task<RelationshipOperation> WaitForOperationAsync(this IPartnerAccessClient client, RelationshipOperation operation, WaitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.IsCompleted)
        {
            return Task.FromResult(operation);
        }

        return PollAsync(
            client,
            "operation",
            operation.RelationshipId,
            ct => client.GetOperationAsync(operation.RelationshipId, operation.Id, ct),
            o => o.IsCompleted,
            _ => null,
            $"operation {operation.Id} to finish",
            options,
            cancellationToken);
    }

    // Once a relationship is ending it can only move further down its own path: expiry or termination.
    private static bool CanStillBecome(RelationshipStatus current, RelationshipStatus target) => current switch
    {
        RelationshipStatus.Expiring => target == RelationshipStatus.Expired,
        RelationshipStatus.TerminationRequested => target is RelationshipStatus.Terminating or RelationshipStatus.Terminated,
        RelationshipStatus.Terminating => target == RelationshipStatus.Terminated,
        RelationshipStatus.Expired or RelationshipStatus.Terminated => false,
        _ => true,
    };

    private static Task<T> PollAsync<T>(
        IPartnerAccessClient client,
        string kind,
        string? relationshipId,
        Func<CancellationToken, Task<T>> read,
        Func<T, bool> done,
        Func<T, string?> hopeless,
        string what,
        WaitOptions? options,
        CancellationToken cancellationToken) =>
        Instrumentation.WaitAsync(client.TimeProvider, kind, relationshipId, () => PollCoreAsync(client, read, done, hopeless, what, options, cancellationToken));

    private static async Task<T> PollCoreAsync<T>(
        IPartnerAccessClient client,
        Func<CancellationToken, Task<T>> read,
        Func<T, bool> done,
        Func<T, string?> hopeless,
        string what,
        WaitOptions? options,
        CancellationToken cancellationToken)
    {
        options ??= WaitOptions.Default;
        var time = client.TimeProvider;
        var deadline = time.GetCurrentInstant() + options.Timeout;
        var interval = options.PollInterval;
        while (true)
        {
            var current = await read(cancellationToken).ConfigureAwait(false);
            if (done(current))
            {
                return current;
            }

            if (hopeless(current) is { } reason)
            {
                throw new PartnerAccessException(PartnerAccessErrorCode.InvalidState, reason);
            }

            var now = time.GetCurrentInstant();
            if (now >= deadline)
            {
                throw new PartnerAccessException(PartnerAccessErrorCode.Timeout, $"Timed out after {options.Timeout} waiting for {what}.");
            }

            var delay = Duration.Min(interval, deadline - now);
            await Task.Delay(delay.ToTimeSpan(), time, cancellationToken).ConfigureAwait(false);
            interval = Duration.Min(interval * options.BackoffFactor, options.MaxPollInterval);
        }
    }
}

/// <summary>How the wait helpers poll.</summary>
public sealed record WaitOptions
{
    /// <summary>Five-second first poll interval, doubling up to a minute, for up to ten minutes.</summary>
    public static WaitOptions Default { get; } = new();

    /// <summary>The first wait between polls. Default: 5 seconds.</summary>
    public Duration PollInterval { get; init; } = Duration.FromSeconds(5);

    /// <summary>The longest wait between polls. Default: 60 seconds.</summary>
    public Duration MaxPollInterval { get; init; } = Duration.FromSeconds(60);

    /// <summary>How much each wait grows. Default: 2.</summary>
    public double BackoffFactor { get; init; } = 2;

    /// <summary>When to give up. Default: 10 minutes.</summary>
    public Duration Timeout { get; init; } = Duration.FromMinutes(10);
}
