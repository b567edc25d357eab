using NodaTime;
using PartnerAccess.Sdk.ContractTests;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Testing.Tests.Contract;

/// <summary>The shared behaviour suite, run against the in-memory client on a fake clock.</summary>
public sealed class InMemoryContractTests : PartnerAccessClientContractTests
{
    protected override Task<IContractHarness> CreateHarnessAsync() => Task.FromResult<IContractHarness>(new InMemoryHarness());

    /// <summary>The simulated service of <see cref="Gdap"/>: the customer's side through its simulator, its fake clock.</summary>
    private sealed class InMemoryHarness : IContractHarness
    {
        private readonly Gdap _gdap = new();

        public IPartnerAccessClient Client => _gdap.Client;

        public Task ApproveAsync(string relationshipId, CustomerParticipant? customer = null)
        {
            _gdap.Simulator.Approve(relationshipId, customer);
            return Task.CompletedTask;
        }

        public Task TerminateByCustomerAsync(string relationshipId)
        {
            _gdap.Simulator.TerminateByCustomer(relationshipId);
            return Task.CompletedTask;
        }

        public Task AdvanceAsync(Duration by)
        {
            _gdap.Advance(by);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
