using PartnerAccess.Sdk.Renewal;

namespace PartnerAccess.Sdk.Notifications;

/// <summary>
/// Settings of the notification pipeline registered by
/// <see cref="Microsoft.Extensions.DependencyInjection.NotificationServiceCollectionExtensions.AddNotifications"/>;
/// validated when the host starts, every problem at once.
/// </summary>
public sealed class NotificationOptions
{
    /// <summary>Thresholds, windows and audiences.</summary>
    public NotificationPlannerOptions Planner { get; set; } = new();

    /// <summary>Who receives notices.</summary>
    public NotificationRecipients Recipients { get; } = new();

    /// <summary>What messages say about the sender.</summary>
    public NotificationMessageOptions Messages { get; set; } = new();

    /// <summary>How renewals are proposed in expiry notices.</summary>
    public RenewalOptions Renewal { get; set; } = new();

    /// <summary>Where the ledger of sent notices lives; in memory (forgotten on restart) when <see langword="null"/>.</summary>
    public string? LedgerFilePath { get; set; }

    /// <summary>Run the pipeline in a hosted background service. Default: <see langword="false"/>.</summary>
    public bool RunInBackground { get; set; }

    /// <summary>How often the background service runs. Default: one hour. Runs are cheap and never send a notice twice.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Also write one log line per sent notice (never the body). Default: <see langword="true"/>.</summary>
    public bool LogNotices { get; set; } = true;
}
