using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.DependencyInjection;

/// <summary>Chooses the Microsoft Graph implementation for <c>AddPartnerAccess</c>.</summary>
public static class PartnerAccessBuilderGraphExtensions
{
    /// <summary>
    /// Registers <see cref="GraphPartnerAccessClient"/> as the singleton <see cref="IPartnerAccessClient"/>. It uses
    /// the container's <see cref="TimeProvider"/> and, unless <see cref="GraphPartnerAccessOptions.Rules"/> is set,
    /// the rule settings from <c>AddPartnerAccess</c>. The options are validated on start, every problem at once.
    /// </summary>
    /// <param name="builder">The builder from <c>AddPartnerAccess</c>.</param>
    /// <param name="configure">Sets the options; set a credential or a static token there.</param>
    /// <returns>The builder.</returns>
    public static IPartnerAccessBuilder UseGraph(this IPartnerAccessBuilder builder, Action<GraphPartnerAccessOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<GraphPartnerAccessOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphPartnerAccessOptions>, GraphPartnerAccessOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GraphPartnerAccessOptions>>().Value;
            var shared = sp.GetRequiredService<IOptions<PartnerAccessOptions>>().Value;
            var rules = options.Rules is null ? sp.GetRequiredService<GdapRules>() : new GdapRules(options.Rules);
            return new GraphPartnerAccessClient(
                options,
                authenticationProvider: null,
                options.Transport,
                rules,
                options.PartnerTenantId ?? shared.PartnerTenantId,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILoggerFactory>(),
                random: null);
        });
        services.RemoveAll<IPartnerAccessClient>();
        services.AddSingleton<IPartnerAccessClient>(sp => sp.GetRequiredService<GraphPartnerAccessClient>());
        return builder;
    }

    /// <summary>Registers the Graph implementation with an Azure.Identity credential.</summary>
    /// <param name="builder">The builder from <c>AddPartnerAccess</c>.</param>
    /// <param name="credential">For example a <c>ClientCertificateCredential</c> or <c>ManagedIdentityCredential</c>.</param>
    /// <param name="configure">Sets further options; optional.</param>
    /// <returns>The builder.</returns>
    public static IPartnerAccessBuilder UseGraph(this IPartnerAccessBuilder builder, TokenCredential credential, Action<GraphPartnerAccessOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return builder.UseGraph(options =>
        {
            options.Credential = credential;
            configure?.Invoke(options);
        });
    }
}
