using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Tests.Rules;

public class GdapRulesCreateTests
{
    private static readonly GdapRules Rules = GdapRules.Default;

    private static IReadOnlyList<string> Codes(CreateRelationshipRequest request) =>
        Rules.ValidateCreate(request).Select(v => v.Code).ToList();

    [Fact]
    public void ValidateCreate_ValidRequest_ReturnsNoViolations()
    {
        Rules.ValidateCreate(Sample.CreateRequest()).Should().BeEmpty();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(729)]
    [InlineData(730)]
    public void ValidateCreate_DurationInRange_Accepted(int days)
    {
        Codes(Sample.CreateRequest(days: days)).Should().BeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(731)]
    [InlineData(-1)]
    [InlineData(10_000)]
    public void ValidateCreate_DurationOutOfRange_ReportsOutOfRangeNamingTheValue(int days)
    {
        var violation = Rules.ValidateCreate(Sample.CreateRequest(days: days)).Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.DurationOutOfRange);
        violation.Target.Should().Be("duration");
        violation.Message.Should().Contain($"{days} days");
    }

    [Fact]
    public void ValidateCreate_P2Y_IsAcceptedAs730Days()
    {
        var request = Sample.CreateRequest() with { Duration = PartnerAccess.Sdk.Time.GdapDurations.Parse("P2Y") };

        request.Duration.Should().Be(Duration.FromDays(730));
        Codes(request).Should().BeEmpty();
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 12)]
    [InlineData(729, 23)]
    [InlineData(730, 1)]
    public void ValidateCreate_DurationWithHours_ReportsNotWholeDays(int days, int hours)
    {
        var request = Sample.CreateRequest() with { Duration = Duration.FromDays(days) + Duration.FromHours(hours) };

        var violation = Rules.ValidateCreate(request).Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.DurationNotWholeDays);
        violation.AttemptedValue.Should().Be(PartnerAccess.Sdk.Time.GdapDurations.Format(request.Duration));
        violation.Message.Should().Contain(violation.AttemptedValue);
    }

    [Fact]
    public void ValidateCreate_OneSecondOverADay_ReportsNotWholeDays()
    {
        var request = Sample.CreateRequest() with { Duration = Duration.FromDays(1) + Duration.FromSeconds(1) };

        Codes(request).Should().Equal(RuleCodes.DurationNotWholeDays);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(49)]
    [InlineData(50)]
    public void ValidateCreate_DisplayNameUpTo50Characters_Accepted(int length)
    {
        Codes(Sample.CreateRequest(displayName: new string('a', length))).Should().BeEmpty();
    }

    [Theory]
    [InlineData(51)]
    [InlineData(200)]
    public void ValidateCreate_DisplayNameOver50Characters_ReportsTooLongWithLength(int length)
    {
        var name = new string('b', length);

        var violation = Rules.ValidateCreate(Sample.CreateRequest(displayName: name)).Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.DisplayNameTooLong);
        violation.AttemptedValue.Should().Be(name);
        violation.Message.Should().Contain(name).And.Contain($"has {length}");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    [InlineData(null)]
    public void ValidateCreate_DisplayNameMissingOrBlank_ReportsRequired(string? name)
    {
        Codes(Sample.CreateRequest(displayName: name!)).Should().Equal(RuleCodes.DisplayNameRequired);
    }

    [Theory]
    [InlineData("Contoso\u0000", "U+0000 at position 7")]
    [InlineData("Con\ttoso", "U+0009 at position 3")]
    [InlineData("Contoso\nsupport\u0001", "U+000A at position 7")]
    [InlineData("\u007fContoso", "U+007F at position 0")]
    [InlineData("Contoso\u0085", "U+0085 at position 7")]
    public void ValidateCreate_DisplayNameWithControlCharacter_ReportsInvalidCharactersNamingTheFirst(string name, string named)
    {
        var violation = Rules.ValidateCreate(Sample.CreateRequest(displayName: name)).Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.DisplayNameInvalidCharacters);
        violation.AttemptedValue.Should().Be(name);
        violation.Message.Should().Contain(named);
    }

    [Fact]
    public void ValidateCreate_DisplayNameTooLongAndWithControlCharacter_ReportsBoth()
    {
        Codes(Sample.CreateRequest(displayName: new string('c', 50) + "\u0001"))
            .Should().BeEquivalentTo([RuleCodes.DisplayNameTooLong, RuleCodes.DisplayNameInvalidCharacters]);
    }

    [Fact]
    public void ValidateCreate_DisplayNameWithUnicodeLettersAndPunctuation_Accepted()
    {
        Codes(Sample.CreateRequest(displayName: "Fabrikam – Zürich / 東京 (ops) #1")).Should().BeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(180)]
    public void ValidateCreate_AutoExtendZeroOr180Days_Accepted(int days)
    {
        Codes(Sample.CreateRequest(autoExtend: Duration.FromDays(days))).Should().BeEmpty();
    }

    [Theory]
    [InlineData("PT0S")]
    [InlineData("P0D")]
    [InlineData("P180D")]
    public void ValidateCreate_AutoExtendGraphForms_Accepted(string text)
    {
        Codes(Sample.CreateRequest(autoExtend: PartnerAccess.Sdk.Time.GdapDurations.Parse(text))).Should().BeEmpty();
    }

    [Theory]
    [InlineData("P90D")]
    [InlineData("P1D")]
    [InlineData("P179D")]
    [InlineData("P181D")]
    [InlineData("P365D")]
    [InlineData("PT1H")]
    public void ValidateCreate_AutoExtendOtherThanZeroOr180Days_ReportsInvalidNamingTheValue(string text)
    {
        var violation = Rules.ValidateCreate(Sample.CreateRequest(autoExtend: PartnerAccess.Sdk.Time.GdapDurations.Parse(text))).Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.AutoExtendInvalid);
        violation.Target.Should().Be("autoExtendDuration");
        violation.AttemptedValue.Should().Be(text);
        violation.Message.Should().Contain(text);
    }

    [Fact]
    public void ValidateCreate_GlobalAdministratorWithAutoExtend_ReportsGlobalAdministratorRule()
    {
        var request = Sample.CreateRequest(roles: Sample.RolesWithGlobalAdministrator, autoExtend: Duration.FromDays(180));

        var violation = Rules.ValidateCreate(request).Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.AutoExtendWithGlobalAdministrator);
        violation.Message.Should().Contain("62e90394-69f5-4237-9190-012177145e10");
    }

    [Fact]
    public void ValidateCreate_GlobalAdministratorWithoutAutoExtend_Accepted()
    {
        Codes(Sample.CreateRequest(roles: Sample.RolesWithGlobalAdministrator, autoExtend: Duration.Zero)).Should().BeEmpty();
    }

    [Fact]
    public void ValidateCreate_GlobalAdministratorWithInvalidAutoExtend_ReportsOnlyTheInvalidValue()
    {
        var request = Sample.CreateRequest(roles: Sample.RolesWithGlobalAdministrator, autoExtend: Duration.FromDays(90));

        Codes(request).Should().Equal(RuleCodes.AutoExtendInvalid);
    }

    [Fact]
    public void ValidateCreate_NoRoles_ReportsRolesRequired()
    {
        Codes(Sample.CreateRequest(roles: [])).Should().Equal(RuleCodes.RolesRequired);
    }

    [Fact]
    public void ValidateCreate_NullRoles_ReportsRolesRequired()
    {
        var request = Sample.CreateRequest() with { Roles = null! };

        Codes(request).Should().Equal(RuleCodes.RolesRequired);
    }

    [Fact]
    public void ValidateCreate_DuplicateRole_ReportsDuplicateOnceNamingTheRole()
    {
        var exchange = WellKnownRoles.ExchangeAdministrator;

        var violation = Rules.ValidateCreate(Sample.CreateRequest(roles: [exchange, WellKnownRoles.GlobalReader, exchange, exchange]))
            .Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.RolesDuplicate);
        violation.AttemptedValue.Should().Be(exchange.RoleDefinitionId.ToString());
        violation.Message.Should().Contain(exchange.RoleDefinitionId.ToString()).And.Contain("3 times");
    }

    public static TheoryData<Guid> ExcludedRoleIds()
    {
        var data = new TheoryData<Guid>();
        foreach (var role in RoleCatalog.Default.Excluded)
        {
            data.Add(role.TemplateId);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExcludedRoleIds))]
    public void ValidateCreate_ExcludedRole_ReportsExcludedNamingRoleAndReason(Guid roleId)
    {
        var excluded = RoleCatalog.Default.FindExcluded(roleId)!;

        var violation = Rules.ValidateCreate(Sample.CreateRequest(roles: [WellKnownRoles.GlobalReader, new RoleGrant(roleId)]))
            .Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.RoleExcluded);
        violation.AttemptedValue.Should().Be(roleId.ToString());
        violation.Message.Should().Contain(excluded.Name).And.Contain(roleId.ToString()).And.Contain(excluded.Reason);
    }

    [Theory]
    [MemberData(nameof(ExcludedRoleIds))]
    public void ValidateCreate_ExcludedRoleWhenUnknownRolesAllowed_StillReportsExcluded(Guid roleId)
    {
        var rules = new GdapRules(new GdapRuleOptions { AllowRolesNotInCatalog = true });

        rules.ValidateCreate(Sample.CreateRequest(roles: [new RoleGrant(roleId)])).Select(v => v.Code)
            .Should().Equal(RuleCodes.RoleExcluded);
    }

    [Fact]
    public void ValidateCreate_ExpectedExcludedRoles_AreAllOnTheList()
    {
        // The issue names these; each must be refused.
        string[] expected =
        [
            "4ba39ca4-527c-499a-b93d-d9b492c50246", // Partner Tier1 Support
            "e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8", // Partner Tier2 Support
            "d29b2b05-8046-44ba-8758-1e26182fcf32", // Directory Synchronization Accounts
            "00cf5c54-4693-4f59-a0ac-ab79ef0a974d", // Microsoft 365 Support Engineer
            "fc8ad4e2-40e4-4724-8317-bcda7503ecbf", // Customer Delegated Admin Relationship Administrator
        ];

        foreach (var id in expected)
        {
            Codes(Sample.CreateRequest(roles: [RoleGrant.Parse(id)])).Should().Equal([RuleCodes.RoleExcluded], because: id);
        }

        RoleCatalog.Default.Excluded.Select(r => r.Name).Should().Contain(["User", "Guest User", "Restricted Guest User"]);
    }

    [Fact]
    public void ValidateCreate_UnknownRole_ReportsNotInCatalogNamingTheId()
    {
        var unknown = Guid.Parse("dd4db9a0-cc4a-4213-9f9f-70242232d97e");

        var violation = Rules.ValidateCreate(Sample.CreateRequest(roles: [new RoleGrant(unknown)])).Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.RoleNotInCatalog);
        violation.Message.Should().Contain(unknown.ToString());
    }

    [Fact]
    public void ValidateCreate_UnknownRoleWhenAllowed_Accepted()
    {
        var rules = new GdapRules(new GdapRuleOptions { AllowRolesNotInCatalog = true });

        rules.ValidateCreate(Sample.CreateRequest(roles: [new RoleGrant(Guid.NewGuid())])).Should().BeEmpty();
    }

    [Fact]
    public void ValidateCreate_EmptyGuidRole_ReportsInvalidRoleIdEvenWhenUnknownRolesAllowed()
    {
        var rules = new GdapRules(new GdapRuleOptions { AllowRolesNotInCatalog = true });
        var request = Sample.CreateRequest(roles: [new RoleGrant(Guid.Empty)]);

        Codes(request).Should().Equal(RuleCodes.RoleInvalidId);
        rules.ValidateCreate(request).Select(v => v.Code).Should().Equal(RuleCodes.RoleInvalidId);
    }

    [Fact]
    public void ValidateCreate_CustomCatalog_IsTheAllowList()
    {
        var only = new RoleDefinition
        {
            TemplateId = WellKnownRoles.GlobalReader.RoleDefinitionId,
            Name = "Global Reader",
            PrimaryWorkload = Workload.Directory,
            Workloads = [Workload.Directory],
            IsPrivileged = true,
        };
        var rules = new GdapRules(catalog: new RoleCatalog([only], []));

        rules.ValidateCreate(Sample.CreateRequest(roles: [WellKnownRoles.GlobalReader])).Should().BeEmpty();
        rules.ValidateCreate(Sample.CreateRequest(roles: [WellKnownRoles.ExchangeAdministrator])).Select(v => v.Code)
            .Should().Equal(RuleCodes.RoleNotInCatalog);
    }

    [Theory]
    [InlineData("4b827261-d21f-4aa9-b7db-7fa1f56fb163")]
    [InlineData("4B827261-D21F-4AA9-B7DB-7FA1F56FB163")]
    public void ValidateCreate_CustomerTenantIdGuid_Accepted(string tenantId)
    {
        Codes(Sample.CreateRequest(customer: new CustomerParticipant(tenantId, "Contoso"))).Should().BeEmpty();
    }

    [Fact]
    public void ValidateCreate_NoCustomer_Accepted()
    {
        Codes(Sample.CreateRequest(customer: null)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("contoso.onmicrosoft.com")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("4b827261-d21f-4aa9-b7db")]
    [InlineData("4b827261-d21f-4aa9-b7db-7fa1f56fb163x")]
    [InlineData("{4b827261-d21f-4aa9-b7db-7fa1f56fb163}")]
    [InlineData("4b827261d21f4aa9b7db7fa1f56fb163")]
    [InlineData(" 4b827261-d21f-4aa9-b7db-7fa1f56fb163 ")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public void ValidateCreate_CustomerTenantIdNotAGuid_ReportsInvalidNamingTheValue(string tenantId)
    {
        var violation = Rules.ValidateCreate(Sample.CreateRequest(customer: new CustomerParticipant(tenantId))).Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.CustomerTenantIdInvalid);
        violation.Target.Should().Be("customer.tenantId");
        violation.AttemptedValue.Should().Be(tenantId);
        violation.Message.Should().Contain($"'{tenantId}'");
    }

    [Fact]
    public void ValidateCreate_EveryRuleBroken_ReportsEveryViolationTogether()
    {
        var request = new CreateRelationshipRequest
        {
            DisplayName = new string('x', 51) + "\n",
            Duration = Duration.FromDays(731),
            Roles = [WellKnownRoles.GlobalAdministrator, WellKnownRoles.GlobalAdministrator, RoleGrant.Parse("4ba39ca4-527c-499a-b93d-d9b492c50246"), new RoleGrant(Guid.NewGuid()), new RoleGrant(Guid.Empty)],
            AutoExtendDuration = Duration.FromDays(180),
            Customer = new CustomerParticipant("not-a-guid"),
        };

        Codes(request).Should().BeEquivalentTo(
        [
            RuleCodes.DisplayNameTooLong,
            RuleCodes.DisplayNameInvalidCharacters,
            RuleCodes.DurationOutOfRange,
            RuleCodes.CustomerTenantIdInvalid,
            RuleCodes.RolesDuplicate,
            RuleCodes.RoleExcluded,
            RuleCodes.RoleNotInCatalog,
            RuleCodes.RoleInvalidId,
            RuleCodes.AutoExtendWithGlobalAdministrator,
        ]);
    }

    [Fact]
    public void ThrowIfAny_SeveralViolations_ThrowsOneValidationExceptionCarryingAllOfThem()
    {
        var request = Sample.CreateRequest(displayName: "", days: 0, roles: [], autoExtend: Duration.FromDays(90), customer: new CustomerParticipant("x"));
        var violations = Rules.ValidateCreate(request);

        var act = () => GdapRules.ThrowIfAny(violations);

        var exception = act.Should().ThrowExactly<PartnerAccessException>().Which;
        exception.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        exception.Violations.Select(v => v.Code).Should().BeEquivalentTo(
        [
            RuleCodes.DisplayNameRequired,
            RuleCodes.DurationOutOfRange,
            RuleCodes.CustomerTenantIdInvalid,
            RuleCodes.RolesRequired,
            RuleCodes.AutoExtendInvalid,
        ]);
        exception.Message.Should().Contain("5 GDAP rules were broken");
    }

    [Fact]
    public void ThrowIfAny_NoViolations_DoesNotThrow()
    {
        var act = () => GdapRules.ThrowIfAny(Rules.ValidateCreate(Sample.CreateRequest()));

        act.Should().NotThrow();
    }

    [Fact]
    public void ValidateCreate_NullRequest_ThrowsArgumentNull()
    {
        var act = () => Rules.ValidateCreate(null!);

        act.Should().Throw<ArgumentNullException>();
    }
}
