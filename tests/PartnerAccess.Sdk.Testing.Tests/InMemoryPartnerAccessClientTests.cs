using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Testing.Tests;

public class InMemoryPartnerAccessClientTests
{
    [Fact]
    public void Constructor_NoTimeProvider_UsesSystemClock()
    {
        var client = new InMemoryPartnerAccessClient();

        client.TimeProvider.Should().BeSameAs(TimeProvider.System);
        client.Simulator.Options.Should().Be(new GdapSimulatorOptions());
    }

    [Fact]
    public void Constructor_SharedSimulator_UsesItsClock()
    {
        var gdap = new Gdap();

        var client = new InMemoryPartnerAccessClient(gdap.Simulator);

        client.Simulator.Should().BeSameAs(gdap.Simulator);
        client.TimeProvider.Should().BeSameAs(gdap.Time);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("")]
    public void Constructor_PartnerTenantNotAGuid_Throws(string partnerTenantId)
    {
        var act = () => new InMemoryPartnerAccessClient(options: new GdapSimulatorOptions { PartnerTenantId = partnerTenantId });

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Constructor_NegativeDelay_ThrowsNamingTheDelay()
    {
        var act = () => new InMemoryPartnerAccessClient(options: new GdapSimulatorOptions { ActivationDelay = Duration.FromSeconds(-1) });

        act.Should().Throw<ArgumentException>().WithParameterName("options").WithMessage("*ActivationDelay cannot be negative*");
    }

    [Fact]
    public void Constructor_SeveralProblems_ReportsEveryOneAtOnce()
    {
        var act = () => new InMemoryPartnerAccessClient(options: new GdapSimulatorOptions
        {
            PartnerTenantId = "not-a-guid",
            ActivationDelay = Duration.FromSeconds(-1),
            OperationRetryAfter = Duration.FromSeconds(-2),
        });

        act.Should().Throw<ArgumentException>()
            .WithMessage("*PartnerTenantId must be a GUID*")
            .WithMessage("*ActivationDelay cannot be negative*")
            .WithMessage("*OperationRetryAfter cannot be negative*");
    }

    [Fact]
    public async Task ListRelationships_Filters_MatchStatusCustomerAndName()
    {
        var gdap = new Gdap();
        var draft = await gdap.Client.CreateRelationshipAsync(Gdap.Request("Draft"));
        gdap.Advance(Duration.FromMinutes(1));
        var contoso = await gdap.CreateActiveAsync(Gdap.Request("Contoso", customer: Gdap.Contoso));
        gdap.Advance(Duration.FromMinutes(1));
        var fabrikam = await gdap.CreateActiveAsync(Gdap.Request("Fabrikam", customer: Gdap.Fabrikam));

        (await gdap.Client.ListRelationshipsAsync().ToListAsync()).Select(r => r.Id).Should().Equal(draft.Id, contoso.Id, fabrikam.Id);
        (await gdap.Client.ListRelationshipsAsync(RelationshipQuery.ForStatus(RelationshipStatus.Active)).ToListAsync())
            .Select(r => r.Id).Should().Equal(contoso.Id, fabrikam.Id);
        (await gdap.Client.ListRelationshipsAsync(new RelationshipQuery { CustomerTenantId = Gdap.Fabrikam.TenantId }).ToListAsync())
            .Should().ContainSingle().Which.Id.Should().Be(fabrikam.Id);
        (await gdap.Client.ListRelationshipsAsync(new RelationshipQuery { DisplayName = "draft" }).ToListAsync())
            .Should().ContainSingle().Which.Id.Should().Be(draft.Id);
    }

    [Fact]
    public async Task ListRelationships_SameInstant_OrderedById()
    {
        var gdap = new Gdap();
        var created = new List<Relationship>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await gdap.Client.CreateRelationshipAsync(Gdap.Request($"Same instant {i}")));
        }

        var listed = await gdap.Client.ListRelationshipsAsync().ToListAsync();

