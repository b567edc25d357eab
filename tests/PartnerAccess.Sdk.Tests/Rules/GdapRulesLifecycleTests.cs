using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Tests.Rules;

public class GdapRulesLifecycleTests
{
    private static readonly GdapRules Rules = GdapRules.Default;

    public static TheoryData<RelationshipStatus> AllStatuses() => Sample.StatusesExcept();

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void ValidateDelete_OnlyCreated_Allowed(RelationshipStatus status)
    {
        var violations = Rules.ValidateDelete(Sample.Relationship(status));

        if (status == RelationshipStatus.Created)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            var violation = violations.Should().ContainSingle().Subject;
            violation.Code.Should().Be(RuleCodes.RelationshipState);
            violation.AttemptedValue.Should().Be(GraphNames.ToGraphName(status));
            violation.Message.Should().Be($"delete is not allowed while the relationship is '{GraphNames.ToGraphName(status)}'; it must be 'created'.");
        }
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void ValidateLockForApproval_OnlyCreated_Allowed(RelationshipStatus status)
    {
        var violations = Rules.ValidateLockForApproval(Sample.Relationship(status));

        if (status == RelationshipStatus.Created)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            violations.Should().ContainSingle().Which.Message.Should().StartWith("lockForApproval is not allowed")
                .And.Contain($"'{GraphNames.ToGraphName(status)}'");
        }
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void ValidateTerminate_OnlyActive_Allowed(RelationshipStatus status)
    {
        var violations = Rules.ValidateTerminate(Sample.Relationship(status));

        if (status == RelationshipStatus.Active)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            var violation = violations.Should().ContainSingle().Subject;
            violation.Code.Should().Be(RuleCodes.RelationshipState);
            violation.Message.Should().StartWith("terminate is not allowed").And.Contain("it must be 'active'");
        }
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void ValidateCustomerApproval_OnlyApprovalPending_Allowed(RelationshipStatus status)
    {
        var violations = Rules.ValidateCustomerApproval(Sample.Relationship(status));

        if (status == RelationshipStatus.ApprovalPending)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.RelationshipState);
        }
    }

    [Fact]
    public void ValidateCustomerApproval_ResellerConsentPending_Refused()
    {
        var relationship = Sample.Relationship(RelationshipStatus.ApprovalPending) with
        {
            IndirectProviderTenantId = Guid.NewGuid().ToString(),
            IsPartnerConsentPending = true,
        };

        var violation = Rules.ValidateCustomerApproval(relationship).Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.RelationshipState);
        violation.Target.Should().Be("isPartnerConsentPending");
    }

    [Fact]
    public void ValidateCustomerApproval_ResellerConsentGiven_Allowed()
    {
        var relationship = Sample.Relationship(RelationshipStatus.ApprovalPending) with
        {
            IndirectProviderTenantId = Guid.NewGuid().ToString(),
            IsPartnerConsentPending = false,
        };

        Rules.ValidateCustomerApproval(relationship).Should().BeEmpty();
    }

    [Theory]
    [InlineData(RelationshipRequestAction.Approve)]
    [InlineData(RelationshipRequestAction.Reject)]
    public void ValidateResellerDecision_PendingResellerRelationship_Allowed(RelationshipRequestAction action)
    {
        var relationship = Sample.Relationship(RelationshipStatus.ApprovalPending) with
        {
            IndirectProviderTenantId = Guid.NewGuid().ToString(),
            IsPartnerConsentPending = true,
        };

        Rules.ValidateResellerDecision(relationship, action).Should().BeEmpty();
    }

    [Theory]
    [InlineData(RelationshipRequestAction.Approve)]
    [InlineData(RelationshipRequestAction.Reject)]
    public void ValidateResellerDecision_DirectRelationship_Refused(RelationshipRequestAction action)
    {
        var violation = Rules.ValidateResellerDecision(Sample.Relationship(RelationshipStatus.ApprovalPending), action)
            .Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.RelationshipState);
        violation.Message.Should().StartWith(GraphNames.ToGraphName(action));
    }

    [Fact]
    public void ValidateResellerDecision_ConsentAlreadyGiven_Refused()
    {
        var relationship = Sample.Relationship(RelationshipStatus.ApprovalPending) with
        {
            IndirectProviderTenantId = Guid.NewGuid().ToString(),
            IsPartnerConsentPending = false,
        };

        Rules.ValidateResellerDecision(relationship, RelationshipRequestAction.Approve).Should().ContainSingle();
    }

    [Fact]
    public void ValidateResellerDecision_DirectRelationshipNotPending_ReportsBothProblems()
    {
        Rules.ValidateResellerDecision(Sample.Relationship(RelationshipStatus.Active), RelationshipRequestAction.Reject)
            .Select(v => v.Target).Should().BeEquivalentTo(["status", "action"]);
    }
}
