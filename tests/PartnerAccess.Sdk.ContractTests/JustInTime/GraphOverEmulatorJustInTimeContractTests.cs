using System.Text;
using NodaTime;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.JustInTime;

namespace PartnerAccess.Sdk.ContractTests.JustInTime;

/// <summary>The just-in-time suite against GraphJustInTimeAccess over real HTTP to the loopback emulator, on its clock.</summary>
public sealed class GraphOverEmulatorJustInTimeContractTests : JustInTimeAccessContractTests
{
    protected override async Task<IJustInTimeHarness> CreateHarnessAsync() => new EmulatorHarness(await EmulatorHost.StartAsync());

    /// <summary>The tenant's side through the emulator's control surface (<c>/_emulator/pim</c>).</summary>
    private sealed class EmulatorHarness(EmulatorHost host) : IJustInTimeHarness
    {
        private readonly GraphJustInTimeAccess _access = new(host.Client);

        public IJustInTimeAccess Access => _access;

        public Task AddGroupAsync(string groupId) => SendAsync(HttpMethod.Post, "_emulator/pim/groups", $$"""{"groupId":"{{groupId}}","displayName":"GDAP - Exchange administrators"}""");

        public Task AddStandingMemberAsync(string groupId, string principalId) =>
            SendAsync(HttpMethod.Post, $"_emulator/pim/groups/{groupId}/standingMembers", $$"""{"principalId":"{{principalId}}"}""");

        public Task SetLicensedAsync(string principalId, bool licensed) =>
            SendAsync(HttpMethod.Put, $"_emulator/pim/users/{principalId}/licence", licensed ? """{"licensed":true}""" : """{"licensed":false}""");

        public Task AdvanceAsync(Duration by) => host.AdvanceAsync(by);

        public ValueTask DisposeAsync() => host.DisposeAsync();

        private async Task SendAsync(HttpMethod method, string path, string json)
        {
            using var request = new HttpRequestMessage(method, new Uri(host.Emulator.BaseAddress, path)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            using var response = await host.Control.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }
    }
}
