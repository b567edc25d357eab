using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Tests.Rules;

public class GdapRulesCustomerApprovalTests
{
    private static readonly CustomerParticipant Contoso = new("4fdbff88-9d6b-42e0-9713-45c922ba8001", "Contoso Inc");

    [Fact]
    public void ValidateCustomerApproval_PendingWithNamedCustomerAndNoApprover_Passes()
    {
        GdapRules.Default.ValidateCustomerApproval(Pending(Contoso), approvingCustomer: null).Should().BeEmpty();
    }

    [Fact]
    public void ValidateCustomerApproval_PendingWithSameCustomerInOtherCase_Passes()
    {
        var approver = Contoso with { TenantId = Contoso.TenantId.ToUpperInvariant() };

        GdapRules.Default.ValidateCustomerApproval(Pending(Contoso), approver).Should().BeEmpty();
    }

    [Fact]
    public void ValidateCustomerApproval_NoCustomerAnywhere_RequiresOne()
    {
        GdapRules.Default.ValidateCustomerApproval(Pending(null), approvingCustomer: null)
            .Should().ContainSingle().Which.Code.Should().Be(RuleCodes.CustomerRequired);
    }

    [Fact]
    public void ValidateCustomerApproval_OtherCustomer_IsAMismatch()
    {
        var violations = GdapRules.Default.ValidateCustomerApproval(Pending(Contoso), new CustomerParticipant("0f1e2d3c-4b5a-4697-8877-665544332211"));

        violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.CustomerMismatch);
        RuleCodes.ErrorCodeFor(violations).Should().Be(PartnerAccessErrorCode.Validation);
    }

    [Fact]
    public void ValidateCustomerApproval_ApproverTenantNotAGuid_IsInvalid()
    {
        GdapRules.Default.ValidateCustomerApproval(Pending(null), new CustomerParticipant("contoso"))
            .Should().ContainSingle().Which.Code.Should().Be(RuleCodes.CustomerTenantIdInvalid);
    }

    [Fact]
    public void ValidateCustomerApproval_NotPendingAndNoCustomer_ReportsBoth()
    {
        var created = Pending(null) with { Status = RelationshipStatus.Created };

        GdapRules.Default.ValidateCustomerApproval(created, approvingCustomer: null).Select(v => v.Code)
            .Should().BeEquivalentTo([RuleCodes.RelationshipState, RuleCodes.CustomerRequired]);
    }

    private static Relationship Pending(CustomerParticipant? customer) => new()
    {
        Id = "5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836",
        DisplayName = "Contoso helpdesk",
        Customer = customer,
        Roles = [WellKnownRoles.HelpdeskAdministrator],
        Window = new AccessWindow(Duration.FromDays(180), GdapDurations.AutoExtendPeriod),
        Status = RelationshipStatus.ApprovalPending,
    };
}
