using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace PartnerAccess.Sdk.Notifications;

/// <summary>
/// Runs the notification pipeline at start and then every <see cref="NotificationOptions.Interval"/>, on the
/// registered <see cref="TimeProvider"/>. A failed run is logged and the next one tries again; the ledger keeps runs
/// from repeating notices. Does nothing unless <see cref="NotificationOptions.RunInBackground"/> is set.
/// </summary>
public sealed partial class NotificationBackgroundService : BackgroundService
{
    private readonly NotificationRunner _runner;
    private readonly NotificationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    /// <param name="runner">Runs the pipeline.</param>
    /// <param name="options">Whether and how often to run.</param>
    /// <param name="timeProvider">The clock the schedule runs on.</param>
    /// <param name="logger">Logs runs and failures.</param>
    public NotificationBackgroundService(NotificationRunner runner, IOptions<NotificationOptions> options, TimeProvider timeProvider, ILogger<NotificationBackgroundService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _runner = runner;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Raised after each run, successful or not (the result is <see langword="null"/> when the run failed).</summary>
    public event EventHandler<NotificationRunResult?>? RunCompleted;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RunInBackground)
        {
            return;
        }

        if (_options.Interval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("NotificationOptions.Interval must be positive.");
        }

        // The timer starts before the first run, so the schedule does not drift by the length of that run.
        using var timer = new PeriodicTimer(_options.Interval, _timeProvider);
        try
        {
            await RunOnceSafelyAsync(stoppingToken).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await RunOnceSafelyAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RunOnceSafelyAsync(CancellationToken stoppingToken)
    {
        NotificationRunResult? result = null;
        try
        {
            result = await _runner.RunOnceAsync(stoppingToken).ConfigureAwait(false);
            LogRun(_logger, result.Outcomes.Count, result.Sent.Count, result.FailedCount);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            LogRunFailed(_logger, e);
        }

        RunCompleted?.Invoke(this, result);
    }

    [LoggerMessage(EventId = 4110, EventName = "GdapNotificationRun", Level = LogLevel.Information,
        Message = "GDAP notification run: {Planned} planned, {Sent} sent, {Failed} failed")]
    private static partial void LogRun(ILogger logger, int planned, int sent, int failed);

    [LoggerMessage(EventId = 4111, EventName = "GdapNotificationRunFailed", Level = LogLevel.Error,
        Message = "GDAP notification run failed; the next run tries again")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
