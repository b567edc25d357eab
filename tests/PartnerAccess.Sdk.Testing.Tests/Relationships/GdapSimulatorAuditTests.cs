using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Testing.Tests.Relationships;

public class GdapSimulatorAuditTests
{
    [Fact]
    public async Task AuditTrail_FullLifecycle_RecordsEveryChangeInOrder()
    {
        var gdap = new Gdap(Gdap.HourlySteps);
        var created = await gdap.Client.CreateRelationshipAsync(Gdap.Request(roles: [WellKnownRoles.GlobalAdministrator, WellKnownRoles.HelpdeskAdministrator]));
        var renamed = (await gdap.Client.UpdateRelationshipAsync(created, new RelationshipUpdate { DisplayName = "Contoso tier 2" })).Value!;
        await gdap.Client.LockForApprovalAsync(renamed.Id);
        gdap.Advance(Gdap.Step);
        gdap.Simulator.Approve(renamed.Id, Gdap.Contoso);
        gdap.Advance(Gdap.Step * 2);
        var active = await gdap.Client.GetRelationshipAsync(renamed.Id);
        var assignment = await gdap.AssignActiveAsync(active, Gdap.HelpdeskGroup, WellKnownRoles.HelpdeskAdministrator);
        await gdap.Client.UpdateAccessAssignmentAsync(assignment, [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.GlobalAdministrator]);
        gdap.Advance(Gdap.Step * 2);
        await gdap.Client.RemoveGlobalAdministratorAsync(active);
        gdap.Advance(Gdap.Step * 2);
        await gdap.Client.SetAutoExtendAsync(await gdap.Client.GetRelationshipAsync(renamed.Id), enabled: true);
        await gdap.Client.TerminateRelationshipAsync(renamed.Id);
        gdap.Advance(Gdap.Step * 3);

        var audit = await gdap.AuditAsync(renamed.Id);

        audit.Select(r => (r.Kind, r.Actor.Kind)).Should().Equal(
            (AuditRecordKind.RelationshipCreated, AuditActorKind.Partner),
            (AuditRecordKind.RelationshipUpdated, AuditActorKind.Partner),
            (AuditRecordKind.LockedForApproval, AuditActorKind.Partner),
            (AuditRecordKind.Approved, AuditActorKind.Customer),
            (AuditRecordKind.StatusChanged, AuditActorKind.System),
            (AuditRecordKind.Activated, AuditActorKind.System),
            (AuditRecordKind.AssignmentCreated, AuditActorKind.Partner),
            (AuditRecordKind.AssignmentUpdated, AuditActorKind.System),
            (AuditRecordKind.AssignmentUpdated, AuditActorKind.Partner),
            (AuditRecordKind.RolesChanged, AuditActorKind.Partner),
            (AuditRecordKind.AssignmentUpdated, AuditActorKind.System),
            (AuditRecordKind.AutoExtendChanged, AuditActorKind.Partner),
            (AuditRecordKind.TerminationRequested, AuditActorKind.Partner),
            (AuditRecordKind.StatusChanged, AuditActorKind.System),
            (AuditRecordKind.AssignmentDeleted, AuditActorKind.System),
            (AuditRecordKind.Terminated, AuditActorKind.System),
            (AuditRecordKind.AssignmentUpdated, AuditActorKind.System));
        audit.Select(r => r.OccurredAt).Should().BeInAscendingOrder();
        audit.Should().OnlyContain(r => r.Source == AuditSource.Sdk && r.PartnerTenantId == gdap.Simulator.Options.PartnerTenantId && !string.IsNullOrEmpty(r.Summary));
        audit.Select(r => r.Id).Should().OnlyHaveUniqueItems();
        audit.SkipWhile(r => r.Kind != AuditRecordKind.Approved).Should().OnlyContain(r => r.CustomerTenantId == Gdap.Contoso.TenantId);
        audit.Single(r => r.Kind == AuditRecordKind.RelationshipUpdated).Details.Should().Contain("displayNameAfter", "Contoso tier 2");
        audit.Single(r => r.Kind == AuditRecordKind.RolesChanged).Details["rolesAfter"].Should().Be(WellKnownRoles.HelpdeskAdministrator.RoleDefinitionId.ToString());
        audit.Single(r => r.Kind == AuditRecordKind.Activated).OccurredAt.Should().Be(Instant.FromDateTimeOffset(Gdap.Start) + Gdap.Step * 3);
    }

    [Fact]
    public async Task AuditTrail_CreatedStateUpdate_RecordsOneRecordPerKindOfChange()
    {
        var gdap = new Gdap();
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request());

        await gdap.Client.UpdateRelationshipAsync(relationship, new RelationshipUpdate
        {
            Duration = Duration.FromDays(90),
            Roles = [WellKnownRoles.GlobalReader],
            AutoExtendDuration = Duration.FromDays(180),
        });

