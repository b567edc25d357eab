using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk.ContractTests.JustInTime;
using PartnerAccess.Sdk.JustInTime;

namespace PartnerAccess.Sdk.Testing.Tests.JustInTime;

/// <summary>The just-in-time suite against the in-memory implementation on a fake clock.</summary>
public sealed class InMemoryJustInTimeContractTests : JustInTimeAccessContractTests
{
    protected override Task<IJustInTimeHarness> CreateHarnessAsync() => Task.FromResult<IJustInTimeHarness>(new InMemoryHarness());

    private sealed class InMemoryHarness : IJustInTimeHarness
    {
        private readonly FakeTimeProvider _time = new(Gdap.Start);
        private readonly InMemoryJustInTimeAccess _access;

        public InMemoryHarness() => _access = new InMemoryJustInTimeAccess(_time);

        public IJustInTimeAccess Access => _access;

        public Task AddGroupAsync(string groupId)
        {
            _access.Simulator.AddGroup(groupId);
            return Task.CompletedTask;
        }

        public Task AddStandingMemberAsync(string groupId, string principalId)
        {
            _access.Simulator.AddStandingMember(groupId, principalId);
            return Task.CompletedTask;
        }

        public Task SetLicensedAsync(string principalId, bool licensed)
        {
            _access.Simulator.SetLicensed(principalId, licensed);
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
