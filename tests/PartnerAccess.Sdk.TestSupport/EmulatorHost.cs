using System.Text;
using NodaTime;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.TestSupport;

/// <summary>
/// The loopback emulator in-process, a <see cref="GraphPartnerAccessClient"/> over real HTTP to it, and an
/// <see cref="HttpClient"/> on its control surface (<c>/_emulator/...</c>) for the customer's side and the service's clock.
/// </summary>
/// <remarks>
/// The client's clock is the emulator's (<see cref="GdapEmulator.Clock"/>: "now" is the service's, timers are real, as
/// over a network) unless a test passes its own.
/// </remarks>
public sealed class EmulatorHost : IAsyncDisposable
{
    /// <summary>The token clients send when the emulator was not told to require a particular one.</summary>
    public const string DefaultToken = "emulator-test-token";

    private readonly Action<GraphPartnerAccessOptions>? _configureClient;
    private readonly Lazy<GraphPartnerAccessClient> _client;

    private EmulatorHost(GdapEmulator emulator, string token, Action<GraphPartnerAccessOptions>? configureClient, TimeProvider? clientTime)
    {
        Emulator = emulator;
        Token = token;
        ClientTime = clientTime ?? emulator.Clock;
        _configureClient = configureClient;
        Control = emulator.CreateHttpClient();
        _client = new Lazy<GraphPartnerAccessClient>(() => CreateClient());
    }

    public GdapEmulator Emulator { get; }

    /// <summary>The bearer token the clients send: the emulator's own when it requires one.</summary>
    public string Token { get; }

    /// <summary>The clock of <see cref="Client"/> and of every client <see cref="CreateClient"/> makes without its own.</summary>
    public TimeProvider ClientTime { get; }

    /// <summary>Plain HTTP to the emulator's base address: its control surface, or raw Graph requests.</summary>
    public HttpClient Control { get; }

    /// <summary>A client made (on first use) by <see cref="CreateClient"/> with the host's settings; disposed with the host.</summary>
    public GraphPartnerAccessClient Client => _client.Value;

    /// <summary>Starts an emulator on a free loopback port.</summary>
    /// <param name="options">The emulator's settings; its defaults when <see langword="null"/>.</param>
    /// <param name="configureClient">Settings for every client this host makes, after the base URL and the token.</param>
    /// <param name="clientTime">The clients' clock; the emulator's when <see langword="null"/>.</param>
    public static async Task<EmulatorHost> StartAsync(
        GdapEmulatorOptions? options = null,
        Action<GraphPartnerAccessOptions>? configureClient = null,
        TimeProvider? clientTime = null)
    {
        var emulator = await GdapEmulator.StartAsync(options);
        return new EmulatorHost(emulator, options?.BearerToken ?? DefaultToken, configureClient, clientTime);
    }

    /// <summary>A new client on the emulator (the caller disposes it): the host's settings, then <paramref name="configure"/>.</summary>
    public GraphPartnerAccessClient CreateClient(Action<GraphPartnerAccessOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new GraphPartnerAccessOptions { BaseUrl = Emulator.GraphBaseUrl, StaticAccessToken = Token };
        _configureClient?.Invoke(options);
        configure?.Invoke(options);
        return new GraphPartnerAccessClient(options, time ?? ClientTime);
    }

    /// <summary>The customer approves, through <c>POST /_emulator/relationships/{id}/approve</c>.</summary>
    public Task ApproveAsync(string relationshipId, CustomerParticipant? customer = null, CancellationToken cancellationToken = default)
    {
        var body = customer is null ? "{}" : $$"""{"customerTenantId":"{{customer.TenantId}}","customerDisplayName":"{{customer.DisplayName}}"}""";
        return PostAsync($"_emulator/relationships/{Uri.EscapeDataString(relationshipId)}/approve", body, cancellationToken);
    }

    /// <summary>Every customer approves every relationship awaiting approval; returns how many there were.</summary>
    public async Task<int> ApproveAllAsync()
    {
        var pending = Emulator.Simulator.ListRelationships().Where(r => r.Status == RelationshipStatus.ApprovalPending).ToList();
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 8 }, (relationship, ct) =>
            new ValueTask(ApproveAsync(relationship.Id, cancellationToken: ct)));
        return pending.Count;
    }

    /// <summary>The customer terminates, through <c>POST /_emulator/relationships/{id}/terminate</c>.</summary>
    public Task TerminateByCustomerAsync(string relationshipId) =>
        PostAsync($"_emulator/relationships/{Uri.EscapeDataString(relationshipId)}/terminate", "{}", CancellationToken.None);

    /// <summary>Moves the service's clock, through <c>POST /_emulator/clock/advance</c>.</summary>
    public Task AdvanceAsync(Duration by) =>
        PostAsync("_emulator/clock/advance", $$"""{"duration":"{{GdapDurations.Format(by)}}"}""", CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }

        Control.Dispose();
        await Emulator.DisposeAsync();
    }

    private async Task PostAsync(string path, string json, CancellationToken cancellationToken)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Control.PostAsync(new Uri(Emulator.BaseAddress, path), content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
