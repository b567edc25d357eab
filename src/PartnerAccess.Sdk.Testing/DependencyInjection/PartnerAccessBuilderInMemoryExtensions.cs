using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Testing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the in-memory implementation in <c>services.AddPartnerAccess().UseInMemory()</c>.</summary>
public static class PartnerAccessBuilderInMemoryExtensions
{
    /// <summary>
    /// Registers a <see cref="GdapSimulator"/> and an <see cref="InMemoryPartnerAccessClient"/> over it, all singletons
    /// on the container's one <see cref="TimeProvider"/>, and makes it the <see cref="IPartnerAccessClient"/>. Also
    /// registers a <see cref="PimForGroupsSimulator"/> and <see cref="InMemoryJustInTimeAccess"/> as the
    /// <see cref="IJustInTimeAccess"/>, with the <see cref="JustInTimePolicy"/> registered in the container, if any; and a
    /// <see cref="PartnerGroupDirectory"/> with <see cref="InMemoryPartnerGroups"/> as the <see cref="PartnerAccess.Sdk.Groups.IPartnerGroups"/>.
    /// Register a fake <see cref="TimeProvider"/> in tests to control time.
    /// </summary>
    /// <remarks>
    /// Choosing an implementation replaces any earlier <see cref="IPartnerAccessClient"/> registration, so the last
    /// <c>Use*</c> call wins: <c>UseGraph(...)</c> followed by <c>UseInMemory()</c> resolves the in-memory client, for
    /// example in a test host over the production registrations. The shared time source and rules are kept as registered.
    /// </remarks>
    /// <param name="builder">The builder from <c>AddPartnerAccess</c>.</param>
    /// <param name="configure">
    /// Adjusts the simulator's settings. It receives the defaults with the partner tenant id and rule settings of
    /// <see cref="PartnerAccessOptions"/> already applied, and returns the settings to use.
    /// </param>
    /// <returns>The builder.</returns>
    public static IPartnerAccessBuilder UseInMemory(this IPartnerAccessBuilder builder, Func<GdapSimulatorOptions, GdapSimulatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(sp =>
        {
            var shared = sp.GetRequiredService<IOptions<PartnerAccessOptions>>().Value;
            var options = new GdapSimulatorOptions
            {
                Rules = sp.GetService<GdapRules>()?.Options ?? new GdapRuleOptions { AllowRolesNotInCatalog = shared.AllowRolesNotInCatalog },
            };
            if (shared.PartnerTenantId is { } partnerTenantId)
            {
                options = options with { PartnerTenantId = partnerTenantId };
            }

            return new GdapSimulator(sp.GetRequiredService<TimeProvider>(), configure is null ? options : configure(options));
        });
        services.TryAddSingleton(sp => new InMemoryPartnerAccessClient(sp.GetRequiredService<GdapSimulator>(), sp.GetService<ILoggerFactory>()));
        services.RemoveAll<IPartnerAccessClient>();
        services.AddSingleton<IPartnerAccessClient>(sp => sp.GetRequiredService<InMemoryPartnerAccessClient>());

        // Just-in-time access on the same clock; a registered JustInTimePolicy sets the partner's limits.
        services.TryAddSingleton(sp => new PimForGroupsSimulator(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new InMemoryJustInTimeAccess(sp.GetRequiredService<PimForGroupsSimulator>(), sp.GetService<JustInTimePolicy>()));
        services.RemoveAll<IJustInTimeAccess>();
        services.AddSingleton<IJustInTimeAccess>(sp => sp.GetRequiredService<InMemoryJustInTimeAccess>());
        services.TryAddSingleton(sp => new PartnerGroupDirectory(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new InMemoryPartnerGroups(sp.GetRequiredService<PartnerGroupDirectory>()));
        services.RemoveAll<PartnerAccess.Sdk.Groups.IPartnerGroups>();
        services.AddSingleton<PartnerAccess.Sdk.Groups.IPartnerGroups>(sp => sp.GetRequiredService<InMemoryPartnerGroups>());
        return builder;
    }
}
