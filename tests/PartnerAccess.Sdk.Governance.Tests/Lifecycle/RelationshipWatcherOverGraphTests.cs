using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Lifecycle;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Governance.Tests.Lifecycle;

/// <summary>The watcher reading through the Graph client from the emulator, with the emulator's clock moved.</summary>
public sealed class RelationshipWatcherOverGraphTests : EmulatorFixture
{
    [Fact]
    public async Task PollAsync_OverGraph_SeesApprovalActivationAndALapsedRequest()
    {
        var customer = new CustomerParticipant(CustomerTenantId, "Contoso Ltd");
        var approved = await Client.CreateRelationshipAsync(new CreateRelationshipRequest
        {
            DisplayName = "Contoso helpdesk",
            Duration = Duration.FromDays(365),
            Roles = [WellKnownRoles.HelpdeskAdministrator],
            Customer = customer,
        });
        var ignored = await Client.CreateRelationshipAsync(new CreateRelationshipRequest
        {
            DisplayName = "Contoso ignored",
            Duration = Duration.FromDays(365),
            Roles = [WellKnownRoles.HelpdeskAdministrator],
            Customer = customer,
        });
        await Client.LockForApprovalAsync(approved.Id);
        await Client.LockForApprovalAsync(ignored.Id);
        var watcher = new RelationshipWatcher(Client, new InMemoryRelationshipWatchCheckpointStore());
        (await watcher.PollAsync()).Should().BeEmpty();

        await Host.ApproveAsync(approved.Id);
        await Host.AdvanceAsync(Duration.FromMinutes(5));
        var events = await watcher.PollAsync();
        watcher.CurrentInterval.Should().Be(watcher.Options.PendingInterval, "one request still awaits approval");
        await Host.AdvanceAsync(Duration.FromDays(91));
        var later = await watcher.PollAsync();

        events.Select(e => e.Kind).Should().Equal(RelationshipEventKind.Approved, RelationshipEventKind.Activated);
        events.Should().OnlyContain(e => e.RelationshipId == approved.Id);
        later.Should().ContainSingle().Which.Should().Match<RelationshipEvent>(e => e.Kind == RelationshipEventKind.ApprovalExpired && e.RelationshipId == ignored.Id);
        watcher.CurrentInterval.Should().Be(watcher.Options.IdleInterval);
    }
}
