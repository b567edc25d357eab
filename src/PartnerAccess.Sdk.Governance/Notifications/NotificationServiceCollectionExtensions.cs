using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Notifications;
using PartnerAccess.Sdk.Rules;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the notification pipeline.</summary>
public static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the planner, the ledger (a JSON file when <see cref="NotificationOptions.LedgerFilePath"/> is set,
    /// otherwise in memory), the composer, the recipients from options, a logging sender, the dispatcher, the runner and
    /// the background service (idle unless <see cref="NotificationOptions.RunInBackground"/>). The options, planner
    /// settings included, are validated when the host starts, every problem at once. Register more senders as
    /// <see cref="INotificationSender"/>, and your own <see cref="INotificationLedger"/> or
    /// <see cref="INotificationRecipientResolver"/> before this call to replace the defaults.
    /// </summary>
    /// <param name="builder">The builder from <c>AddPartnerAccess</c>.</param>
    /// <param name="configure">Sets options; optional.</param>
    /// <returns>The builder.</returns>
    public static IPartnerAccessBuilder AddNotifications(this IPartnerAccessBuilder builder, Action<NotificationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<NotificationOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new NotificationPlanner(Options(sp).Planner));
        services.TryAddSingleton<INotificationLedger>(sp => Options(sp).LedgerFilePath is { Length: > 0 } path
            ? new JsonFileNotificationLedger(path)
            : new InMemoryNotificationLedger());
        services.TryAddSingleton(sp => new NotificationComposer(Options(sp).Messages));
        services.TryAddSingleton<INotificationRecipientResolver>(sp => Options(sp).Recipients);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationSender, OptionalLoggingSender>());
        services.TryAddSingleton(sp => new NotificationDispatcher(
            sp.GetRequiredService<NotificationPlanner>(),
            sp.GetRequiredService<INotificationLedger>(),
            sp.GetServices<INotificationSender>(),
            sp.GetRequiredService<INotificationRecipientResolver>(),
            sp.GetRequiredService<NotificationComposer>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<NotificationDispatcher>>(),
            Options(sp).Renewal,
            sp.GetService<GdapRules>()));
        services.TryAddSingleton<NotificationRunner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, NotificationBackgroundService>());
        return builder;
    }

    private static NotificationOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<NotificationOptions>>().Value;

    /// <summary>The logging sender, switched by <see cref="NotificationOptions.LogNotices"/>.</summary>
    private sealed class OptionalLoggingSender(IOptions<NotificationOptions> options, ILoggerFactory? loggerFactory = null) : INotificationSender
    {
        private readonly LoggingNotificationSender? _inner = options.Value.LogNotices
            ? new LoggingNotificationSender((loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<LoggingNotificationSender>())
            : null;

        public Task SendAsync(NotificationMessage message, CancellationToken cancellationToken = default) =>
            _inner?.SendAsync(message, cancellationToken) ?? Task.CompletedTask;
    }
}
