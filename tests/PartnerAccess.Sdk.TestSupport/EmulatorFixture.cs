using NodaTime;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Graph.Authentication;

using Xunit;

namespace PartnerAccess.Sdk.TestSupport;

/// <summary>One emulator per test on a loopback port, and a Graph client pointed at it.</summary>
public abstract class EmulatorFixture : IAsyncLifetime
{
    protected const string Token = "insights-test-token";
    protected const string PartnerTenantId = "8777b240-c6f0-4469-9e98-a3205431b836";
    protected const string CustomerTenantId = "4b827261-d21f-4aa9-b7db-7fa1f56fb163";
    protected static readonly Instant Start = Instant.FromUtc(2025, 1, 1, 9, 0);

    private GdapEmulator? _emulator;
    private GraphPartnerAccessClient? _client;
    private HttpClient? _http;

    protected GdapEmulator Emulator => _emulator ?? throw new InvalidOperationException("Not started.");

    protected GraphPartnerAccessClient Client => _client ?? throw new InvalidOperationException("Not started.");

    protected HttpClient Http => _http ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _emulator = await GdapEmulator.StartAsync(new GdapEmulatorOptions { StartTime = Start, BearerToken = Token });
        _client = CreateClient(Token);
        _http = _emulator.CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        _http?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    protected GraphPartnerAccessClient CreateClient(string token) => new(
        new SocketsHttpHandler(),
        GraphAuthentication.ForStaticToken(token, Emulator.GraphBaseUrl),
        new GraphPartnerAccessOptions { BaseUrl = Emulator.GraphBaseUrl, PartnerTenantId = PartnerTenantId, MaxAttempts = 1 },
        Emulator.Clock);
}
