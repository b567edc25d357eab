using System.Text.Json;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Testing.Tests.Relationships;

public class GdapSimulatorAccessAssignmentTests
{
    [Fact]
    public async Task CreateAccessAssignment_Active_ReturnsPendingThenActiveAfterDelay()
    {
        var gdap = new Gdap(new GdapSimulatorOptions { AssignmentActivationDelay = Duration.FromSeconds(2) });
        var relationship = await gdap.CreateActiveAsync();

        var assignment = await gdap.Client.CreateAccessAssignmentAsync(relationship.Id, new CreateAccessAssignmentRequest
        {
            SecurityGroupId = Gdap.HelpdeskGroup,
            Roles = [WellKnownRoles.HelpdeskAdministrator],
        });

        assignment.Status.Should().Be(AccessAssignmentStatus.Pending);
        assignment.RelationshipId.Should().Be(relationship.Id);
        Guid.TryParse(assignment.Id, out _).Should().BeTrue();
        gdap.Advance(Duration.FromSeconds(1));
        (await gdap.Client.GetAccessAssignmentAsync(relationship.Id, assignment.Id)).Status.Should().Be(AccessAssignmentStatus.Pending);
        gdap.Advance(Duration.FromSeconds(1));
        var active = await gdap.Client.GetAccessAssignmentAsync(relationship.Id, assignment.Id);
        active.Status.Should().Be(AccessAssignmentStatus.Active);
        active.ETag.Should().NotBe(assignment.ETag);
        active.LastModifiedAt.Should().Be(gdap.Now);
    }

    [Fact]
    public async Task CreateAccessAssignment_SameGroupTwice_FailsWithConflict()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync();
        await gdap.AssignActiveAsync(relationship, Gdap.HelpdeskGroup);

