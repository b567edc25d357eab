using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Testing.Tests.Relationships;

/// <summary>The steps the service takes on its own, driven only by moving the fake clock.</summary>
public class GdapSimulatorLifecycleTests
{
    [Fact]
    public async Task CreateRelationship_ValidRequest_IsCreatedWithoutActivationOrEnd()
    {
        var gdap = new Gdap();

        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request());

        relationship.Status.Should().Be(RelationshipStatus.Created);
        relationship.ActivatedAt.Should().BeNull();
        relationship.EndsAt.Should().BeNull();
        relationship.CreatedAt.Should().Be(gdap.Now);
        relationship.LastModifiedAt.Should().Be(gdap.Now);
        GdapRules.IsRelationshipId(relationship.Id).Should().BeTrue();
        relationship.Id.Should().EndWith("-" + gdap.Simulator.Options.PartnerTenantId);
        relationship.ETag.Value.Should().MatchRegex("^W/\"[A-Za-z0-9+/=]+\"$");
        relationship.IsResellerRelationship.Should().BeFalse();
        relationship.IsPartnerConsentPending.Should().BeNull();
    }

    [Fact]
    public async Task LockForApproval_ZeroDelay_ReturnsCreatedRequestThenRelationshipIsApprovalPending()
    {
        var gdap = new Gdap();
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request());

        var request = await gdap.Client.LockForApprovalAsync(relationship.Id);

        request.Status.Should().Be(RelationshipRequestStatus.Created);
        request.Action.Should().Be(RelationshipRequestAction.LockForApproval);
        request.RelationshipId.Should().Be(relationship.Id);
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.ApprovalPending);
        (await gdap.Client.ListRequestsAsync(relationship.Id).ToListAsync()).Should().ContainSingle()
            .Which.Status.Should().Be(RelationshipRequestStatus.Succeeded);
    }

    [Fact]
    public async Task LockForApproval_ProcessingDelay_StaysCreatedUntilTheDelayPasses()
    {
        var gdap = new Gdap(new GdapSimulatorOptions { LockProcessingDelay = Duration.FromSeconds(30) });
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request());
        var request = await gdap.Client.LockForApprovalAsync(relationship.Id);

        gdap.Advance(Duration.FromSeconds(30) - Gdap.Tick);
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.Created);
        gdap.Simulator.GetRequest(relationship.Id, request.Id).Status.Should().Be(RelationshipRequestStatus.Created);

        gdap.Advance(Gdap.Tick);
        var locked = await gdap.Client.GetRelationshipAsync(relationship.Id);
        locked.Status.Should().Be(RelationshipStatus.ApprovalPending);
        locked.LastModifiedAt.Should().Be(gdap.Now);
        gdap.Simulator.GetRequest(relationship.Id, request.Id).Status.Should().Be(RelationshipRequestStatus.Succeeded);
    }

    [Fact]
    public async Task Approve_ZeroDelays_ActivatesAtOnceWithWindowFromActivation()
    {
        var gdap = new Gdap();
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request(days: 180));
        await gdap.Client.LockForApprovalAsync(relationship.Id);
        gdap.Advance(Duration.FromDays(3));

        var approved = gdap.Simulator.Approve(relationship.Id, Gdap.Contoso);

        approved.Status.Should().Be(RelationshipStatus.Active);
        approved.ActivatedAt.Should().Be(gdap.Now);
        approved.EndsAt.Should().Be(gdap.Now + Duration.FromDays(180));
        approved.Window.IsActiveAt(gdap.Now).Should().BeTrue();
        approved.Should().BeEquivalentTo(await gdap.Client.GetRelationshipAsync(relationship.Id));
    }

    [Fact]
    public async Task Approve_WithDelays_MovesThroughApprovedAndActivatingAtEachDelay()
    {
        var gdap = new Gdap(new GdapSimulatorOptions { ApprovalToActivatingDelay = Duration.FromMinutes(10), ActivationDelay = Duration.FromMinutes(20) });
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request(customer: Gdap.Contoso));
        await gdap.Client.LockForApprovalAsync(relationship.Id);
        var approvedAt = gdap.Now;

        gdap.Simulator.Approve(relationship.Id).Status.Should().Be(RelationshipStatus.Approved);
        gdap.Advance(Duration.FromMinutes(10));
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.Activating);
        gdap.Advance(Duration.FromMinutes(19));
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.Activating);
        gdap.Advance(Duration.FromHours(5));

        var active = await gdap.Client.GetRelationshipAsync(relationship.Id);
        active.Status.Should().Be(RelationshipStatus.Active);
        active.ActivatedAt.Should().Be(approvedAt + Duration.FromMinutes(30), "the transition is stamped when it was due, not when it was noticed");
        active.EndsAt.Should().Be(active.ActivatedAt + Duration.FromDays(180));
    }

    [Fact]
    public async Task Expiry_NoAutoExtend_ExpiresExactlyAtEndAndRemovesAssignments()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync(Gdap.Request(days: 30));
        var assignment = await gdap.AssignActiveAsync(relationship, Gdap.HelpdeskGroup);

        gdap.AdvanceTo(relationship.EndsAt!.Value - Gdap.Tick);
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.Active, "the window is half-open");
        gdap.Advance(Duration.FromDays(10));

        var expired = await gdap.Client.GetRelationshipAsync(relationship.Id);
        expired.Status.Should().Be(RelationshipStatus.Expired);
        expired.LastModifiedAt.Should().Be(relationship.EndsAt!.Value);
        expired.EndsAt.Should().Be(relationship.EndsAt);
        var removed = await gdap.Client.GetAccessAssignmentAsync(relationship.Id, assignment.Id);
        removed.Status.Should().Be(AccessAssignmentStatus.Deleted);
        removed.LastModifiedAt.Should().Be(relationship.EndsAt!.Value);
        var audit = await gdap.AuditAsync(relationship.Id);
        audit.Should().ContainSingle(r => r.Kind == AuditRecordKind.Expired).Which.OccurredAt.Should().Be(relationship.EndsAt!.Value);
    }

    [Fact]
    public async Task Expiry_WithExpiryAndDeletionDelays_GoesExpiringThenExpired()
    {
        var gdap = new Gdap(new GdapSimulatorOptions { ExpiryDelay = Duration.FromHours(2), AssignmentDeletionDelay = Duration.FromHours(1) });
        var relationship = await gdap.CreateActiveAsync(Gdap.Request(days: 1));
        var assignment = await gdap.AssignActiveAsync(relationship, Gdap.HelpdeskGroup);

        gdap.AdvanceTo(relationship.EndsAt!.Value);
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.Expiring);
        (await gdap.Client.GetAccessAssignmentAsync(relationship.Id, assignment.Id)).Status.Should().Be(AccessAssignmentStatus.Deleting);

        gdap.Advance(Duration.FromHours(1));
        (await gdap.Client.GetAccessAssignmentAsync(relationship.Id, assignment.Id)).Status.Should().Be(AccessAssignmentStatus.Deleted);
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.Expiring);

        gdap.Advance(Duration.FromHours(1));
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.Expired);
    }

    [Fact]
    public async Task AutoExtend_ClockMoves400Days_ExtendsAtEachEndDate()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync(Gdap.Request(days: 180, autoExtend: true));
        var activatedAt = relationship.ActivatedAt!.Value;

        gdap.Advance(Duration.FromDays(400));

        var extended = await gdap.Client.GetRelationshipAsync(relationship.Id);
        extended.Status.Should().Be(RelationshipStatus.Active);
        extended.ActivatedAt.Should().Be(activatedAt);
        extended.EndsAt.Should().Be(activatedAt + Duration.FromDays(540));
        extended.LastModifiedAt.Should().Be(activatedAt + Duration.FromDays(360));
        var extensions = (await gdap.AuditAsync(relationship.Id)).Where(r => r.Kind == AuditRecordKind.AutoExtended).ToList();
        extensions.Select(r => r.OccurredAt).Should().Equal(activatedAt + Duration.FromDays(180), activatedAt + Duration.FromDays(360));
        extensions.Should().OnlyContain(r => r.Actor.Kind == AuditActorKind.System);
        extensions[1].Details["endsAtAfter"].Should().Be(NodaTime.Text.InstantPattern.ExtendedIso.Format(activatedAt + Duration.FromDays(540)));
    }

    [Fact]
    public async Task AutoExtend_OneDayRelationship_ExtendsWhenItsDayEnds()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync(Gdap.Request(days: 1, autoExtend: true));

        gdap.AdvanceTo(relationship.EndsAt!.Value - Gdap.Tick);
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).EndsAt.Should().Be(relationship.EndsAt);
        gdap.Advance(Gdap.Tick);

        (await gdap.Client.GetRelationshipAsync(relationship.Id)).EndsAt.Should().Be(relationship.EndsAt + Duration.FromDays(180));
    }

    [Fact]
    public async Task AutoExtend_SwitchedOffBeforeEnd_ExpiresAtEnd()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync(Gdap.Request(days: 180, autoExtend: true));
        gdap.Advance(Duration.FromDays(200));
        var extended = await gdap.Client.GetRelationshipAsync(relationship.Id);

        var switchedOff = await gdap.Client.SetAutoExtendAsync(extended, enabled: false);
        gdap.Advance(Duration.FromDays(365));

        switchedOff.Window.AutoExtends.Should().BeFalse();
        var expired = await gdap.Client.GetRelationshipAsync(relationship.Id);
        expired.Status.Should().Be(RelationshipStatus.Expired);
        expired.LastModifiedAt.Should().Be(extended.EndsAt!.Value);
        (await gdap.AuditAsync(relationship.Id)).Select(r => r.Kind).Should().ContainInOrder(
            AuditRecordKind.AutoExtended, AuditRecordKind.AutoExtendChanged, AuditRecordKind.StatusChanged, AuditRecordKind.Expired);
    }

    [Fact]
    public async Task Cleanup_ApprovalPendingFor90Days_IsGoneAndNameIsFree()
    {
        var gdap = new Gdap();
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request("Never approved"));
        await gdap.Client.LockForApprovalAsync(relationship.Id);
        var lockedAt = gdap.Now;

        gdap.AdvanceTo(lockedAt + Duration.FromDays(90) - Gdap.Tick);
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.ApprovalPending);
        gdap.Advance(Gdap.Tick);

        (await Gdap.Invoking(() => gdap.Client.GetRelationshipAsync(relationship.Id))).ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
        (await gdap.Client.ListRelationshipsAsync().ToListAsync()).Should().BeEmpty();
        Gdap.Catching(() => gdap.Simulator.Approve(relationship.Id, Gdap.Contoso)).ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
        (await gdap.Client.CreateRelationshipAsync(Gdap.Request("Never approved"))).Status.Should().Be(RelationshipStatus.Created);
        (await gdap.AuditAsync(relationship.Id)).Should().ContainSingle(r => r.Kind == AuditRecordKind.CleanedUp)
            .Which.OccurredAt.Should().Be(lockedAt + Duration.FromDays(90));
    }

    [Fact]
    public async Task Cleanup_CreatedRelationship_IsNeverCleanedUp()
    {
        var gdap = new Gdap();
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request());

        gdap.Advance(Duration.FromDays(1000));

        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.Created);
    }

    [Fact]
    public async Task Cleanup_ExpiredForAYear_IsGone()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync(Gdap.Request(days: 10));
        var endedAt = relationship.EndsAt!.Value;

        gdap.AdvanceTo(endedAt + Duration.FromDays(365) - Gdap.Tick);
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.Expired);
        gdap.Advance(Gdap.Tick);

        (await Gdap.Invoking(() => gdap.Client.GetRelationshipAsync(relationship.Id))).ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
        (await Gdap.Invoking(() => gdap.Client.ListAccessAssignmentsAsync(relationship.Id).ToListAsync().AsTask())).ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
    }

    [Fact]
    public async Task Cleanup_TerminatedForAYear_IsGoneButItsAuditTrailStays()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync();
        await gdap.Client.TerminateRelationshipAsync(relationship.Id);
        var terminatedAt = gdap.Now;

        gdap.Advance(Duration.FromDays(365));

        (await Gdap.Invoking(() => gdap.Client.GetRelationshipAsync(relationship.Id))).ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
        var audit = await gdap.AuditAsync(relationship.Id);
        audit.Select(r => r.Kind).Should().EndWith([AuditRecordKind.Terminated, AuditRecordKind.CleanedUp]);
        audit[^1].OccurredAt.Should().Be(terminatedAt + Duration.FromDays(365));
    }

    [Fact]
    public async Task Terminate_WithDelays_GoesThroughEachStepAndRemovesAssignments()
    {
        var gdap = new Gdap(new GdapSimulatorOptions { TerminationDelay = Duration.FromDays(1), AssignmentDeletionDelay = Duration.FromHours(6) });
        var relationship = await gdap.CreateActiveAsync();
        var assignment = await gdap.AssignActiveAsync(relationship, Gdap.HelpdeskGroup);

        var request = await gdap.Client.TerminateRelationshipAsync(relationship.Id);

        request.Status.Should().Be(RelationshipRequestStatus.Created);
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.TerminationRequested);
        (await gdap.Client.GetAccessAssignmentAsync(relationship.Id, assignment.Id)).Status.Should().Be(AccessAssignmentStatus.Active);

        gdap.Advance(Duration.FromDays(1));
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.Terminating);
        (await gdap.Client.GetAccessAssignmentAsync(relationship.Id, assignment.Id)).Status.Should().Be(AccessAssignmentStatus.Deleting);

        gdap.Advance(Duration.FromHours(6));
        (await gdap.Client.GetAccessAssignmentAsync(relationship.Id, assignment.Id)).Status.Should().Be(AccessAssignmentStatus.Deleted);
        gdap.Simulator.GetRequest(relationship.Id, request.Id).Status.Should().Be(RelationshipRequestStatus.Created);

        gdap.Advance(Duration.FromHours(18));
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.Terminated);
        gdap.Simulator.GetRequest(relationship.Id, request.Id).Status.Should().Be(RelationshipRequestStatus.Succeeded);
        (await gdap.AuditAsync(relationship.Id)).Where(r => r.Kind is AuditRecordKind.TerminationRequested or AuditRecordKind.StatusChanged or AuditRecordKind.Terminated)
            .Select(r => (r.Kind, r.Actor.Kind)).Should().EndWith(
            [
                (AuditRecordKind.TerminationRequested, AuditActorKind.Partner),
                (AuditRecordKind.StatusChanged, AuditActorKind.System),
                (AuditRecordKind.Terminated, AuditActorKind.System),
            ]);
    }

    [Fact]
    public async Task TerminateByCustomer_Active_TerminatesWithCustomerAsActor()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync();

        var terminated = gdap.Simulator.TerminateByCustomer(relationship.Id);

        terminated.Status.Should().Be(RelationshipStatus.Terminated);
        (await gdap.Client.ListRequestsAsync(relationship.Id).ToListAsync()).Should().OnlyContain(r => r.Action == RelationshipRequestAction.LockForApproval);
        (await gdap.AuditAsync(relationship.Id)).Should().ContainSingle(r => r.Kind == AuditRecordKind.TerminationRequested)
            .Which.Actor.Should().Be(new AuditActor(AuditActorKind.Customer, Gdap.Contoso.TenantId, Gdap.Contoso.DisplayName));
    }

    [Fact]
    public async Task Timeline_SeveralRelationships_TransitionsRunInTimeOrder()
    {
        var gdap = new Gdap();
        var longer = await gdap.CreateActiveAsync(Gdap.Request("Longer", days: 20));
        var shorter = await gdap.CreateActiveAsync(Gdap.Request("Shorter", days: 10, customer: Gdap.Fabrikam));

        gdap.Advance(Duration.FromDays(400));

        var audit = await gdap.AuditAsync();
        audit.Select(r => r.OccurredAt).Should().BeInAscendingOrder();
        audit.Where(r => r.Kind == AuditRecordKind.Expired).Select(r => r.RelationshipId).Should().Equal(shorter.Id, longer.Id);
        audit.Where(r => r.Kind == AuditRecordKind.CleanedUp).Select(r => r.OccurredAt).Should().Equal(
            shorter.EndsAt!.Value + Duration.FromDays(365), longer.EndsAt!.Value + Duration.FromDays(365));
    }
}
