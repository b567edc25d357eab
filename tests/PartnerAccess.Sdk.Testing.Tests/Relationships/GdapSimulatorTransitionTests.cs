using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Testing.Tests.Relationships;

/// <summary>Every action in every relationship status: allowed exactly where the wire spec allows it, refused elsewhere with nothing changed.</summary>
public class GdapSimulatorTransitionTests
{
    public enum Action
    {
        Delete,
        LockForApproval,
        Terminate,
        CustomerApprove,
        CustomerTerminate,
        CreateAssignment,
        Rename,
        SwitchOnAutoExtend,
    }

    private static readonly Dictionary<Action, RelationshipStatus[]> AllowedIn = new()
    {
        [Action.Delete] = [RelationshipStatus.Created],
        [Action.LockForApproval] = [RelationshipStatus.Created],
        [Action.Terminate] = [RelationshipStatus.Active],
        [Action.CustomerApprove] = [RelationshipStatus.ApprovalPending],
        [Action.CustomerTerminate] = [RelationshipStatus.Active],
        [Action.CreateAssignment] = [RelationshipStatus.Active],
        [Action.Rename] = [RelationshipStatus.Created],
        [Action.SwitchOnAutoExtend] = [RelationshipStatus.Created, RelationshipStatus.Active],
    };

    private static readonly RelationshipStatus[] Statuses =
    [
        RelationshipStatus.Created, RelationshipStatus.ApprovalPending, RelationshipStatus.Approved, RelationshipStatus.Activating,
        RelationshipStatus.Active, RelationshipStatus.Expiring, RelationshipStatus.Expired, RelationshipStatus.TerminationRequested,
        RelationshipStatus.Terminating, RelationshipStatus.Terminated,
    ];

    public static TheoryData<Action, RelationshipStatus> Allowed()
    {
        var data = new TheoryData<Action, RelationshipStatus>();
        foreach (var (action, statuses) in AllowedIn)
        {
            foreach (var status in statuses)
            {
                data.Add(action, status);
            }
        }

        return data;
    }