        var audit = await gdap.AuditAsync(relationship.Id);
        audit.Select(r => r.Kind).Should().Equal(
            AuditRecordKind.RelationshipCreated, AuditRecordKind.RelationshipUpdated, AuditRecordKind.RolesChanged, AuditRecordKind.AutoExtendChanged);
        audit[1].Details.Should().Contain("durationBefore", "P180D").And.Contain("durationAfter", "P90D").And.NotContainKey("displayNameAfter");
        audit[3].Details.Should().Contain("autoExtendBefore", "PT0S").And.Contain("autoExtendAfter", "P180D");
    }

    [Fact]
    public async Task AuditTrail_DeletedRelationship_KeepsCreateAndDeleteRecords()
    {
        var gdap = new Gdap();
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request());

        await gdap.Client.DeleteRelationshipAsync(relationship);

        (await gdap.AuditAsync(relationship.Id)).Select(r => r.Kind).Should().Equal(AuditRecordKind.RelationshipCreated, AuditRecordKind.RelationshipDeleted);
    }

    [Fact]
    public async Task Changed_EveryChange_RaisedOnceWithTheAuditRecord()
    {
        var gdap = new Gdap();
        var raised = new List<AuditRecord>();
        gdap.Simulator.Changed += (sender, record) =>
        {
            sender.Should().BeSameAs(gdap.Simulator);
            raised.Add(record);
        };

        var relationship = await gdap.CreateActiveAsync();
        await gdap.AssignActiveAsync(relationship, Gdap.HelpdeskGroup);
        gdap.Advance(Duration.FromDays(200));
        await gdap.Client.ListRelationshipsAsync().ToListAsync();

        raised.Should().Equal(await gdap.AuditAsync());
        raised.Select(r => r.Kind).Should().Contain([AuditRecordKind.RelationshipCreated, AuditRecordKind.Activated, AuditRecordKind.Expired]);
    }

    [Fact]
    public async Task Changed_HandlerCallsBackIntoSimulator_DoesNotDeadlock()
    {
        var gdap = new Gdap();
        var seen = new List<int>();
        gdap.Simulator.Changed += (_, _) => seen.Add(Task.Run(() => gdap.Simulator.ListRelationships().Count).GetAwaiter().GetResult());

        await gdap.Client.CreateRelationshipAsync(Gdap.Request());

        seen.Should().Equal(1);
    }

    [Fact]
    public async Task FailedCall_AnyRuleBroken_WritesNoRecordAndRaisesNothing()
    {
        var gdap = new Gdap();
        var raised = 0;
        gdap.Simulator.Changed += (_, _) => raised++;

        await Gdap.Invoking(() => gdap.Client.CreateRelationshipAsync(Gdap.Request(days: 731)));
        await Gdap.Invoking(() => gdap.Client.CreateRelationshipAsync(Gdap.Request(displayName: new string('x', 51))));

        raised.Should().Be(0);
        (await gdap.AuditAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task AddSignIns_SeededRecords_AreListedInTimeOrderWithLifecycleRecords()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync();
        var later = new AuditRecord
        {
            Id = "sign-in-2",
            OccurredAt = gdap.Now + Duration.FromHours(2),
            Kind = AuditRecordKind.PartnerSignIn,
            Source = AuditSource.SignInLog,
            CustomerTenantId = Gdap.Contoso.TenantId,
            SignIn = new SignInDetails { UserPrincipalName = "tech@partner.example", AppDisplayName = "Azure Portal" },
        };
        var earlier = later with { Id = "sign-in-1", OccurredAt = gdap.Now - Duration.FromDays(1) };

        gdap.Simulator.AddSignIns([later, earlier]);

        var all = await gdap.Client.ListAuditRecordsAsync(new AuditQuery { CustomerTenantId = Gdap.Contoso.TenantId }).ToListAsync();
        all.First().Id.Should().Be("sign-in-1");
        all.Last().Id.Should().Be("sign-in-2");
        all.Select(r => r.OccurredAt).Should().BeInAscendingOrder();
        (await gdap.Client.ListAuditRecordsAsync(new AuditQuery { Kinds = [AuditRecordKind.PartnerSignIn] }).ToListAsync())
            .Select(r => r.Id).Should().Equal("sign-in-1", "sign-in-2");
        (await gdap.Client.ListAuditRecordsAsync(new AuditQuery { From = gdap.Now, To = gdap.Now + Duration.FromHours(1) }).ToListAsync())
            .Should().NotBeEmpty().And.OnlyContain(r => r.RelationshipId == relationship.Id);
    }

    [Fact]
    public async Task Reset_AfterActivity_ForgetsEverything()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync();

        gdap.Simulator.Reset();

        (await gdap.Client.ListRelationshipsAsync().ToListAsync()).Should().BeEmpty();
        (await gdap.Client.ListCustomersAsync().ToListAsync()).Should().BeEmpty();
        (await gdap.AuditAsync()).Should().BeEmpty();
        (await Gdap.Invoking(() => gdap.Client.GetRelationshipAsync(relationship.Id))).ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
        gdap.Advance(Duration.FromDays(1000));
        (await gdap.AuditAsync()).Should().BeEmpty("no timer survives a reset");
        (await gdap.Client.CreateRelationshipAsync(Gdap.Request())).DisplayName.Should().Be(relationship.DisplayName);
    }
}