        var error = await Gdap.Invoking(() => gdap.AssignActiveAsync(relationship, Gdap.HelpdeskGroup.ToUpperInvariant()));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict);
        error.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.AssignmentGroupNotUnique);
    }

    [Fact]
    public async Task CreateAccessAssignment_RoleOutsideRelationshipAndBadGroup_ReportsBothViolations()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync();

        var error = await Gdap.Invoking(() => gdap.Client.CreateAccessAssignmentAsync(relationship.Id, new CreateAccessAssignmentRequest
        {
            SecurityGroupId = "not-a-group",
            Roles = [WellKnownRoles.GlobalAdministrator],
        }));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        error.Violations.Select(v => v.Code).Should().BeEquivalentTo([RuleCodes.AssignmentGroupIdInvalid, RuleCodes.AssignmentRolesNotSubset]);
        (await gdap.Client.ListAccessAssignmentsAsync(relationship.Id).ToListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task UpdateAccessAssignment_SameRoles_ReturnsUnchangedWithoutOperation()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync();
        var assignment = await gdap.AssignActiveAsync(relationship, Gdap.HelpdeskGroup);

        var outcome = await gdap.Client.UpdateAccessAssignmentAsync(assignment, assignment.Roles.Reverse().ToList());

        outcome.IsLongRunning.Should().BeFalse();
        outcome.Value.Should().BeEquivalentTo(assignment);
        (await gdap.Client.ListOperationsAsync(relationship.Id).ToListAsync()).Should().BeEmpty();
        (await gdap.Client.GetAccessAssignmentAsync(relationship.Id, assignment.Id)).ETag.Should().Be(assignment.ETag);
    }

    [Fact]
    public async Task UpdateAccessAssignment_NewRoles_RunsOperationAndSwitchesRolesWhenItSucceeds()
    {
        var gdap = new Gdap(new GdapSimulatorOptions { OperationDelay = Duration.FromSeconds(5) });
        var relationship = await gdap.CreateActiveAsync();
        var assignment = await gdap.AssignActiveAsync(relationship, Gdap.HelpdeskGroup, WellKnownRoles.HelpdeskAdministrator);

        var outcome = await gdap.Client.UpdateAccessAssignmentAsync(assignment, [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ExchangeAdministrator]);

        outcome.IsLongRunning.Should().BeTrue();
        outcome.RetryAfter.Should().Be(Duration.FromSeconds(10));
        var operation = outcome.Operation!;
        operation.OperationType.Should().Be(RelationshipOperationType.DelegatedAdminAccessAssignmentUpdate);
        operation.Status.Should().Be(OperationStatus.NotStarted);
        operation.RelationshipId.Should().Be(relationship.Id);
        using (var data = JsonDocument.Parse(operation.Data!))
        {
            var root = data.RootElement;
            root.GetProperty("id").GetString().Should().Be(assignment.Id);
            root.GetProperty("accessContainer").GetProperty("accessContainerId").GetString().Should().Be(Gdap.HelpdeskGroup);
            root.GetProperty("accessContainer").GetProperty("accessContainerType").GetString().Should().Be("securityGroup");
            root.GetProperty("accessDetails").GetProperty("unifiedRoles").EnumerateArray().Select(e => e.GetProperty("roleDefinitionId").GetString())
                .Should().Equal(WellKnownRoles.HelpdeskAdministrator.RoleDefinitionId.ToString(), WellKnownRoles.ExchangeAdministrator.RoleDefinitionId.ToString());
            root.GetProperty("status").GetString().Should().Be("active");
        }

        var during = await gdap.Client.GetAccessAssignmentAsync(relationship.Id, assignment.Id);
        during.Should().BeEquivalentTo(assignment, "the assignment keeps its roles until the operation succeeds");

        gdap.Advance(Duration.FromSeconds(5));
        (await gdap.Client.GetOperationAsync(relationship.Id, operation.Id)).Status.Should().Be(OperationStatus.Running);
        (await gdap.Client.GetAccessAssignmentAsync(relationship.Id, assignment.Id)).Roles.Should().Equal(WellKnownRoles.HelpdeskAdministrator);

        gdap.Advance(Duration.FromSeconds(5));
        var done = await gdap.Client.WaitForOperationAsync(operation);
        done.Status.Should().Be(OperationStatus.Succeeded);
        done.LastModifiedAt.Should().Be(gdap.Now);
        var after = await gdap.Client.GetAccessAssignmentAsync(relationship.Id, assignment.Id);
        after.Status.Should().Be(AccessAssignmentStatus.Active);
        after.Roles.Should().Equal(WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ExchangeAdministrator);
        after.ETag.Should().NotBe(assignment.ETag);
        (await gdap.Client.ListOperationsAsync(relationship.Id).ToListAsync()).Should().ContainSingle().Which.Id.Should().Be(operation.Id);
        var record = (await gdap.AuditAsync(relationship.Id)).Last();
        record.Kind.Should().Be(AuditRecordKind.AssignmentUpdated);
        record.AccessAssignmentId.Should().Be(assignment.Id);
        record.Details["operationId"].Should().Be(operation.Id);
        record.Details["rolesBefore"].Should().Be(WellKnownRoles.HelpdeskAdministrator.RoleDefinitionId.ToString());
    }

    [Fact]
    public async Task UpdateAccessAssignment_AssignmentRemovedWhileOperationRuns_OperationFails()
    {
        var gdap = new Gdap(new GdapSimulatorOptions { OperationDelay = Duration.FromSeconds(5) });
        var relationship = await gdap.CreateActiveAsync();
        var assignment = await gdap.AssignActiveAsync(relationship, Gdap.HelpdeskGroup, WellKnownRoles.HelpdeskAdministrator);
        var outcome = await gdap.Client.UpdateAccessAssignmentAsync(assignment, relationship.Roles);

        await gdap.Client.DeleteAccessAssignmentAsync(assignment);
        gdap.Advance(Duration.FromSeconds(10));

        (await gdap.Client.GetOperationAsync(relationship.Id, outcome.Operation!.Id)).Status.Should().Be(OperationStatus.Failed);
        var deleted = await gdap.Client.GetAccessAssignmentAsync(relationship.Id, assignment.Id);
        deleted.Status.Should().Be(AccessAssignmentStatus.Deleted);
        deleted.Roles.Should().Equal(WellKnownRoles.HelpdeskAdministrator);
    }

    [Fact]
    public async Task UpdateAccessAssignment_Pending_FailsWithInvalidState()
    {
        var gdap = new Gdap(new GdapSimulatorOptions { AssignmentActivationDelay = Duration.FromMinutes(1) });
        var relationship = await gdap.CreateActiveAsync();
        var pending = await gdap.Client.CreateAccessAssignmentAsync(relationship.Id, new CreateAccessAssignmentRequest
        {
            SecurityGroupId = Gdap.HelpdeskGroup,
            Roles = [WellKnownRoles.HelpdeskAdministrator],
        });

        var error = await Gdap.Invoking(() => gdap.Client.UpdateAccessAssignmentAsync(pending, relationship.Roles));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
        error.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.AssignmentState);
    }

    [Fact]
    public async Task DeleteAccessAssignment_Active_GoesDeletingThenDeletedAndStaysVisible()
    {
        var gdap = new Gdap(new GdapSimulatorOptions { AssignmentDeletionDelay = Duration.FromMinutes(3) });
        var relationship = await gdap.CreateActiveAsync();
        var assignment = await gdap.AssignActiveAsync(relationship, Gdap.HelpdeskGroup);

        await gdap.Client.DeleteAccessAssignmentAsync(assignment);

        var deleting = await gdap.Client.GetAccessAssignmentAsync(relationship.Id, assignment.Id);
        deleting.Status.Should().Be(AccessAssignmentStatus.Deleting);
        var again = await Gdap.Invoking(() => gdap.Client.DeleteAccessAssignmentAsync(deleting));
        again.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
        var sameGroup = await Gdap.Invoking(() => gdap.AssignActiveAsync(relationship, Gdap.HelpdeskGroup));
        sameGroup.ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict, "a deleting assignment still holds its group");

        gdap.Advance(Duration.FromMinutes(3));

        (await gdap.Client.ListAccessAssignmentsAsync(relationship.Id).ToListAsync()).Should().ContainSingle()
            .Which.Status.Should().Be(AccessAssignmentStatus.Deleted);
        var replacement = await gdap.AssignActiveAsync(relationship, Gdap.HelpdeskGroup);
        replacement.Status.Should().Be(AccessAssignmentStatus.Active);
        (await gdap.Client.ListAccessAssignmentsAsync(relationship.Id, new AccessAssignmentQuery { Statuses = [AccessAssignmentStatus.Active] }).ToListAsync())
            .Should().ContainSingle().Which.Id.Should().Be(replacement.Id);
        (await gdap.AuditAsync(relationship.Id)).Where(r => r.AccessAssignmentId == assignment.Id).Select(r => (r.Kind, r.Actor.Kind)).Should().Equal(
            (AuditRecordKind.AssignmentCreated, AuditActorKind.Partner),
            (AuditRecordKind.AssignmentUpdated, AuditActorKind.System),
            (AuditRecordKind.AssignmentDeleted, AuditActorKind.Partner),
            (AuditRecordKind.AssignmentUpdated, AuditActorKind.System));
    }

    [Fact]
    public async Task GetAccessAssignment_UnknownId_FailsWithNotFound()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync();

        var error = await Gdap.Invoking(() => gdap.Client.GetAccessAssignmentAsync(relationship.Id, Guid.NewGuid().ToString()));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
    }

    [Fact]
    public async Task ListAccessAssignments_SeveralGroups_OrderedByCreation()
    {
        var gdap = new Gdap();
        var relationship = await gdap.CreateActiveAsync();
        var first = await gdap.AssignActiveAsync(relationship, Gdap.HelpdeskGroup, WellKnownRoles.HelpdeskAdministrator);
        gdap.Advance(Duration.FromMinutes(1));
        var second = await gdap.AssignActiveAsync(relationship, Gdap.ExchangeGroup, WellKnownRoles.ExchangeAdministrator);

        var listed = await gdap.Client.ListAccessAssignmentsAsync(relationship.Id).ToListAsync();

        listed.Select(a => a.Id).Should().Equal(first.Id, second.Id);
        (await gdap.Client.ListAccessAssignmentsAsync(relationship.Id, new AccessAssignmentQuery { SecurityGroupId = Gdap.ExchangeGroup }).ToListAsync())
            .Should().ContainSingle().Which.Id.Should().Be(second.Id);
    }
}
