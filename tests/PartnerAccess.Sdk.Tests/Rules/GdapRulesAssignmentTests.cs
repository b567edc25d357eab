using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Tests.Rules;

public class GdapRulesAssignmentTests
{
    private static readonly GdapRules Rules = GdapRules.Default;
    private static readonly Relationship Active = Sample.Relationship(RelationshipStatus.Active);

    private static IReadOnlyList<string> CreateCodes(Relationship relationship, CreateAccessAssignmentRequest request, params AccessAssignment[] existing) =>
        Rules.ValidateCreateAssignment(relationship, request, existing).Select(v => v.Code).ToList();

    public static TheoryData<RelationshipStatus> NotActive() => Sample.StatusesExcept(RelationshipStatus.Active);

    [Fact]
    public void ValidateCreateAssignment_SubsetOfActiveRelationship_Accepted()
    {
        CreateCodes(Active, Sample.AssignmentRequest(roles: [WellKnownRoles.ExchangeAdministrator])).Should().BeEmpty();
        CreateCodes(Active, Sample.AssignmentRequest(roles: Active.Roles)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(NotActive))]
    public void ValidateCreateAssignment_RelationshipNotActive_ReportsRelationshipNotActive(RelationshipStatus status)
    {
        var violation = Rules.ValidateCreateAssignment(Sample.Relationship(status), Sample.AssignmentRequest(), [])
            .Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.AssignmentRelationshipNotActive);
        violation.Message.Should().Contain($"'{GraphNames.ToGraphName(status)}'");
        RuleCodes.ErrorCodeFor([violation]).Should().Be(PartnerAccessErrorCode.InvalidState);
    }

    [Fact]
    public void ValidateCreateAssignment_RelationshipNotActiveAndBadRequest_ReportsEveryViolation()
    {
        var request = Sample.AssignmentRequest(groupId: "group-1", roles: [WellKnownRoles.GlobalAdministrator]);

        CreateCodes(Sample.Relationship(RelationshipStatus.ApprovalPending), request).Should().BeEquivalentTo(
        [
            RuleCodes.AssignmentRelationshipNotActive,
            RuleCodes.AssignmentGroupIdInvalid,
            RuleCodes.AssignmentRolesNotSubset,
        ]);
    }

    [Fact]
    public void ValidateCreateAssignment_NoRoles_ReportsRolesRequired()
    {
        CreateCodes(Active, Sample.AssignmentRequest(roles: [])).Should().Equal(RuleCodes.AssignmentRolesRequired);
    }

    [Fact]
    public void ValidateCreateAssignment_NullRoles_ReportsRolesRequired()
    {
        CreateCodes(Active, Sample.AssignmentRequest() with { Roles = null! }).Should().Equal(RuleCodes.AssignmentRolesRequired);
    }

    [Fact]
    public void ValidateCreateAssignment_RolesNotInRelationship_ReportsNotSubsetListingEachMissingRole()
    {
        var request = Sample.AssignmentRequest(roles: [WellKnownRoles.ExchangeAdministrator, WellKnownRoles.GlobalAdministrator, WellKnownRoles.TeamsAdministrator]);

        var violation = Rules.ValidateCreateAssignment(Active, request, []).Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.AssignmentRolesNotSubset);
        violation.Message.Should().Contain(WellKnownRoles.GlobalAdministrator.RoleDefinitionId.ToString())
            .And.Contain(WellKnownRoles.TeamsAdministrator.RoleDefinitionId.ToString())
            .And.NotContain(WellKnownRoles.ExchangeAdministrator.RoleDefinitionId.ToString());
    }

    [Fact]
    public void ValidateCreateAssignment_DuplicateRole_ReportsDuplicate()
    {
        var exchange = WellKnownRoles.ExchangeAdministrator;

        CreateCodes(Active, Sample.AssignmentRequest(roles: [exchange, exchange])).Should().Equal(RuleCodes.AssignmentRolesDuplicate);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Helpdesk agents")]
    [InlineData("9a1b2c3d-4e5f-4a6b-8c7d")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("{9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d}")]
    [InlineData("9a1b2c3d4e5f4a6b8c7d0e1f2a3b4c5d")]
    [InlineData(" 9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d")]
    public void ValidateCreateAssignment_GroupIdNotAGuid_ReportsInvalidNamingTheValue(string groupId)
    {
        var violation = Rules.ValidateCreateAssignment(Active, Sample.AssignmentRequest(groupId: groupId), []).Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.AssignmentGroupIdInvalid);
        violation.AttemptedValue.Should().Be(groupId);
        violation.Message.Should().Contain($"'{groupId}'");
    }

    [Fact]
    public void ValidateCreateAssignment_UppercaseGroupId_Accepted()
    {
        CreateCodes(Active, Sample.AssignmentRequest(groupId: Sample.GroupId.ToUpperInvariant())).Should().BeEmpty();
    }

    [Theory]
    [InlineData(AccessAssignmentStatus.Pending)]
    [InlineData(AccessAssignmentStatus.Active)]
    [InlineData(AccessAssignmentStatus.Deleting)]
    [InlineData(AccessAssignmentStatus.Error)]
    [InlineData(AccessAssignmentStatus.Unknown)]
    public void ValidateCreateAssignment_GroupAlreadyHasLiveAssignment_ReportsNotUniqueAsConflict(AccessAssignmentStatus status)
    {
        var existing = Sample.Assignment(status, groupId: Sample.GroupId.ToUpperInvariant());

        var violation = Rules.ValidateCreateAssignment(Active, Sample.AssignmentRequest(), [existing]).Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.AssignmentGroupNotUnique);
        violation.Message.Should().Contain("The resource already exists").And.Contain(Sample.GroupId);
        RuleCodes.ErrorCodeFor([violation]).Should().Be(PartnerAccessErrorCode.Conflict);
    }

    [Fact]
    public void ValidateCreateAssignment_GroupOnlyHasDeletedAssignments_Accepted()
    {
        CreateCodes(Active, Sample.AssignmentRequest(), Sample.Assignment(AccessAssignmentStatus.Deleted), Sample.Assignment(AccessAssignmentStatus.Deleted))
            .Should().BeEmpty();
    }

    [Fact]
    public void ValidateCreateAssignment_OtherGroupAssigned_Accepted()
    {
        CreateCodes(Active, Sample.AssignmentRequest(), Sample.Assignment(AccessAssignmentStatus.Active, groupId: Sample.OtherGroupId))
            .Should().BeEmpty();
    }

    [Fact]
    public void ValidateCreateAssignment_DuplicateGroupAndBadRoles_ReportsBothValidationFirst()
    {
        var violations = Rules.ValidateCreateAssignment(Active, Sample.AssignmentRequest(roles: [WellKnownRoles.TeamsAdministrator]),
            [Sample.Assignment(AccessAssignmentStatus.Active)]);

        violations.Select(v => v.Code).Should().BeEquivalentTo([RuleCodes.AssignmentRolesNotSubset, RuleCodes.AssignmentGroupNotUnique]);
        RuleCodes.ErrorCodeFor(violations).Should().Be(PartnerAccessErrorCode.Validation);
    }

    [Fact]
    public void ValidateUpdateAssignment_ActiveAssignmentSubsetRoles_Accepted()
    {
        Rules.ValidateUpdateAssignment(Active, Sample.Assignment(AccessAssignmentStatus.Active), [WellKnownRoles.HelpdeskAdministrator])
            .Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(NotActive))]
    public void ValidateUpdateAssignment_RelationshipNotActive_ReportsRelationshipNotActive(RelationshipStatus status)
    {
        Rules.ValidateUpdateAssignment(Sample.Relationship(status), Sample.Assignment(AccessAssignmentStatus.Active), [WellKnownRoles.ExchangeAdministrator])
            .Select(v => v.Code).Should().Equal(RuleCodes.AssignmentRelationshipNotActive);
    }

    [Theory]
    [InlineData(AccessAssignmentStatus.Pending)]
    [InlineData(AccessAssignmentStatus.Deleting)]
    [InlineData(AccessAssignmentStatus.Deleted)]
    [InlineData(AccessAssignmentStatus.Error)]
    [InlineData(AccessAssignmentStatus.Unknown)]
    public void ValidateUpdateAssignment_AssignmentNotActive_ReportsAssignmentStateNamingTheStatus(AccessAssignmentStatus status)
    {
        var violation = Rules.ValidateUpdateAssignment(Active, Sample.Assignment(status), [WellKnownRoles.ExchangeAdministrator])
            .Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.AssignmentState);
        violation.Message.Should().Contain($"'{GraphNames.ToGraphName(status)}'");
    }

    [Fact]
    public void ValidateUpdateAssignment_RolesNotInRelationship_ReportsNotSubset()
    {
        Rules.ValidateUpdateAssignment(Active, Sample.Assignment(AccessAssignmentStatus.Active), [WellKnownRoles.IntuneAdministrator])
            .Select(v => v.Code).Should().Equal(RuleCodes.AssignmentRolesNotSubset);
    }

    [Fact]
    public void ValidateUpdateAssignment_NoRoles_ReportsRolesRequired()
    {
        Rules.ValidateUpdateAssignment(Active, Sample.Assignment(AccessAssignmentStatus.Active), [])
            .Select(v => v.Code).Should().Equal(RuleCodes.AssignmentRolesRequired);
    }

    [Fact]
    public void ValidateUpdateAssignment_EverythingWrong_ReportsEveryViolationAsInvalidState()
    {
        var violations = Rules.ValidateUpdateAssignment(Sample.Relationship(RelationshipStatus.Expired),
            Sample.Assignment(AccessAssignmentStatus.Deleted), [WellKnownRoles.IntuneAdministrator]);

        violations.Select(v => v.Code).Should().BeEquivalentTo(
            [RuleCodes.AssignmentRelationshipNotActive, RuleCodes.AssignmentState, RuleCodes.AssignmentRolesNotSubset]);
        RuleCodes.ErrorCodeFor(violations).Should().Be(PartnerAccessErrorCode.InvalidState);
    }

    [Theory]
    [InlineData(AccessAssignmentStatus.Pending, true)]
    [InlineData(AccessAssignmentStatus.Active, true)]
    [InlineData(AccessAssignmentStatus.Error, true)]
    [InlineData(AccessAssignmentStatus.Deleting, false)]
    [InlineData(AccessAssignmentStatus.Deleted, false)]
    [InlineData(AccessAssignmentStatus.Unknown, false)]
    public void ValidateDeleteAssignment_ByStatus(AccessAssignmentStatus status, bool allowed)
    {
        var violations = Rules.ValidateDeleteAssignment(Sample.Assignment(status));

        if (allowed)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            var violation = violations.Should().ContainSingle().Subject;
            violation.Code.Should().Be(RuleCodes.AssignmentState);
            violation.Message.Should().Contain($"'{GraphNames.ToGraphName(status)}'");
        }
    }

    [Fact]
    public void IsLive_EveryStatusButDeleted()
    {
        foreach (var status in Enum.GetValues<AccessAssignmentStatus>())
        {
            Sample.Assignment(status).IsLive.Should().Be(status != AccessAssignmentStatus.Deleted, because: status.ToString());
        }
    }

    [Fact]
    public void SameRoles_IgnoresOrderAndRepeats()
    {
        GdapRules.SameRoles([WellKnownRoles.GlobalReader, WellKnownRoles.UserAdministrator], [WellKnownRoles.UserAdministrator, WellKnownRoles.GlobalReader]).Should().BeTrue();
        GdapRules.SameRoles([WellKnownRoles.GlobalReader], [WellKnownRoles.GlobalReader, WellKnownRoles.GlobalReader]).Should().BeTrue();
        GdapRules.SameRoles([WellKnownRoles.GlobalReader], [WellKnownRoles.UserAdministrator]).Should().BeFalse();
        GdapRules.SameRoles([], [WellKnownRoles.UserAdministrator]).Should().BeFalse();
    }
}
