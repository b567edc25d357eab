using PartnerAccess.Sdk.Graph.Authentication;

namespace PartnerAccess.Sdk.Graph.Tests.Support;

/// <summary>Builds clients over the stub with fixed jitter and the observable clock.</summary>
public static class TestClients
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(100);
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromMinutes(10);
    public static readonly Uri BaseUrl = new("https://graph.microsoft.com/v1.0");

    /// <summary>The timeouts a test ignores when it waits for a retry delay.</summary>
    public static readonly TimeSpan[] Timeouts = [AttemptTimeout, TotalTimeout];

    public static GraphPartnerAccessOptions Options(Action<GraphPartnerAccessOptions>? configure = null)
    {
        var options = new GraphPartnerAccessOptions
        {
            AttemptTimeout = AttemptTimeout,
            TotalTimeout = TotalTimeout,
            MaxAttempts = 4,
            BaseDelay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A client whose jitter is always the midpoint, so backoff delays are exact: 0.75 × base × 2^n.</summary>
    public static GraphPartnerAccessClient Create(StubGraphHandler stub, TimeProvider time, Action<GraphPartnerAccessOptions>? configure = null)
    {
        var options = Options(configure);
        return new GraphPartnerAccessClient(
            options,
            GraphAuthentication.ForStaticToken("test-token", options.GetEffectiveBaseUrl()),
            stub,
            rules: null,
            partnerTenantId: GraphJson.PartnerTenant,
            time,
            loggerFactory: null,
            random: () => 0.5);
    }
}
