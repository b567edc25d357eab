using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Groups;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Governance.Tests.Lifecycle;

/// <summary>
/// A partner for lifecycle tests, on either implementation: the in-memory client on a fake clock, or the Graph client
/// over HTTP to the emulator. Tests take the kind as a theory parameter so each scenario runs on both.
/// </summary>
public abstract class LifecycleWorld : IAsyncDisposable
{
    public const string Fake = "fake";
    public const string Emulator = "emulator";

    public static TheoryData<string> Kinds => new() { Fake, Emulator };

    public abstract IPartnerAccessClient Client { get; }

    public abstract IPartnerGroups Groups { get; }

    public abstract PartnerGroupDirectory Directory { get; }

    public Instant Now => Client.TimeProvider.GetCurrentInstant();

    public static async Task<LifecycleWorld> CreateAsync(string kind, GdapSimulatorOptions? options = null) => kind switch
    {
        Fake => new FakeWorld(options),
        Emulator => new EmulatorWorld(await EmulatorHost.StartAsync(new PartnerAccess.Sdk.Emulator.GdapEmulatorOptions { Simulator = options ?? new GdapSimulatorOptions() })),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Every customer approves every relationship awaiting approval.</summary>
    public abstract Task<int> ApproveAllAsync();

    /// <summary>The customer ends a relationship from its side.</summary>
    public abstract Task TerminateByCustomerAsync(string relationshipId);

    /// <summary>Moves the service's clock forward.</summary>
    public abstract Task AdvanceAsync(Duration by);

    /// <summary>Adds a security group with users as members; returns its id.</summary>
    public string SeedGroup(string displayName, params string[] members)
    {
        var group = Directory.Add(displayName);
        foreach (var member in members)
        {
            Directory.AddMember(group.Id, member, member.ToLowerInvariant() + "@partner.example");
        }

        return group.Id;
    }

    public abstract ValueTask DisposeAsync();

    private sealed class FakeWorld : LifecycleWorld
    {
        private readonly Gdap _gdap;
        private readonly InMemoryPartnerGroups _groups;

        public FakeWorld(GdapSimulatorOptions? options)
        {
            _gdap = new Gdap(options);
            _groups = new InMemoryPartnerGroups(new PartnerGroupDirectory(_gdap.Time));
        }

        public override IPartnerAccessClient Client => _gdap.Client;

        public override IPartnerGroups Groups => _groups;

        public override PartnerGroupDirectory Directory => _groups.Directory;

        public override Task<int> ApproveAllAsync()
        {
            var pending = _gdap.Simulator.ListRelationships().Where(r => r.Status == RelationshipStatus.ApprovalPending).ToList();
            foreach (var relationship in pending)
            {
                _gdap.Simulator.Approve(relationship.Id);
            }

            return Task.FromResult(pending.Count);
        }

        public override Task TerminateByCustomerAsync(string relationshipId)
        {
            _gdap.Simulator.TerminateByCustomer(relationshipId);
            return Task.CompletedTask;
        }

        public override Task AdvanceAsync(Duration by)
        {
            _gdap.Advance(by);
            return Task.CompletedTask;
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class EmulatorWorld(EmulatorHost host) : LifecycleWorld
    {
        private readonly GraphPartnerGroups _groups = new(host.Client);

        public override IPartnerAccessClient Client => host.Client;

        public override IPartnerGroups Groups => _groups;

        public override PartnerGroupDirectory Directory => host.Emulator.PartnerGroups;

        public override Task<int> ApproveAllAsync() => host.ApproveAllAsync();

        public override Task TerminateByCustomerAsync(string relationshipId) => host.TerminateByCustomerAsync(relationshipId);

        public override Task AdvanceAsync(Duration by) => host.AdvanceAsync(by);

        public override ValueTask DisposeAsync() => host.DisposeAsync();
    }
}
