using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk.ContractTests;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Testing.Tests.Contract;

/// <summary>The shared behaviour suite, run against the in-memory client on a fake clock.</summary>
public sealed class InMemoryContractTests : PartnerAccessClientContractTests
{
    protected override Task<IContractHarness> CreateHarnessAsync() => Task.FromResult<IContractHarness>(new InMemoryHarness());

    private sealed class InMemoryHarness : IContractHarness
    {
        private readonly FakeTimeProvider _time = new(Gdap.Start);

        public InMemoryHarness() => InMemory = new InMemoryPartnerAccessClient(_time);

        public IPartnerAccessClient Client => InMemory;

        private InMemoryPartnerAccessClient InMemory { get; }

        public Task ApproveAsync(string relationshipId, CustomerParticipant? customer = null)
        {
            InMemory.Simulator.Approve(relationshipId, customer);
            return Task.CompletedTask;
        }

        public Task TerminateByCustomerAsync(string relationshipId)
        {
            InMemory.Simulator.TerminateByCustomer(relationshipId);
            return Task.CompletedTask;
        }

        public Task AdvanceAsync(Duration by)
        {
            _time.Advance(by.ToTimeSpan());
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
