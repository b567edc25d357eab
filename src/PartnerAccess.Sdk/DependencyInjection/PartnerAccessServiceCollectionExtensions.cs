using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Rules;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers PartnerAccess.Sdk in a service collection.</summary>
public static class PartnerAccessServiceCollectionExtensions
{
    /// <summary>
    /// Registers the shared pieces: options (validated on start, every problem at once), the rule engine, and one time
    /// source: <see cref="TimeProvider"/> (the system clock unless one is already registered) with the NodaTime
    /// <see cref="IClock"/> derived from it. These shared singletons are only added when missing. Follow with
    /// <c>.UseGraph(...)</c> or <c>.UseInMemory(...)</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets options; optional.</param>
    /// <returns>A builder to choose the implementation with.</returns>
    public static IPartnerAccessBuilder AddPartnerAccess(this IServiceCollection services, Action<PartnerAccessOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PartnerAccessOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PartnerAccessOptions>, PartnerAccessOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IClock>(sp => sp.GetRequiredService<TimeProvider>().ToClock());
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<PartnerAccessOptions>>().Value;
            return new GdapRules(new GdapRuleOptions { AllowRolesNotInCatalog = o.AllowRolesNotInCatalog });
        });
        return new PartnerAccessBuilder(services);
    }

    private sealed class PartnerAccessBuilder(IServiceCollection services) : IPartnerAccessBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
