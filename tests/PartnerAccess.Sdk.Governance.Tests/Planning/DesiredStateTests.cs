using PartnerAccess.Sdk.Planning;
using static PartnerAccess.Sdk.Governance.Tests.Planning.PlanningFixtures;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

public class DesiredStateTests
{
    [Fact]
    public void Constructor_ValidState_KeepsOrder()
    {
        var state = Desired((Contoso, ["Service desk"]), (Fabrikam, ["Service desk", "escalation"]));

        state.Customers.Select(c => c.Customer).Should().Equal(Contoso, Fabrikam);
        state.GetTemplate("SERVICE DESK").Should().BeSameAs(ServiceDesk);
    }

    [Fact]
    public void Constructor_ManyProblems_ReportsAllTogether()
    {
        var act = () => new DesiredState(
            [ServiceDesk, ServiceDesk with { Name = "service desk" }, StarterTemplates.ReadOnlyAuditor],
            [
                new DesiredCustomer(new CustomerParticipant("not-a-guid", "Bad"), ["Service desk"]),
                new DesiredCustomer(Contoso, ["Nope", "Read-only auditor"]),
                new DesiredCustomer(Contoso with { DisplayName = "Again" }, []),
            ]);

        var error = act.Should().Throw<PartnerAccessException>().Which;
        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        error.Violations.Select(v => v.Code).Should().BeEquivalentTo(
        [
            TemplateRuleCodes.NameNotUnique,
            TemplateRuleCodes.GroupUnbound,
            TemplateRuleCodes.CustomerTenantIdInvalid,
            TemplateRuleCodes.TemplateUnknown,
            TemplateRuleCodes.CustomerDuplicate,
        ]);
        error.Violations.Single(v => v.Code == TemplateRuleCodes.GroupUnbound).Message.Should().Contain("WithSecurityGroup(\"Auditors\"");
    }

    [Fact]
    public void Constructor_UnboundTemplateNobodyUses_Accepted()
    {
        var state = new DesiredState([ServiceDesk, StarterTemplates.ReadOnlyAuditor], [new DesiredCustomer(Contoso, ["Service desk"])]);

        state.Templates.Should().HaveCount(2);
    }

    [Fact]
    public void ForAll_SameTemplatesForEveryone()
    {
        var state = DesiredState.ForAll([Contoso, Fabrikam], ServiceDesk, Escalation);

        state.Customers.Should().OnlyContain(c => c.TemplateNames.SequenceEqual(new[] { "Service desk", "Escalation" }));
    }
}