    public static TheoryData<Action, RelationshipStatus> Refused()
    {
        var data = new TheoryData<Action, RelationshipStatus>();
        foreach (var (action, statuses) in AllowedIn)
        {
            foreach (var status in Statuses.Except(statuses))
            {
                data.Add(action, status);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public async Task Act_AllowedStatus_TakesEffect(Action action, RelationshipStatus status)
    {
        var gdap = new Gdap(Gdap.HourlySteps);
        var relationship = await gdap.InStatusAsync(status);

        await ActAsync(gdap, relationship, action);

        switch (action)
        {
            case Action.Delete:
                (await Gdap.Invoking(() => gdap.Client.GetRelationshipAsync(relationship.Id))).ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
                break;
            case Action.LockForApproval:
                (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.Created, "lock processing takes an hour here");
                gdap.Advance(Gdap.Step);
                (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.ApprovalPending);
                break;
            case Action.Terminate or Action.CustomerTerminate:
                (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.TerminationRequested);
                break;
            case Action.CustomerApprove:
                (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.Approved);
                break;
            case Action.CreateAssignment:
                (await gdap.Client.ListAccessAssignmentsAsync(relationship.Id).ToListAsync()).Should().ContainSingle()
                    .Which.Status.Should().Be(AccessAssignmentStatus.Pending);
                break;
            case Action.Rename:
                (await gdap.Client.GetRelationshipAsync(relationship.Id)).DisplayName.Should().Be("Renamed");
                break;
            case Action.SwitchOnAutoExtend:
                var after = await gdap.Client.GetRelationshipAsync(relationship.Id);
                after.Window.AutoExtends.Should().BeTrue();
                after.Status.Should().Be(status);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Act_RefusedStatus_FailsWithInvalidStateAndChangesNothing(Action action, RelationshipStatus status)
    {
        var gdap = new Gdap(Gdap.HourlySteps);
        var relationship = await gdap.InStatusAsync(status);
        var auditBefore = (await gdap.AuditAsync()).Count;

        var error = await Gdap.Invoking(() => ActAsync(gdap, relationship, action));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
        error.Violations.Should().NotBeEmpty().And.OnlyContain(v => RuleCodes.IsStateRule(v.Code));
        var after = await gdap.Client.GetRelationshipAsync(relationship.Id);
        after.Should().BeEquivalentTo(relationship, "a refused call changes nothing");
        (await gdap.Client.ListAccessAssignmentsAsync(relationship.Id).ToListAsync()).Should().BeEmpty();
        (await gdap.AuditAsync()).Should().HaveCount(auditBefore);
    }

    [Fact]
    public async Task UpdateRelationship_ActiveRolesOtherThanWithoutGlobalAdministrator_IsRefused()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync();

        var error = await Gdap.Invoking(() => gdap.Client.UpdateRelationshipAsync(relationship,
            new RelationshipUpdate { Roles = [WellKnownRoles.ExchangeAdministrator] }));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
        error.Violations.Should().ContainSingle().Which.Target.Should().Be("accessDetails");
    }

    [Fact]
    public async Task UpdateRelationship_ActiveSwitchOnAutoExtendWithGlobalAdministrator_IsRefused()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync(Gdap.Request(roles: [WellKnownRoles.GlobalAdministrator, WellKnownRoles.GlobalReader]));

        var error = await Gdap.Invoking(() => gdap.Client.SetAutoExtendAsync(relationship, enabled: true));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        error.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.AutoExtendWithGlobalAdministrator);
    }

    [Fact]
    public async Task UpdateRelationship_CreatedEveryProperty_AppliesAtOnce()
    {
        var gdap = new Gdap();
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request());

        var outcome = await gdap.Client.UpdateRelationshipAsync(relationship, new RelationshipUpdate
        {
            DisplayName = "Contoso service desk",
            Duration = Duration.FromDays(730),
            Customer = Gdap.Fabrikam,
            Roles = [WellKnownRoles.GlobalReader],
            AutoExtendDuration = GdapDurations.AutoExtendPeriod,
        });

        outcome.IsLongRunning.Should().BeFalse();
        var updated = outcome.Value!;
        updated.Should().BeEquivalentTo(await gdap.Client.GetRelationshipAsync(relationship.Id));
        updated.DisplayName.Should().Be("Contoso service desk");
        updated.Window.Length.Should().Be(Duration.FromDays(730));
        updated.Customer.Should().Be(Gdap.Fabrikam);
        updated.Roles.Should().Equal(WellKnownRoles.GlobalReader);
        updated.Window.AutoExtends.Should().BeTrue();
        updated.ETag.Should().NotBe(relationship.ETag);
        updated.LastModifiedAt.Should().Be(gdap.Now);
    }

    [Fact]
    public async Task UpdateRelationship_SameValues_ReturnsUnchangedWithSameETag()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync();

        var outcome = await gdap.Client.UpdateRelationshipAsync(relationship, new RelationshipUpdate
        {
            DisplayName = relationship.DisplayName,
            Roles = relationship.Roles,
            AutoExtendDuration = Duration.Zero,
        });

        outcome.Value.Should().BeEquivalentTo(relationship);
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).ETag.Should().Be(relationship.ETag);
    }

    [Fact]
    public async Task UpdateRelationship_ActiveRemoveGlobalAdministrator_RunsAsOperationThenSwitchesRoles()
    {
        var gdap = new Gdap(new GdapSimulatorOptions { OperationDelay = Duration.FromMinutes(5) });
        var relationship = await gdap.CreateActiveAsync(Gdap.Request(roles: [WellKnownRoles.GlobalAdministrator, WellKnownRoles.GlobalReader]));
        var assignment = await gdap.AssignActiveAsync(relationship, Gdap.HelpdeskGroup);

        var outcome = await gdap.Client.RemoveGlobalAdministratorAsync(relationship);

        outcome.IsLongRunning.Should().BeTrue();
        outcome.RetryAfter.Should().Be(Duration.FromSeconds(10));
        var operation = outcome.Operation!;
        operation.OperationType.Should().Be(RelationshipOperationType.DelegatedAdminRelationshipUpdate);
        operation.Status.Should().Be(OperationStatus.NotStarted);
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).HasGlobalAdministrator.Should().BeTrue("roles switch when the operation succeeds");

        gdap.Advance(Duration.FromMinutes(5));
        (await gdap.Client.GetOperationAsync(relationship.Id, operation.Id)).Status.Should().Be(OperationStatus.Running);
        gdap.Advance(Duration.FromMinutes(5));

        (await gdap.Client.GetOperationAsync(relationship.Id, operation.Id)).Status.Should().Be(OperationStatus.Succeeded);
        var after = await gdap.Client.GetRelationshipAsync(relationship.Id);
        after.Roles.Should().Equal(WellKnownRoles.GlobalReader);
        after.ETag.Should().NotBe(relationship.ETag);
        (await gdap.Client.GetAccessAssignmentAsync(relationship.Id, assignment.Id)).Roles.Should().Equal(WellKnownRoles.GlobalReader);
        var audit = await gdap.AuditAsync(relationship.Id);
        audit.Should().Contain(r => r.Kind == Audit.AuditRecordKind.RolesChanged && r.OccurredAt == gdap.Now && r.Details["operationId"] == operation.Id);
    }

    [Fact]
    public async Task DeleteRelationship_Created_IsGoneAndNameIsFree()
    {
        var gdap = new Gdap();
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request("Short lived"));

        await gdap.Client.DeleteRelationshipAsync(relationship);

        (await Gdap.Invoking(() => gdap.Client.GetRelationshipAsync(relationship.Id))).ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
        (await gdap.Client.ListRelationshipsAsync().ToListAsync()).Should().BeEmpty();
        (await gdap.Client.CreateRelationshipAsync(Gdap.Request("Short lived"))).DisplayName.Should().Be("Short lived");
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("5d027261-d21f-4aa9-b7db-7fa1f56fb163")]
    [InlineData("")]
    public async Task GetRelationship_MalformedId_FailsWithValidation(string id)
    {
        var gdap = new Gdap();

        var error = await Gdap.Invoking(() => gdap.Client.GetRelationshipAsync(id));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        error.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.RelationshipIdInvalid);
    }

    [Fact]
    public async Task GetRelationship_UnknownWellFormedId_FailsWithNotFound()
    {
        var gdap = new Gdap();

        var error = await Gdap.Invoking(() => gdap.Client.GetRelationshipAsync("5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836"));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
    }

    [Fact]
    public async Task LockForApproval_SecondRequestWhileFirstIsProcessing_Fails()
    {
        var gdap = new Gdap(new GdapSimulatorOptions { LockProcessingDelay = Duration.FromMinutes(1) });
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request());

        var first = await gdap.Client.LockForApprovalAsync(relationship.Id);
        var second = await gdap.Client.LockForApprovalAsync(relationship.Id);
        gdap.Advance(Duration.FromMinutes(1));

        gdap.Simulator.GetRequest(relationship.Id, first.Id).Status.Should().Be(RelationshipRequestStatus.Succeeded);
        gdap.Simulator.GetRequest(relationship.Id, second.Id).Status.Should().Be(RelationshipRequestStatus.Failed);
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.ApprovalPending);
    }

    private static async Task ActAsync(Gdap gdap, Relationship relationship, Action action)
    {
        var client = gdap.Client;
        switch (action)
        {
            case Action.Delete:
                await client.DeleteRelationshipAsync(relationship);
                break;
            case Action.LockForApproval:
                (await client.LockForApprovalAsync(relationship.Id)).Status.Should().Be(RelationshipRequestStatus.Created);
                break;
            case Action.Terminate:
                (await client.TerminateRelationshipAsync(relationship.Id)).Action.Should().Be(RelationshipRequestAction.Terminate);
                break;
            case Action.CustomerApprove:
                gdap.Simulator.Approve(relationship.Id);
                break;
            case Action.CustomerTerminate:
                gdap.Simulator.TerminateByCustomer(relationship.Id);
                break;
            case Action.CreateAssignment:
                await client.CreateAccessAssignmentAsync(relationship.Id, new CreateAccessAssignmentRequest
                {
                    SecurityGroupId = Gdap.HelpdeskGroup,
                    Roles = [WellKnownRoles.HelpdeskAdministrator],
                });
                break;
            case Action.Rename:
                await client.UpdateRelationshipAsync(relationship, new RelationshipUpdate { DisplayName = "Renamed" });
                break;
            case Action.SwitchOnAutoExtend:
                await client.SetAutoExtendAsync(relationship, enabled: true);
                break;
        }
    }
}
