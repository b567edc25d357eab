using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

public class AccessTemplateTests
{
    private const string GroupId = "6e3b5a0c-3c1f-4a7e-9f2b-1d2c3b4a5f60";

    [Fact]
    public void FromJson_RolesByNameAndId_ResolvesThroughCatalog()
    {
        var template = AccessTemplate.FromJson($$"""
            {
              "name": "Mail",
              "description": "mail work",
              "roles": ["Exchange Administrator", "31392ffb-586c-42d1-9346-e59415a2cc4e"],
              "duration": "P2Y",
              "autoExtend": true,
              "groups": [ { "securityGroupId": "{{GroupId}}", "roles": ["Exchange Recipient Administrator"] } ]
            }
            """);

        template.Name.Should().Be("Mail");
        template.Description.Should().Be("mail work");
        template.Roles.Should().Equal(WellKnownRoles.ExchangeAdministrator, WellKnownRoles.ExchangeRecipientAdministrator);
        template.Duration.Should().Be(Duration.FromDays(730));
        template.AutoExtend.Should().BeTrue();
        template.AutoExtendDuration.Should().Be(Duration.FromDays(180));
        template.Groups.Should().ContainSingle().Which.Roles.Should().Equal(WellKnownRoles.ExchangeRecipientAdministrator);
    }

    [Fact]
    public void FromJson_GroupWithoutRoles_GetsAllTemplateRoles()
    {
        var template = AccessTemplate.FromJson($$"""{ "name": "T", "roles": ["Helpdesk Administrator", "License Administrator"], "duration": "P30D", "groups": [ { "securityGroupId": "{{GroupId}}" } ] }""");

        template.Groups[0].Roles.Should().Equal(template.Roles);
        template.AutoExtend.Should().BeFalse();
    }

