using NodaTime;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.ContractTests;

/// <summary>The shared behaviour suite, run against GraphPartnerAccessClient over real HTTP to the loopback emulator.</summary>
public sealed class GraphOverEmulatorContractTests : PartnerAccessClientContractTests
{
    protected override async Task<IContractHarness> CreateHarnessAsync() =>
        new EmulatorHarness(await EmulatorHost.StartAsync(new GdapEmulatorOptions { BearerToken = "contract-token" }));

    /// <summary>The customer's side and the service's clock through the emulator's control surface.</summary>
    private sealed class EmulatorHarness(EmulatorHost host) : IContractHarness
    {
        public IPartnerAccessClient Client => host.Client;

        public Task ApproveAsync(string relationshipId, CustomerParticipant? customer = null) => host.ApproveAsync(relationshipId, customer);

        public Task TerminateByCustomerAsync(string relationshipId) => host.TerminateByCustomerAsync(relationshipId);

        public Task AdvanceAsync(Duration by) => host.AdvanceAsync(by);

        public ValueTask DisposeAsync() => host.DisposeAsync();
    }
}
