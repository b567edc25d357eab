using Microsoft.Extensions.Time.Testing;
using PartnerAccess.Sdk.ContractTests.Groups;
using PartnerAccess.Sdk.Groups;

namespace PartnerAccess.Sdk.Testing.Tests.Groups;

/// <summary>The groups suite against <see cref="InMemoryPartnerGroups"/>, seeded through its directory.</summary>
public sealed class InMemoryPartnerGroupsContractTests : PartnerGroupsContractTests
{
    protected override Task<IPartnerGroupsHarness> CreateHarnessAsync() => Task.FromResult<IPartnerGroupsHarness>(new InMemoryGroupsHarness());

    private sealed class InMemoryGroupsHarness : IPartnerGroupsHarness
    {
        private readonly InMemoryPartnerGroups _groups = new(new PartnerGroupDirectory(new FakeTimeProvider(Gdap.Start)));

        public IPartnerGroups Groups => _groups;

        public Task<string> SeedGroupAsync(string displayName, params string[] members)
        {
            var group = _groups.Directory.Add(displayName);
            foreach (var member in members)
            {
                _groups.Directory.AddMember(group.Id, member, member.ToLowerInvariant() + "@partner.example");
            }

            return Task.FromResult(group.Id);
        }

        public Task DeleteGroupAsync(string groupId)
        {
            _groups.Directory.Delete(groupId);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