    [Fact]
    public void FromJson_GlobalAdministratorWithAutoExtend_RefusedWithRuleCode()
    {
        var act = () => AccessTemplate.FromJson("""{ "name": "Break glass", "roles": ["Global Administrator"], "duration": "P30D", "autoExtend": true }""");

        var error = act.Should().Throw<PartnerAccessException>().Which;
        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        error.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.AutoExtendWithGlobalAdministrator);
        error.Message.Should().Contain("Break glass").And.Contain("Global Administrator");
    }

    [Fact]
    public void FromJson_ManyProblems_ReportsEveryOneTogether()
    {
        var act = () => AccessTemplate.FromJson("""
            {
              "name": "Everything wrong with a name that is far too long",
              "roles": ["Exchange Admin", "Global Administrator", "4ba39ca4-527c-499a-b93d-d9b492c50246"],
              "duration": "two years",
              "autoExtend": true,
              "autoExtnd": false,
              "groups": [
                { "securityGroupId": "not-a-guid", "roles": ["Teams Administrator"] },
                { "securityGroupId": "6e3b5a0c-3c1f-4a7e-9f2b-1d2c3b4a5f60" },
                { "securityGroupId": "6E3B5A0C-3C1F-4A7E-9F2B-1D2C3B4A5F60" }
              ]
            }
            """);

        var error = act.Should().Throw<PartnerAccessException>().Which;
        error.Violations.Select(v => v.Code).Should().BeEquivalentTo(
        [
            TemplateRuleCodes.UnknownProperty,
            TemplateRuleCodes.RoleUnknown,
            TemplateRuleCodes.DurationInvalid,
            TemplateRuleCodes.NameInvalid,
            RuleCodes.RoleExcluded,
            RuleCodes.AutoExtendWithGlobalAdministrator,
            TemplateRuleCodes.GroupIdInvalid,
            TemplateRuleCodes.GroupRolesNotSubset,
            TemplateRuleCodes.GroupDuplicate,
        ]);
        error.Violations.Single(v => v.Code == TemplateRuleCodes.RoleUnknown).Message.Should().Contain("Did you mean").And.Contain("'Exchange Administrator'");
        error.Message.Should().StartWith("9 GDAP rules were broken");
    }

    [Fact]
    public void FromJson_MissingDuration_SaysItIsRequired()
    {
        var act = () => AccessTemplate.FromJson("""{ "name": "T", "roles": ["Reports Reader"] }""");

        act.Should().Throw<PartnerAccessException>().Which.Violations.Should().ContainSingle()
            .Which.Should().Match<RuleViolation>(v => v.Code == TemplateRuleCodes.DurationInvalid && v.Message.Contains("required"));
    }

    [Theory]
    [InlineData("P0D", RuleCodes.DurationOutOfRange)]
    [InlineData("P731D", RuleCodes.DurationOutOfRange)]
    [InlineData("PT12H", RuleCodes.DurationNotWholeDays)]
    public void FromJson_DurationOutsideGdapRules_RefusedByRuleEngine(string duration, string code)
    {
        var act = () => AccessTemplate.FromJson($$"""{ "name": "T", "roles": ["Reports Reader"], "duration": "{{duration}}" }""");

        act.Should().Throw<PartnerAccessException>().Which.Violations.Should().ContainSingle().Which.Code.Should().Be(code);
    }

    [Fact]
    public void FromJson_NotJson_ReportsJsonInvalid()
    {
        var act = () => AccessTemplate.FromJson("{ name: ");

        act.Should().Throw<PartnerAccessException>().Which.Violations.Should().ContainSingle().Which.Code.Should().Be(TemplateRuleCodes.JsonInvalid);
    }

    [Fact]
    public void ListFromJson_DuplicateNames_Refused()
    {
        var act = () => AccessTemplate.ListFromJson("""
            { "templates": [
              { "name": "Tier", "roles": ["Reports Reader"], "duration": "P30D" },
              { "name": "tier", "roles": ["Reports Reader"], "duration": "P60D" } ] }
            """);

        act.Should().Throw<PartnerAccessException>().Which.Violations.Should().ContainSingle().Which.Code.Should().Be(TemplateRuleCodes.NameNotUnique);
    }

    [Fact]
    public void ListFromJson_ArrayWithCommentsAndTrailingCommas_ReadsAll()
    {
        var templates = AccessTemplate.ListFromJson("""
            [
              // first
              { "name": "A", "roles": ["Reports Reader"], "duration": "P30D", },
              { "name": "B", "roles": ["Global Reader"], "duration": "P1Y" },
            ]
            """);

        templates.Select(t => t.Name).Should().Equal("A", "B");
        templates[1].Duration.Should().Be(Duration.FromDays(365));
    }

    [Fact]
    public async Task LoadAsync_Stream_ReadsTemplates()
    {
        using var stream = new MemoryStream("""{ "name": "A", "roles": ["Reports Reader"], "duration": "P30D" }"""u8.ToArray());

        var templates = await AccessTemplate.LoadAsync(stream);

        templates.Should().ContainSingle().Which.Roles.Should().ContainSingle().Which.Name.Should().Be("Reports Reader");
    }

    [Fact]
    public void WithSecurityGroup_KnownLabel_BindsSlotOnly()
    {
        var template = StarterTemplates.SecurityOperations;

        var bound = template.WithSecurityGroup("security ANALYSTS", GroupId);

        bound.Groups[0].SecurityGroupId.Should().Be(GroupId);
        bound.Groups[1].SecurityGroupId.Should().BeNull();
        bound.IsBound.Should().BeFalse();
        template.Groups[0].SecurityGroupId.Should().BeNull("templates are immutable");
    }

    [Fact]
    public void WithSecurityGroup_UnknownLabel_NamesTheSlots()
    {
        var act = () => StarterTemplates.ServiceDesk.WithSecurityGroup("Nobody", GroupId);

        act.Should().Throw<ArgumentException>().WithMessage("*'Service desk agents'*");
    }

    [Fact]
    public void WithGroup_RolesOutsideTemplate_FailsValidation()
    {
        var template = StarterTemplates.ServiceDesk.WithGroup(GroupId, WellKnownRoles.GlobalAdministrator);

        template.Validate().Should().ContainSingle().Which.Code.Should().Be(TemplateRuleCodes.GroupRolesNotSubset);
    }

    [Fact]
    public void ToCreateRequest_CarriesTemplateSettings()
    {
        var template = StarterTemplates.EscalationEngineer;
        var customer = new PartnerAccess.Sdk.Relationships.CustomerParticipant("0c9f8d2a-1111-4b2c-9d3e-5f6a7b8c9d0e", "Contoso");

        var request = template.ToCreateRequest("name", customer);

        request.Roles.Should().Equal(template.Roles);
        request.Duration.Should().Be(Duration.FromDays(365));
        request.AutoExtendDuration.Should().Be(Duration.Zero);
        request.Customer.Should().Be(customer);
        GdapRules.Default.ValidateCreate(request).Should().BeEmpty();
    }
}