        listed.Select(r => r.Id).Should().Equal(created.Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListExpiring_ClockMoves_UsesSimulatorTimeAndSkipsAutoExtending()
    {
        var gdap = new Gdap();
        var lapsing = await gdap.CreateActiveAsync(Gdap.Request("Lapsing", days: 60));
        await gdap.CreateActiveAsync(Gdap.Request("Renewing", days: 60, autoExtend: true));
        await gdap.CreateActiveAsync(Gdap.Request("Long", days: 365));

        (await gdap.Client.ListExpiringAsync(Duration.FromDays(30)).ToListAsync()).Should().BeEmpty();
        gdap.Advance(Duration.FromDays(31));

        (await gdap.Client.ListExpiringAsync(Duration.FromDays(30)).ToListAsync()).Should().ContainSingle().Which.Id.Should().Be(lapsing.Id);
    }

    [Fact]
    public async Task Calls_CancelledToken_AreCancelledWithoutEffect()
    {
        var gdap = new Gdap();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var create = () => gdap.Client.CreateRelationshipAsync(Gdap.Request(), cancelled.Token);
        var list = () => gdap.Client.ListRelationshipsAsync(cancellationToken: cancelled.Token).ToListAsync().AsTask();

        await create.Should().ThrowAsync<OperationCanceledException>();
        await list.Should().ThrowAsync<OperationCanceledException>();
        (await gdap.Client.ListRelationshipsAsync().ToListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task ListRelationships_CancelledWhileEnumerating_StopsAtNextItem()
    {
        var gdap = new Gdap();
        await gdap.Client.CreateRelationshipAsync(Gdap.Request("One"));
        gdap.Advance(Duration.FromMinutes(1));
        await gdap.Client.CreateRelationshipAsync(Gdap.Request("Two"));
        using var cancellation = new CancellationTokenSource();
        var seen = new List<string>();

        var enumerate = async () =>
        {
            await foreach (var relationship in gdap.Client.ListRelationshipsAsync(cancellationToken: cancellation.Token))
            {
                seen.Add(relationship.DisplayName);
                await cancellation.CancelAsync();
            }
        };

        await enumerate.Should().ThrowAsync<OperationCanceledException>();
        seen.Should().Equal("One");
    }

    [Fact]
    public async Task Errors_SurfaceThroughTheTask()
    {
        var gdap = new Gdap();

        var task = gdap.Client.GetRelationshipAsync("5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836");

        task.IsFaulted.Should().BeTrue("the in-memory client reports failures on the task, as a remote client would");
        (await Gdap.Invoking(() => task)).ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
    }

    [Fact]
    public async Task WaitUntilActive_ActivationDelay_CompletesWhenTheFakeClockPassesIt()
    {
        var gdap = new Gdap(new GdapSimulatorOptions { ActivationDelay = Duration.FromSeconds(30) });
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request(customer: Gdap.Contoso));
        await gdap.Client.LockForApprovalAsync(relationship.Id);
        gdap.Simulator.Approve(relationship.Id);

        var active = await gdap.Time.AdvanceUntilCompleteAsync(gdap.Client.WaitUntilActiveAsync(relationship.Id), step: TimeSpan.FromSeconds(1));

        active.Status.Should().Be(RelationshipStatus.Active);
        active.ActivatedAt.Should().Be(relationship.CreatedAt + Duration.FromSeconds(30));
    }

    [Fact]
    public async Task Lifecycle_ThroughTheInterface_WorksWithoutKnowingTheImplementation()
    {
        var gdap = new Gdap();
        IPartnerAccessClient client = gdap.Client;

        var relationship = await client.CreateRelationshipAsync(Gdap.Request());
        await client.LockForApprovalAsync(relationship.Id);
        gdap.Simulator.Approve(relationship.Id, Gdap.Contoso);
        var assignment = await client.CreateAccessAssignmentAsync(relationship.Id, new CreateAccessAssignmentRequest
        {
            SecurityGroupId = Gdap.HelpdeskGroup,
            Roles = [WellKnownRoles.HelpdeskAdministrator],
        });
        var active = await client.WaitUntilAssignmentActiveAsync(relationship.Id, assignment.Id);

        active.Status.Should().Be(AccessAssignmentStatus.Active);
        (await client.ListCustomersAsync().ToListAsync()).Should().ContainSingle().Which.Id.Should().Be(Gdap.Contoso.TenantId);
        relationship.ApprovalLink.Should().Be(new Uri(Relationship.ApprovalLinkBase + relationship.Id));
    }
}
