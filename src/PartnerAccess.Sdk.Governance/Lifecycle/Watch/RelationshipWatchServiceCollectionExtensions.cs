using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Lifecycle;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the relationship watch.</summary>
public static class RelationshipWatchServiceCollectionExtensions
{
    /// <summary>
    /// Registers the checkpoint store (a JSON file when <see cref="RelationshipWatchOptions.CheckpointFilePath"/> is
    /// set, otherwise in memory), a <see cref="RelationshipWatcher"/> on the registered <see cref="IPartnerAccessClient"/>,
    /// and the <see cref="RelationshipWatchBackgroundService"/> (idle unless <see cref="RelationshipWatchOptions.RunInBackground"/>).
    /// The options are validated when the host starts, every problem at once. Register your own
    /// <see cref="IRelationshipWatchCheckpointStore"/> before this call to replace the default.
    /// </summary>
    /// <param name="builder">The builder from <c>AddPartnerAccess</c>.</param>
    /// <param name="configure">Sets options; optional.</param>
    /// <returns>The builder.</returns>
    public static IPartnerAccessBuilder AddRelationshipWatch(this IPartnerAccessBuilder builder, Action<RelationshipWatchOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<RelationshipWatchOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RelationshipWatchOptions>, RelationshipWatchOptionsValidator>());
        services.TryAddSingleton<IRelationshipWatchCheckpointStore>(sp => Options(sp).CheckpointFilePath is { Length: > 0 } path
            ? new JsonFileRelationshipWatchCheckpointStore(path)
            : new InMemoryRelationshipWatchCheckpointStore());
        services.TryAddSingleton(sp => new RelationshipWatcher(
            sp.GetRequiredService<IPartnerAccessClient>(),
            sp.GetRequiredService<IRelationshipWatchCheckpointStore>(),
            Options(sp).Watcher,
            sp.GetService<ILogger<RelationshipWatcher>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RelationshipWatchBackgroundService>());
        return builder;
    }

    private static RelationshipWatchOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<RelationshipWatchOptions>>().Value;
}
