using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Governance.Tests.Audit;

/// <summary>The change trail with just-in-time elevations merged in, over the in-memory GDAP service and PIM on one clock.</summary>
public sealed class ChangeTrailElevationTests
{
    private const string Alice = "a11ce000-0000-4000-8000-000000000001";
    private const string Bob = "b0b00000-0000-4000-8000-000000000002";
    private const string Partner = "8777b240-c6f0-4469-9e98-a3205431b836";
    private readonly Gdap _gdap = new();
    private readonly InMemoryJustInTimeAccess _jit;
    private Relationship _contoso = null!;

    public ChangeTrailElevationTests()
    {
        _jit = new InMemoryJustInTimeAccess(_gdap.Time);
        _jit.Simulator.AddGroup(Gdap.HelpdeskGroup, "GDAP - Helpdesk");
    }

    /// <summary>Two customers reached by the helpdesk group; Alice and Bob elevate at the same instant, then the windows close.</summary>
    private async Task<Instant> ElevateBothAsync()
    {
        _contoso = await _gdap.CreateActiveAsync(Gdap.Request(displayName: "Contoso helpdesk", customer: Gdap.Contoso));
        var fabrikam = await _gdap.CreateActiveAsync(Gdap.Request(displayName: "Fabrikam helpdesk", customer: Gdap.Fabrikam));
        await _gdap.AssignActiveAsync(_contoso, Gdap.HelpdeskGroup, WellKnownRoles.HelpdeskAdministrator);
        await _gdap.AssignActiveAsync(fabrikam, Gdap.HelpdeskGroup, WellKnownRoles.HelpdeskAdministrator);
        foreach (var user in new[] { Alice, Bob })
        {
            await _jit.MakeEligibleAsync(new EligibilityRequest { GroupId = Gdap.HelpdeskGroup, PrincipalId = user, EndsAt = _gdap.Now + Duration.FromDays(30) });
        }

        _gdap.Advance(Duration.FromHours(1));
        var elevatedAt = _gdap.Now;
        foreach (var user in new[] { Alice, Bob })
        {
            await _jit.ElevateAsync(new ElevationRequest { GroupId = Gdap.HelpdeskGroup, PrincipalId = user, Duration = Duration.FromHours(2), Justification = "Password reset", TicketNumber = "INC-9" });
        }

        _gdap.Advance(Duration.FromHours(3));
        return elevatedAt;
    }

    [Fact]
    public async Task BuildWithElevationsAsync_LifecycleAndElevations_OneTimelineOldestFirstWithoutDuplicates()
    {
        await ElevateBothAsync();

        var trail = await ChangeTrail.BuildWithElevationsAsync(_gdap.Client, _jit, new AuditQuery(), Partner);

        trail.Select(r => r.OccurredAt).Should().BeInAscendingOrder();
        trail.Select(r => r.Id).Should().OnlyHaveUniqueItems();
        trail.Should().Contain(r => r.Kind == AuditRecordKind.RelationshipCreated).And.Contain(r => r.Kind == AuditRecordKind.AssignmentCreated);
        trail.Count(r => r.Kind == AuditRecordKind.ElevationActivated).Should().Be(4, "two users elevating at once are two events, in each of two customers");
        trail.Count(r => r.Kind == AuditRecordKind.ElevationExpired).Should().Be(4);
        trail.Where(r => r.Kind is AuditRecordKind.ElevationActivated or AuditRecordKind.ElevationExpired)
            .Should().OnlyContain(r => r.PartnerTenantId == Partner && r.Source == AuditSource.Service);
        trail.Last(r => r.Kind == AuditRecordKind.AssignmentCreated).OccurredAt
            .Should().BeLessThan(trail.First(r => r.Kind == AuditRecordKind.ElevationActivated).OccurredAt);
        var again = await ChangeTrail.BuildWithElevationsAsync(_gdap.Client, _jit, new AuditQuery(), Partner);
        again.Select(r => r.Id).Should().Equal(trail.Select(r => r.Id), "ids are stable");
    }

    [Fact]
    public async Task BuildWithElevationsAsync_CustomerRelationshipKindsAndTime_FilterElevationsToo()
    {
        var elevatedAt = await ElevateBothAsync();
        var query = new AuditQuery
        {
            CustomerTenantId = Gdap.Contoso.TenantId,
            RelationshipId = _contoso.Id,
            From = elevatedAt,
            To = elevatedAt + Duration.FromHours(1),
            Kinds = [AuditRecordKind.ElevationActivated, AuditRecordKind.ElevationExpired, AuditRecordKind.RelationshipCreated],
        };

        var trail = await ChangeTrail.BuildWithElevationsAsync(_gdap.Client, _jit, query);

        trail.Should().HaveCount(2).And.OnlyContain(r =>
            r.Kind == AuditRecordKind.ElevationActivated && r.CustomerTenantId == Gdap.Contoso.TenantId && r.RelationshipId == _contoso.Id && r.OccurredAt == elevatedAt);
        trail.Select(r => r.Details["principalId"]).Should().BeEquivalentTo([Alice, Bob]);
    }

    [Fact]
    public async Task BuildWithElevationsAsync_KindsWithoutElevations_SameAsTheLifecycleTrail()
    {
        await ElevateBothAsync();
        var query = new AuditQuery { Kinds = [AuditRecordKind.RelationshipCreated, AuditRecordKind.AssignmentCreated] };

        var withElevations = await ChangeTrail.BuildWithElevationsAsync(_gdap.Client, _jit, query);
        var lifecycle = await ChangeTrail.BuildAsync(_gdap.Client, query);

        withElevations.Should().NotBeEmpty();
        withElevations.Select(r => r.Id).Should().Equal(lifecycle.Select(r => r.Id));
    }

    [Fact]
    public async Task Merge_TwoUsersElevatedAtOnceOnOneRelationship_KeepsBoth()
    {
        await ElevateBothAsync();
        var records = JustInTimeAudit.ToAuditRecords(await JustInTimeSnapshot.CaptureAsync(_gdap.Client, _jit));

        var merged = AuditTimeline.Merge(records.Concat(records));

        merged.Select(r => r.Id).Should().BeEquivalentTo(records.Select(r => r.Id));
    }
}
