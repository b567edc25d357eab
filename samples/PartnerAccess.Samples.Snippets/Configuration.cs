using System.Net;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Samples.Snippets;

/// <summary>docs/configuration.md: options and dependency injection.</summary>
public static class ConfigurationSnippets
{
    /// <summary>A host that talks to Microsoft Graph with a managed identity; returns the client it resolved.</summary>
    public static IPartnerAccessClient GraphHost(string[] args)
    {
        #region Snippet:ConfigurationUseGraph
        var builder = Host.CreateApplicationBuilder(args);

        builder.Services
            .AddPartnerAccess(options =>
            {
                options.PartnerTenantId = "8777b240-c6f0-4469-9e98-a3205431b836";
                options.AllowRolesNotInCatalog = false;
            })
            .UseGraph(new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned), graph =>
            {
                graph.MaxAttempts = 4;
                graph.TotalTimeout = TimeSpan.FromMinutes(2);
            });

        using var host = builder.Build();
        var client = host.Services.GetRequiredService<IPartnerAccessClient>();
        #endregion

        return client;
    }

    /// <summary>Graph options bound from configuration, the credential from code.</summary>
    public static IPartnerAccessClient BoundFromConfiguration(HostApplicationBuilder builder, TokenCredential credential)
    {
        #region Snippet:ConfigurationBinding
        builder.Services.AddPartnerAccess()
            .UseGraph(credential, graph => builder.Configuration.GetSection("PartnerAccess:Graph").Bind(graph));
        #endregion

        using var host = builder.Build();
        return host.Services.GetRequiredService<IPartnerAccessClient>();
    }

    /// <summary>The Graph client's HttpClient, customised through IHttpClientFactory: paced, behind a proxy.</summary>
    public static IPartnerAccessClient CustomisedHttpClient(HostApplicationBuilder builder, TokenCredential credential, RequestPacer pacer)
    {
        #region Snippet:ConfigurationGraphHttpClient
        var partnerAccess = builder.Services.AddPartnerAccess().UseGraph(credential);

        // Handlers added here run inside the one retry layer, once per attempt: the pacer sees every 429.
        partnerAccess.AddGraphHttpClient()
            .AddHttpMessageHandler(() => new RequestPacerHandler(pacer))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                Proxy = new WebProxy("http://proxy.fabrikam.example:8080"),
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            });
        #endregion

        using var host = builder.Build();
        return host.Services.GetRequiredService<IPartnerAccessClient>();
    }

    /// <summary>A service provider with the in-memory client on a fake clock.</summary>
    public static ServiceProvider InMemoryServices(FakeTimeProvider time)
    {
        #region Snippet:ConfigurationUseInMemory
        var services = new ServiceCollection();

        // One TimeProvider for everything: register yours before AddPartnerAccess and the SDK uses it.
        services.AddSingleton<TimeProvider>(time);
        services.AddPartnerAccess()
            .UseInMemory(simulator => simulator with
            {
                ActivationDelay = Duration.FromMinutes(5),       // the service's own steps take time...
                AssignmentActivationDelay = Duration.FromMinutes(2),
            });

        var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IPartnerAccessClient>();   // ...on the fake clock
        #endregion

        return provider;
    }

    /// <summary>Shows that "now" and every wait come from the one registered TimeProvider.</summary>
    public static (Instant ClockNow, DateTimeOffset ProviderNow) OneTimeProvider(FakeTimeProvider time)
    {
        #region Snippet:ConfigurationOneTimeProvider
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddPartnerAccess().UseInMemory();
        using var provider = services.BuildServiceProvider();

        // The NodaTime clock is derived from the same TimeProvider, and so is the client's.
        var clock = provider.GetRequiredService<IClock>();
        var client = provider.GetRequiredService<IPartnerAccessClient>();
        Console.WriteLine($"{clock.GetCurrentInstant()} = {client.TimeProvider.GetUtcNow()}");
        #endregion

        return (clock.GetCurrentInstant(), client.TimeProvider.GetUtcNow());
    }
}
