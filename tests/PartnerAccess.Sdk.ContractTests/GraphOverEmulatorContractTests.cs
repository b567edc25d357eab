using NodaTime;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.ContractTests;

/// <summary>The shared behaviour suite, run against GraphPartnerAccessClient over real HTTP to the loopback emulator.</summary>
public sealed class GraphOverEmulatorContractTests : PartnerAccessClientContractTests
{
    protected override async Task<IContractHarness> CreateHarnessAsync()
    {
        var emulator = await GdapEmulator.StartAsync(new GdapEmulatorOptions { BearerToken = "contract-token" });
        var client = new GraphPartnerAccessClient(
            new GraphPartnerAccessOptions { BaseUrl = emulator.GraphBaseUrl, StaticAccessToken = "contract-token" },
            new ServiceClock(emulator.Clock));
        return new EmulatorHarness(emulator, client);
    }

    private sealed class EmulatorHarness(GdapEmulator emulator, GraphPartnerAccessClient client) : IContractHarness
    {
        private readonly HttpClient _control = emulator.CreateHttpClient();

        public IPartnerAccessClient Client => client;

        public async Task ApproveAsync(string relationshipId, CustomerParticipant? customer = null)
        {
            var body = customer is null ? "{}" : $$"""{"customerTenantId":"{{customer.TenantId}}","customerDisplayName":"{{customer.DisplayName}}"}""";
            await PostAsync($"_emulator/relationships/{relationshipId}/approve", body);
        }

        public Task TerminateByCustomerAsync(string relationshipId) => PostAsync($"_emulator/relationships/{relationshipId}/terminate", "{}");

        public Task AdvanceAsync(Duration by) => PostAsync("_emulator/clock/advance", $$"""{"duration":"{{Time.GdapDurations.Format(by)}}"}""");

        public async ValueTask DisposeAsync()
        {
            _control.Dispose();
            client.Dispose();
            await emulator.DisposeAsync();
        }

        private async Task PostAsync(string path, string json)
        {
            using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            using var response = await _control.PostAsync(new Uri(emulator.BaseAddress, path), content);
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>"Now" is the emulator's (the service's) clock; delays and timers run on the real one, as over a network.</summary>
    private sealed class ServiceClock(TimeProvider service) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => service.GetUtcNow();
    }
}
