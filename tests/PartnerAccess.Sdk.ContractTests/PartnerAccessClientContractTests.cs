using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.ContractTests;

/// <summary>
/// One behaviour suite for every IPartnerAccessClient. Each derived class supplies a harness; a test that passes on
/// one implementation and fails on another is a bug in that implementation.
/// </summary>
public abstract class PartnerAccessClientContractTests : IAsyncLifetime
{
    private const string CustomerTenantId = "4b827261-d21f-4aa9-b7db-7fa1f56fb163";
    private const string GroupA = "869713c9-0b28-4d08-8949-ae07ae1bf528";
    private const string GroupB = "a1b2c3d4-0b28-4d08-8949-ae07ae1bf529";
    private IContractHarness? _harness;
    private int _names;

    protected IContractHarness Harness => _harness ?? throw new InvalidOperationException("Not initialised.");

    protected IPartnerAccessClient Client => Harness.Client;

    public async Task InitializeAsync() => _harness = await CreateHarnessAsync();

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    protected abstract Task<IContractHarness> CreateHarnessAsync();

    [Fact]
    public async Task CreateRelationship_ValidRequest_ReturnsCreatedRelationshipWithETag()
    {
        var request = Request(roles: [WellKnownRoles.ExchangeAdministrator, WellKnownRoles.IntuneAdministrator], autoExtend: GdapDurations.AutoExtendPeriod);

        var created = await Client.CreateRelationshipAsync(request);

        created.Status.Should().Be(RelationshipStatus.Created);
        created.DisplayName.Should().Be(request.DisplayName);
        GdapRules.IsRelationshipId(created.Id).Should().BeTrue();
        created.ETag.HasValue.Should().BeTrue();
        created.Window.Length.Should().Be(Duration.FromDays(180));
        created.Window.AutoExtendDuration.Should().Be(GdapDurations.AutoExtendPeriod);
        created.ActivatedAt.Should().BeNull();
        created.Customer!.TenantId.Should().Be(CustomerTenantId);
        created.Roles.Select(r => r.RoleDefinitionId).Should().BeEquivalentTo([WellKnownRoles.ExchangeAdministrator.RoleDefinitionId, WellKnownRoles.IntuneAdministrator.RoleDefinitionId]);
        (await Client.GetRelationshipAsync(created.Id)).Should().BeEquivalentTo(created, o => o.ComparingByMembers<Relationship>().Excluding(r => r.Roles));
    }

