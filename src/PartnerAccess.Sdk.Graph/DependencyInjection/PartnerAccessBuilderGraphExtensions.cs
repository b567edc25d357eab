using Azure.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Graph.Http;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Rules;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the Microsoft Graph implementation for <c>AddPartnerAccess</c>.</summary>
public static class PartnerAccessBuilderGraphExtensions
{
    /// <summary>
    /// Registers <see cref="GraphPartnerAccessClient"/> as a singleton and makes it the <see cref="IPartnerAccessClient"/>;
    /// registers <see cref="GraphJustInTimeAccess"/> over it as the <see cref="IJustInTimeAccess"/> and
    /// <see cref="GraphPartnerGroups"/> as the <see cref="PartnerAccess.Sdk.Groups.IPartnerGroups"/>.
    /// It uses the container's <see cref="TimeProvider"/> and, unless <see cref="GraphPartnerAccessOptions.Rules"/> is set,
    /// the rule settings from <c>AddPartnerAccess</c>. The options are validated on start, every problem at once.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Requests go through the named <see cref="HttpClient"/> <see cref="GraphPartnerAccessClient.HttpClientName"/> of
    /// <see cref="IHttpClientFactory"/>. Its pipeline holds Graph's middleware and the one retry layer; the primary
    /// handler is <see cref="GraphPartnerAccessOptions.Transport"/> when set (never disposed), otherwise a
    /// <see cref="SocketsHttpHandler"/> configured as Graph's own. Customise it with <see cref="AddGraphHttpClient"/>:
    /// handlers added there run inside the retry layer, once per attempt.
    /// </para>
    /// <para>
    /// Choosing an implementation replaces any earlier <see cref="IPartnerAccessClient"/> registration, so the last
    /// <c>Use*</c> call wins: <c>UseInMemory()</c> followed by <c>UseGraph(...)</c> resolves the Graph client. The shared
    /// time source and rules are kept as registered.
    /// </para>
    /// </remarks>
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
        AddGraphHttpClient(builder);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GraphPartnerAccessOptions>>().Value;
            var shared = sp.GetRequiredService<IOptions<PartnerAccessOptions>>().Value;
            var rules = options.Rules is null ? sp.GetRequiredService<GdapRules>() : new GdapRules(options.Rules);
            return new GraphPartnerAccessClient(
                options,
                authenticationProvider: null,
                transport: null,
                rules,
                options.PartnerTenantId ?? shared.PartnerTenantId,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILoggerFactory>(),
                random: null,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(GraphPartnerAccessClient.HttpClientName));
        });
        services.RemoveAll<IPartnerAccessClient>();
        services.AddSingleton<IPartnerAccessClient>(sp => sp.GetRequiredService<GraphPartnerAccessClient>());

        // Just-in-time access shares the client's pipeline; a registered JustInTimePolicy sets the partner's limits.
        services.TryAddSingleton(sp => new GraphJustInTimeAccess(sp.GetRequiredService<GraphPartnerAccessClient>(), sp.GetService<JustInTimePolicy>()));
        services.RemoveAll<IJustInTimeAccess>();
        services.AddSingleton<IJustInTimeAccess>(sp => sp.GetRequiredService<GraphJustInTimeAccess>());
        services.RemoveAll<PartnerAccess.Sdk.Groups.IPartnerGroups>();
        services.AddSingleton<PartnerAccess.Sdk.Groups.IPartnerGroups>(sp => new GraphPartnerGroups(sp.GetRequiredService<GraphPartnerAccessClient>()));
        return builder;
    }

    /// <summary>Registers the Graph implementation with an Azure.Identity credential; otherwise as <see cref="UseGraph(IPartnerAccessBuilder, Action{GraphPartnerAccessOptions})"/>.</summary>
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

    /// <summary>
    /// The <see cref="IHttpClientBuilder"/> of the HttpClient the Graph client sends through, to customise it: add a
    /// handler (it runs inside the retry layer, once per attempt, for example a <c>RequestPacerHandler</c>), replace the
    /// primary handler (a proxy, an in-process test server), or add logging. Calling it again returns the same client's
    /// builder; <c>UseGraph</c> calls it too.
    /// </summary>
    /// <param name="builder">The builder from <c>AddPartnerAccess</c>.</param>
    /// <returns>The HttpClient builder.</returns>
    public static IHttpClientBuilder AddGraphHttpClient(this IPartnerAccessBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var http = services.AddHttpClient(GraphPartnerAccessClient.HttpClientName);
        if (services.Any(d => d.ServiceType == typeof(GraphPipelineMarker)))
        {
            return http;
        }

        services.AddSingleton<GraphPipelineMarker>();

        // The retry layer owns every timeout; HttpClient's own 100 s limit would cut Retry-After waits short. The client
        // is a singleton holding one HttpClient, so the handler is never rotated; SocketsHttpHandler renews connections.
        http.ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
                sp.GetRequiredService<IOptions<GraphPartnerAccessOptions>>().Value.Transport is { } transport
                    ? new NonDisposingHandler(transport)
                    : GraphPartnerAccessClient.CreateDefaultTransport())
            .ConfigureAdditionalHttpMessageHandlers((handlers, sp) =>
            {
                // Outermost, before any handler the application adds, so those run once per attempt.
                var ours = GraphPartnerAccessClient.CreateHandlers(
                    sp.GetRequiredService<IOptions<GraphPartnerAccessOptions>>().Value,
                    sp.GetRequiredService<TimeProvider>(),
                    (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<GraphPartnerAccessClient>(),
                    random: null);
                for (var i = ours.Count - 1; i >= 0; i--)
                {
                    handlers.Insert(0, ours[i]);
                }
            });
        return http;
    }

    /// <summary>Marks the Graph HttpClient as configured, so a second call adds no second retry layer.</summary>
    private sealed class GraphPipelineMarker;
}
