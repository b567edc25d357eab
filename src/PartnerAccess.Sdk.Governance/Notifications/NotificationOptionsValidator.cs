using Microsoft.Extensions.Options;
using NodaTime;

namespace PartnerAccess.Sdk.Notifications;

/// <summary>
/// Validates <see cref="NotificationOptions"/> with its <see cref="NotificationOptions.Planner"/> settings, reporting
/// every problem at once; the planner's constructor uses the same checks.
/// </summary>
internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Interval <= TimeSpan.Zero)
        {
            failures.Add($"NotificationOptions.Interval must be positive; it is {options.Interval}.");
        }

        if (options.Planner is null)
        {
            failures.Add("NotificationOptions.Planner is required.");
        }
        else
        {
            AddPlannerFailures(options.Planner, "NotificationOptions.Planner.", failures);
        }

        if (options.Messages is null)
        {
            failures.Add("NotificationOptions.Messages is required.");
        }

        if (options.Renewal is null)
        {
            failures.Add("NotificationOptions.Renewal is required.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws one <see cref="ArgumentException"/> naming every problem of planner settings given directly.</summary>
    public static void ThrowIfInvalid(NotificationPlannerOptions options, string parameterName)
    {
        var failures = new List<string>();
        AddPlannerFailures(options, "NotificationPlannerOptions.", failures);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), parameterName);
        }
    }

    private static void AddPlannerFailures(NotificationPlannerOptions options, string prefix, List<string> failures)
    {
        if (options.ExpiryThresholds is null || options.ExpiryThresholds.Any(t => t <= Duration.Zero))
        {
            failures.Add($"{prefix}{nameof(options.ExpiryThresholds)}: every expiry threshold must be positive.");
        }

        if (options.ApprovalCleanupThresholds is null || options.ApprovalCleanupThresholds.Any(t => t <= Duration.Zero))
        {
            failures.Add($"{prefix}{nameof(options.ApprovalCleanupThresholds)}: every approval clean-up threshold must be positive.");
        }

        if (options.ApprovalPendingCleanup <= Duration.Zero)
        {
            failures.Add($"{prefix}{nameof(options.ApprovalPendingCleanup)} must be positive; it is {options.ApprovalPendingCleanup}.");
        }

        if (options.RecentEventWindow < Duration.Zero)
        {
            failures.Add($"{prefix}{nameof(options.RecentEventWindow)} cannot be negative; it is {options.RecentEventWindow}.");
        }
    }
}