    [Fact]
    public async Task CreateRelationship_SeveralBrokenRules_ReportsEveryViolationAndCreatesNothing()
    {
        var request = Request(name: new string('x', 51), days: 731, roles: [WellKnownRoles.GlobalAdministrator], autoExtend: GdapDurations.AutoExtendPeriod);

        var act = () => Client.CreateRelationshipAsync(request);

        var error = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        error.Violations.Select(v => v.Code).Should().BeEquivalentTo(
            [RuleCodes.DisplayNameTooLong, RuleCodes.DurationOutOfRange, RuleCodes.AutoExtendWithGlobalAdministrator]);
        (await Client.ListRelationshipsAsync().ToListAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(730, true)]
    [InlineData(731, false)]
    public async Task CreateRelationship_DurationEdges_AcceptsOneTo730Days(int days, bool accepted)
    {
        var act = () => Client.CreateRelationshipAsync(Request(days: days));

        if (accepted)
        {
            (await act()).Window.Length.Should().Be(Duration.FromDays(days));
        }
        else
        {
            (await act.Should().ThrowAsync<PartnerAccessException>()).Which.Violations.Should().ContainSingle(v => v.Code == RuleCodes.DurationOutOfRange);
        }
    }

    [Fact]
    public async Task CreateRelationship_ExcludedRole_IsRefused()
    {
        var act = () => Client.CreateRelationshipAsync(Request(roles: [RoleGrant.Parse("d29b2b05-8046-44ba-8758-1e26182fcf32")]));

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.Violations.Should().ContainSingle(v => v.Code == RuleCodes.RoleExcluded);
    }

    [Fact]
    public async Task CreateRelationship_NameUsedInOtherCase_Conflict()
    {
        await Client.CreateRelationshipAsync(Request(name: "Contoso Exchange"));

        var act = () => Client.CreateRelationshipAsync(Request(name: "CONTOSO exchange"));

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict);
        (await Client.ListRelationshipsAsync().ToListAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task GetRelationship_UnknownId_NotFound()
    {
        var act = () => Client.GetRelationshipAsync($"{Guid.NewGuid()}-{Guid.NewGuid()}");

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
    }

    [Fact]
    public async Task GetRelationship_MalformedId_ValidationNamesTheId()
    {
        var act = () => Client.GetRelationshipAsync("not-a-relationship-id");

        var error = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        error.Violations.Should().ContainSingle(v => v.Code == RuleCodes.RelationshipIdInvalid);
    }

    [Fact]
    public async Task UpdateRelationship_WhileCreated_ChangesEverythingAndIssuesNewETag()
    {
        var created = await Client.CreateRelationshipAsync(Request());

        var outcome = await Client.UpdateRelationshipAsync(created, new RelationshipUpdate
        {
            DisplayName = Name("renamed"),
            Duration = Duration.FromDays(31),
            Roles = [WellKnownRoles.Dynamics365Administrator, WellKnownRoles.TeamsAdministrator],
            AutoExtendDuration = GdapDurations.AutoExtendPeriod,
        });

        outcome.IsLongRunning.Should().BeFalse();
        var updated = outcome.Value!;
        updated.Window.Length.Should().Be(Duration.FromDays(31));
        updated.Roles.Should().HaveCount(2);
        updated.Window.AutoExtends.Should().BeTrue();
        updated.ETag.Should().NotBe(created.ETag);
        updated.Status.Should().Be(RelationshipStatus.Created);
    }

    [Fact]
    public async Task UpdateRelationship_StaleETag_ConcurrencyAndNothingChanges()
    {
        var created = await Client.CreateRelationshipAsync(Request());
        await Client.UpdateRelationshipAsync(created, new RelationshipUpdate { Duration = Duration.FromDays(20) });

        var act = () => Client.UpdateRelationshipAsync(created, new RelationshipUpdate { Duration = Duration.FromDays(40) });

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Concurrency);
        (await Client.GetRelationshipAsync(created.Id)).Window.Length.Should().Be(Duration.FromDays(20));
    }

    [Fact]
    public async Task UpdateRelationship_AddingGlobalAdministratorWithAutoExtend_Refused()
    {
        var created = await Client.CreateRelationshipAsync(Request(autoExtend: GdapDurations.AutoExtendPeriod));

        var act = () => Client.UpdateRelationshipAsync(created, new RelationshipUpdate { Roles = [WellKnownRoles.GlobalAdministrator, WellKnownRoles.ExchangeAdministrator] });

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.Violations.Should().ContainSingle(v => v.Code == RuleCodes.AutoExtendWithGlobalAdministrator);
    }

    [Fact]
    public async Task DeleteRelationship_WhileCreated_RemovesIt()
    {
        var created = await Client.CreateRelationshipAsync(Request());

        await Client.DeleteRelationshipAsync(created);

        var act = () => Client.GetRelationshipAsync(created.Id);
        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
    }

    [Fact]
    public async Task DeleteRelationship_WhilePendingApproval_InvalidState()
    {
        var created = await Client.CreateRelationshipAsync(Request());
        await Client.LockForApprovalAsync(created.Id);
        var pending = await Client.GetRelationshipAsync(created.Id);

        var act = () => Client.DeleteRelationshipAsync(pending);

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
    }

    [Fact]
    public async Task LockForApproval_Created_MovesToApprovalPendingOnce()
    {
        var created = await Client.CreateRelationshipAsync(Request());

        var request = await Client.LockForApprovalAsync(created.Id);

        request.Action.Should().Be(RelationshipRequestAction.LockForApproval);
        (await Client.GetRelationshipAsync(created.Id)).Status.Should().Be(RelationshipStatus.ApprovalPending);
        var again = () => Client.LockForApprovalAsync(created.Id);
        (await again.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
        (await Client.ListRequestsAsync(created.Id).ToListAsync()).Should().ContainSingle(r => r.Action == RelationshipRequestAction.LockForApproval);
    }

    [Fact]
    public async Task Approve_RelationshipWithoutCustomer_FillsCustomerAndActivates()
    {
        var created = await Client.CreateRelationshipAsync(Request() with { Customer = null });
        await Client.LockForApprovalAsync(created.Id);

        await Harness.ApproveAsync(created.Id, new CustomerParticipant(CustomerTenantId, "Contoso"));

        var active = await Client.GetRelationshipAsync(created.Id);
        active.Status.Should().Be(RelationshipStatus.Active);
        active.Customer!.TenantId.Should().Be(CustomerTenantId);
        active.ActivatedAt.Should().NotBeNull();
        active.EndsAt.Should().Be(active.ActivatedAt + Duration.FromDays(180));
        (await Client.ListCustomersAsync().ToListAsync()).Should().ContainSingle(c => c.TenantId == CustomerTenantId);
    }

    [Fact]
    public async Task Terminate_WhileCreated_InvalidState()
    {
        var created = await Client.CreateRelationshipAsync(Request());

        var act = () => Client.TerminateRelationshipAsync(created.Id);

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
    }

    [Fact]
    public async Task Terminate_Active_EndsRelationshipAndDeletesAssignments()
    {
        var active = await ActiveRelationshipAsync();
        await Client.CreateAccessAssignmentAsync(active.Id, Assignment(GroupA, WellKnownRoles.ExchangeAdministrator));

        var request = await Client.TerminateRelationshipAsync(active.Id);

        request.Action.Should().Be(RelationshipRequestAction.Terminate);
        (await Client.GetRelationshipAsync(active.Id)).Status.Should().Be(RelationshipStatus.Terminated);
        (await Client.ListAccessAssignmentsAsync(active.Id).ToListAsync()).Should().OnlyContain(a => a.Status == AccessAssignmentStatus.Deleted);
    }

    [Fact]
    public async Task TerminateByCustomer_Active_Terminated()
    {
        var active = await ActiveRelationshipAsync();

        await Harness.TerminateByCustomerAsync(active.Id);

        (await Client.GetRelationshipAsync(active.Id)).Status.Should().Be(RelationshipStatus.Terminated);
    }

    [Fact]
    public async Task UpdateRelationship_ActiveRename_InvalidState()
    {
        var active = await ActiveRelationshipAsync();

        var act = () => Client.UpdateRelationshipAsync(active, new RelationshipUpdate { DisplayName = Name("late rename") });

        var error = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        error.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
        error.Violations.Should().ContainSingle(v => v.Code == RuleCodes.RelationshipState && v.Target == "displayName");
    }

    [Fact]
    public async Task SetAutoExtend_Active_TakesEffectAtOnce()
    {
        var active = await ActiveRelationshipAsync();

        var updated = await Client.SetAutoExtendAsync(active, enabled: true);

        updated.Window.AutoExtends.Should().BeTrue();
        updated.Status.Should().Be(RelationshipStatus.Active);
    }

    [Fact]
    public async Task RemoveGlobalAdministrator_Active_RunsAsOperationThenDropsTheRole()
    {
        var active = await ActiveRelationshipAsync([WellKnownRoles.GlobalAdministrator, WellKnownRoles.ExchangeAdministrator]);

        var outcome = await Client.RemoveGlobalAdministratorAsync(active);

        outcome.IsLongRunning.Should().BeTrue();
        await Harness.AdvanceAsync(Duration.FromMinutes(5));
        var done = await Client.WaitForOperationAsync(outcome.Operation!);
        done.Status.Should().Be(OperationStatus.Succeeded);
        (await Client.GetRelationshipAsync(active.Id)).Roles.Should().ContainSingle(r => r.RoleDefinitionId == WellKnownRoles.ExchangeAdministrator.RoleDefinitionId);
    }

    [Fact]
    public async Task CreateAccessAssignment_RelationshipNotActive_InvalidState()
    {
        var created = await Client.CreateRelationshipAsync(Request());

        var act = () => Client.CreateAccessAssignmentAsync(created.Id, Assignment(GroupA, WellKnownRoles.ExchangeAdministrator));

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
    }

    [Fact]
    public async Task CreateAccessAssignment_RoleNotGranted_ValidationNamesTheRole()
    {
        var active = await ActiveRelationshipAsync();

        var act = () => Client.CreateAccessAssignmentAsync(active.Id, Assignment(GroupA, WellKnownRoles.SharePointAdministrator));

        var error = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        error.Violations.Should().ContainSingle(v => v.Code == RuleCodes.AssignmentRolesNotSubset &&
                                                     v.AttemptedValue!.Contains(WellKnownRoles.SharePointAdministrator.RoleDefinitionId.ToString()));
    }

    [Fact]
    public async Task CreateAccessAssignment_SecondForSameGroup_ConflictUntilDeleted()
    {
        var active = await ActiveRelationshipAsync();
        var first = await Client.CreateAccessAssignmentAsync(active.Id, Assignment(GroupA, WellKnownRoles.ExchangeAdministrator));

        var again = () => Client.CreateAccessAssignmentAsync(active.Id, Assignment(GroupA, WellKnownRoles.HelpdeskAdministrator));
        (await again.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict);

        await Client.DeleteAccessAssignmentAsync(await Client.GetAccessAssignmentAsync(active.Id, first.Id));
        await Harness.AdvanceAsync(Duration.FromMinutes(1));
        var replacement = await Client.CreateAccessAssignmentAsync(active.Id, Assignment(GroupA, WellKnownRoles.HelpdeskAdministrator));
        replacement.Id.Should().NotBe(first.Id);
        var all = await Client.ListAccessAssignmentsAsync(active.Id).ToListAsync();
        all.Should().HaveCount(2);
        all.Single(a => a.Id == first.Id).Status.Should().Be(AccessAssignmentStatus.Deleted);
    }

    [Fact]
    public async Task AccessAssignment_Lifecycle_PendingActiveUpdatedByOperation()
    {
        var active = await ActiveRelationshipAsync();
        var created = await Client.CreateAccessAssignmentAsync(active.Id, Assignment(GroupB, WellKnownRoles.ExchangeAdministrator));
        created.Status.Should().BeOneOf(AccessAssignmentStatus.Pending, AccessAssignmentStatus.Active);
        created.SecurityGroupId.Should().Be(GroupB);

        await Harness.AdvanceAsync(Duration.FromMinutes(1));
        var current = await Client.WaitUntilAssignmentActiveAsync(active.Id, created.Id);

        var noOp = await Client.UpdateAccessAssignmentAsync(current, [WellKnownRoles.ExchangeAdministrator]);
        noOp.IsLongRunning.Should().BeFalse();
        noOp.Value!.ETag.Should().Be(current.ETag);

        var change = await Client.UpdateAccessAssignmentAsync(current, [WellKnownRoles.ExchangeAdministrator, WellKnownRoles.HelpdeskAdministrator]);
        change.IsLongRunning.Should().BeTrue();
        change.Operation!.OperationType.Should().Be(RelationshipOperationType.DelegatedAdminAccessAssignmentUpdate);
        await Harness.AdvanceAsync(Duration.FromMinutes(5));
        (await Client.WaitForOperationAsync(change.Operation)).Status.Should().Be(OperationStatus.Succeeded);
        (await Client.GetAccessAssignmentAsync(active.Id, created.Id)).Roles.Should().HaveCount(2);
        (await Client.ListOperationsAsync(active.Id).ToListAsync()).Should().ContainSingle(o => o.Id == change.Operation.Id);
    }

    [Fact]
    public async Task UpdateAccessAssignment_StaleETag_Concurrency()
    {
        var active = await ActiveRelationshipAsync();
        var created = await Client.CreateAccessAssignmentAsync(active.Id, Assignment(GroupA, WellKnownRoles.ExchangeAdministrator));
        await Harness.AdvanceAsync(Duration.FromMinutes(1));
        var current = await Client.WaitUntilAssignmentActiveAsync(active.Id, created.Id);
        var change = await Client.UpdateAccessAssignmentAsync(current, [WellKnownRoles.ExchangeAdministrator, WellKnownRoles.HelpdeskAdministrator]);
        await Harness.AdvanceAsync(Duration.FromMinutes(5));
        await Client.WaitForOperationAsync(change.Operation!);

        var act = () => Client.DeleteAccessAssignmentAsync(current);

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Concurrency);
    }

    [Fact]
    public async Task Expiry_WithoutAutoExtend_ExpiresAndDeletesAssignments()
    {
        var active = await ActiveRelationshipAsync(days: 30);
        await Client.CreateAccessAssignmentAsync(active.Id, Assignment(GroupA, WellKnownRoles.ExchangeAdministrator));

        (await Client.ListExpiringAsync(Duration.FromDays(30)).ToListAsync()).Should().ContainSingle(r => r.Id == active.Id);
        await Harness.AdvanceAsync(Duration.FromDays(31));

        (await Client.GetRelationshipAsync(active.Id)).Status.Should().Be(RelationshipStatus.Expired);
        (await Client.ListAccessAssignmentsAsync(active.Id).ToListAsync()).Should().OnlyContain(a => a.Status == AccessAssignmentStatus.Deleted);
    }

    [Fact]
    public async Task Expiry_WithAutoExtend_ExtendsBy180DaysAndStaysActive()
    {
        var active = await ActiveRelationshipAsync(days: 30, autoExtend: GdapDurations.AutoExtendPeriod);
        var end = active.EndsAt!.Value;

        (await Client.ListExpiringAsync(Duration.FromDays(60)).ToListAsync()).Should().BeEmpty();
        await Harness.AdvanceAsync(Duration.FromDays(31));

        var extended = await Client.GetRelationshipAsync(active.Id);
        extended.Status.Should().Be(RelationshipStatus.Active);
        extended.EndsAt.Should().Be(end + Duration.FromDays(180));
    }

    [Fact]
    public async Task Cleanup_ApprovalPendingFor91Days_Disappears()
    {
        var created = await Client.CreateRelationshipAsync(Request());
        await Client.LockForApprovalAsync(created.Id);

        await Harness.AdvanceAsync(Duration.FromDays(91));

        var act = () => Client.GetRelationshipAsync(created.Id);
        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
        (await Client.ListRelationshipsAsync().ToListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task ListRelationships_MoreThanOnePage_StreamsAllInCreationOrderWithFilters()
    {
        var ids = new List<string>();
        for (var i = 0; i < 305; i++)
        {
            ids.Add((await Client.CreateRelationshipAsync(Request(name: $"Bulk {i:D3}"))).Id);
        }

        await Client.LockForApprovalAsync(ids[7]);

        var all = await Client.ListRelationshipsAsync().ToListAsync();
        all.Select(r => r.Id).Should().BeEquivalentTo(ids);
        var pending = await Client.ListRelationshipsAsync(RelationshipQuery.ForStatus(RelationshipStatus.ApprovalPending)).ToListAsync();
        pending.Should().ContainSingle().Which.Id.Should().Be(ids[7]);
        var byCustomer = await Client.ListRelationshipsAsync(new RelationshipQuery { CustomerTenantId = CustomerTenantId, Statuses = [RelationshipStatus.Created] }).ToListAsync();
        byCustomer.Should().HaveCount(304);
    }

    [Fact]
    public async Task ListAuditRecords_AfterLifecycle_RecordsEachStepForTheRelationship()
    {
        var active = await ActiveRelationshipAsync();

        var records = await Client.ListAuditRecordsAsync(new AuditQuery { RelationshipId = active.Id }).ToListAsync();

        records.Select(r => r.Kind).Should().Contain([AuditRecordKind.RelationshipCreated, AuditRecordKind.LockedForApproval]);
        records.Should().OnlyContain(r => r.RelationshipId == active.Id);
        records.Select(r => r.OccurredAt).Should().BeInAscendingOrder();
    }

    public static TheoryData<string> BadArgumentCalls => new(BadArguments.Keys);

    // Each call with one bad argument, the exception it must fault with, and the error code when it is ours.
    private static readonly Dictionary<string, (Func<IPartnerAccessClient, object> Call, Type Expected, PartnerAccessErrorCode? Code)> BadArguments = new()
    {
        ["CreateRelationship(null)"] = (c => c.CreateRelationshipAsync(null!), typeof(ArgumentNullException), null),
        ["UpdateRelationship(null, update)"] = (c => c.UpdateRelationshipAsync(null!, new RelationshipUpdate()), typeof(ArgumentNullException), null),
        ["DeleteRelationship(null)"] = (c => c.DeleteRelationshipAsync(null!), typeof(ArgumentNullException), null),
        ["CreateAccessAssignment(id, null)"] = (c => c.CreateAccessAssignmentAsync(WellFormedRelationshipId, null!), typeof(ArgumentNullException), null),
        ["UpdateAccessAssignment(null, roles)"] = (c => c.UpdateAccessAssignmentAsync(null!, []), typeof(ArgumentNullException), null),
        ["DeleteAccessAssignment(null)"] = (c => c.DeleteAccessAssignmentAsync(null!), typeof(ArgumentNullException), null),
        ["GetRelationship(malformed)"] = (c => c.GetRelationshipAsync("not-a-relationship-id"), typeof(PartnerAccessException), PartnerAccessErrorCode.Validation),
        ["LockForApproval(malformed)"] = (c => c.LockForApprovalAsync("{" + WellFormedRelationshipId + "}"), typeof(PartnerAccessException), PartnerAccessErrorCode.Validation),
        ["TerminateRelationship(malformed)"] = (c => c.TerminateRelationshipAsync(" " + WellFormedRelationshipId), typeof(PartnerAccessException), PartnerAccessErrorCode.Validation),
        ["GetAccessAssignment(id, blank)"] = (c => c.GetAccessAssignmentAsync(WellFormedRelationshipId, " "), typeof(ArgumentException), null),
        ["GetOperation(id, blank)"] = (c => c.GetOperationAsync(WellFormedRelationshipId, ""), typeof(ArgumentException), null),
        ["ListRequests(malformed)"] = (c => c.ListRequestsAsync("not-a-relationship-id"), typeof(PartnerAccessException), PartnerAccessErrorCode.Validation),
        ["ListAccessAssignments(malformed)"] = (c => c.ListAccessAssignmentsAsync("x"), typeof(PartnerAccessException), PartnerAccessErrorCode.Validation),
        ["ListServiceManagementDetails(blank)"] = (c => c.ListServiceManagementDetailsAsync(" "), typeof(ArgumentException), null),
        ["ListAuditRecords(null)"] = (c => c.ListAuditRecordsAsync(null!), typeof(ArgumentNullException), null),
    };

    private const string WellFormedRelationshipId = "5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836";

    [Theory]
    [MemberData(nameof(BadArgumentCalls))]
    public async Task BadArgument_AnyCall_FaultsTheTaskWithTheSameExceptionNeverThrowsAtTheCall(string call)
    {
        var (invoke, expected, code) = BadArguments[call];
        object? result = null;

        var atCall = () => result = invoke(Client);

        atCall.Should().NotThrow("a bad argument surfaces when the task (or the list) is awaited, as from an async method");
        Func<Task> awaited = result switch
        {
            Task task => () => task,
            IAsyncEnumerable<object> list => async () => await list.GetAsyncEnumerator().MoveNextAsync(),
            _ => throw new InvalidOperationException($"{call} returned {result?.GetType()}."),
        };
        var error = (await awaited.Should().ThrowAsync<Exception>()).Which;
        error.GetType().Should().Be(expected);
        if (code is { } errorCode)
        {
            ((PartnerAccessException)error).ErrorCode.Should().Be(errorCode);
            ((PartnerAccessException)error).Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.RelationshipIdInvalid);
        }
    }

    protected string Name(string hint) => $"{hint} {Interlocked.Increment(ref _names)}";

    protected CreateRelationshipRequest Request(string? name = null, int days = 180, IReadOnlyList<RoleGrant>? roles = null, Duration? autoExtend = null) => new()
    {
        DisplayName = name ?? Name("Contoso"),
        Duration = Duration.FromDays(days),
        Roles = roles ?? [WellKnownRoles.ExchangeAdministrator, WellKnownRoles.HelpdeskAdministrator],
        Customer = new CustomerParticipant(CustomerTenantId, "Contoso"),
        AutoExtendDuration = autoExtend ?? Duration.Zero,
    };

    protected static CreateAccessAssignmentRequest Assignment(string groupId, params RoleGrant[] roles) => new() { SecurityGroupId = groupId, Roles = roles };

    protected async Task<Relationship> ActiveRelationshipAsync(IReadOnlyList<RoleGrant>? roles = null, int days = 180, Duration? autoExtend = null)
    {
        var created = await Client.CreateRelationshipAsync(Request(roles: roles, days: days, autoExtend: autoExtend));
        await Client.LockForApprovalAsync(created.Id);
        await Harness.ApproveAsync(created.Id);
        return await Client.WaitUntilActiveAsync(created.Id);
    }
}
