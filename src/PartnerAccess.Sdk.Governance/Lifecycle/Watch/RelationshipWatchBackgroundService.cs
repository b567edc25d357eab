using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Lifecycle;

/// <summary>
/// Runs a <see cref="RelationshipWatcher"/> in the background, logs each event and, with
/// <see cref="RelationshipWatchOptions.ApplyOnActivation"/>, applies the desired state for the customer whose
/// relationship just became active. Does nothing unless <see cref="RelationshipWatchOptions.RunInBackground"/> is set.
/// </summary>
/// <remarks>A failed apply is logged and the next event or apply tries again; a failing watcher is restarted after the pending interval, from its checkpoint.</remarks>
public sealed partial class RelationshipWatchBackgroundService : BackgroundService
{
    private readonly RelationshipWatcher _watcher;
    private readonly IPartnerAccessClient _client;
    private readonly RelationshipWatchOptions _options;
    private readonly ILogger _logger;
    private AccessPlanner? _planner;

    /// <summary>Creates the service.</summary>
    /// <param name="watcher">The watcher.</param>
    /// <param name="client">The client apply runs on.</param>
    /// <param name="options">Whether to watch, and whether to apply on activation.</param>
    /// <param name="logger">Logs events, applies and failures.</param>
    public RelationshipWatchBackgroundService(RelationshipWatcher watcher, IPartnerAccessClient client, IOptions<RelationshipWatchOptions> options, ILogger<RelationshipWatchBackgroundService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _watcher = watcher;
        _client = client;
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Raised after each event was handled (and applied, when that was asked for).</summary>
    public event EventHandler<RelationshipEventHandled>? EventHandled;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RunInBackground)
        {
            return;
        }

        if (_options.ApplyOnActivation && _options.LoadDesiredState is null)
        {
            throw new InvalidOperationException("RelationshipWatchOptions.ApplyOnActivation needs LoadDesiredState.");
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in _watcher.WatchAsync(stoppingToken).ConfigureAwait(false))
                {
                    LogEvent(_logger, change.Kind, change.DisplayName, change.RelationshipId);
                    var applied = change.Kind == RelationshipEventKind.Activated && _options.ApplyOnActivation && change.Customer is { } customer
                        ? await ApplyForAsync(customer, stoppingToken).ConfigureAwait(false)
                        : null;
                    EventHandled?.Invoke(this, new RelationshipEventHandled(change, applied));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogWatchFailed(_logger, e);
                try
                {
                    await Task.Delay(_watcher.Options.PendingInterval, _client.TimeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private async Task<ApplyResult?> ApplyForAsync(CustomerParticipant customer, CancellationToken cancellationToken)
    {
        try
        {
            var desired = await _options.LoadDesiredState!(cancellationToken).ConfigureAwait(false);
            var wanted = desired.Customers.Where(c => RelationshipMatcher.SameTenant(c.Customer.TenantId, customer.TenantId)).ToList();
            if (wanted.Count == 0)
            {
                LogNotManaged(_logger, customer.TenantId);
                return null;
            }

            _planner ??= new AccessPlanner(_client, _options.Planner);
            var result = await _planner.ApplyAsync(new DesiredState(desired.Templates, wanted), null, cancellationToken).ConfigureAwait(false);
            LogApplied(_logger, customer.TenantId, result.Writes, result.Failed);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            LogApplyFailed(_logger, customer.TenantId, e);
            return null;
        }
    }

    [LoggerMessage(EventId = 4211, EventName = "GdapRelationshipEvent", Level = LogLevel.Information,
        Message = "GDAP relationship {Kind}: \"{DisplayName}\" ({RelationshipId})")]
    private static partial void LogEvent(ILogger logger, RelationshipEventKind kind, string displayName, string relationshipId);

    [LoggerMessage(EventId = 4212, EventName = "GdapApplyOnActivation", Level = LogLevel.Information,
        Message = "Applied the desired state for customer {CustomerTenantId} after activation: {Writes} write(s), {Failed} failed")]
    private static partial void LogApplied(ILogger logger, string customerTenantId, int writes, int failed);

    [LoggerMessage(EventId = 4213, EventName = "GdapApplyOnActivationFailed", Level = LogLevel.Error,
        Message = "Applying the desired state for customer {CustomerTenantId} after activation failed; the next apply tries again")]
    private static partial void LogApplyFailed(ILogger logger, string customerTenantId, Exception exception);

    [LoggerMessage(EventId = 4214, EventName = "GdapApplyOnActivationNotManaged", Level = LogLevel.Debug,
        Message = "Customer {CustomerTenantId} is not in the desired state; nothing applied")]
    private static partial void LogNotManaged(ILogger logger, string customerTenantId);

    [LoggerMessage(EventId = 4215, EventName = "GdapWatchFailed", Level = LogLevel.Error,
        Message = "The relationship watch failed; it restarts from its checkpoint after the pending interval")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception);
}
