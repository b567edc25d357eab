using NodaTime;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Graph;

using Xunit;

namespace PartnerAccess.Sdk.TestSupport;

/// <summary>A test class over its own <see cref="EmulatorHost"/>: one emulator per test, and a Graph client pointed at it.</summary>
public abstract class EmulatorFixture : IAsyncLifetime
{
    protected const string Token = "insights-test-token";
    protected const string PartnerTenantId = Fixtures.PartnerTenantId;
    protected const string CustomerTenantId = Fixtures.ContosoTenantId;
    protected static readonly Instant Start = Fixtures.T0;

    private EmulatorHost? _host;

    protected EmulatorHost Host => _host ?? throw new InvalidOperationException("Not started.");

    protected GdapEmulator Emulator => Host.Emulator;

    protected GraphPartnerAccessClient Client => Host.Client;

    protected HttpClient Http => Host.Control;

    public async Task InitializeAsync() => _host = await EmulatorHost.StartAsync(
        new GdapEmulatorOptions { StartTime = Start, BearerToken = Token },
        options =>
        {
            options.PartnerTenantId = PartnerTenantId;
            options.MaxAttempts = 1;
        });

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>A client that sends <paramref name="token"/> instead of the emulator's; the caller disposes it.</summary>
    protected GraphPartnerAccessClient CreateClient(string token) => Host.CreateClient(options => options.StaticAccessToken = token);
}
