using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Tests.Rules;

public class GdapRulesUpdateTests
{
    private static readonly GdapRules Rules = GdapRules.Default;
    private static readonly Duration AutoExtend = Duration.FromDays(180);

    private static IReadOnlyList<string> Codes(Relationship current, RelationshipUpdate update) =>
        Rules.ValidateUpdate(current, update).Select(v => v.Code).ToList();

    public static TheoryData<string> EveryProperty() => ["displayName", "duration", "customer", "accessDetails", "autoExtendDuration"];

    private static RelationshipUpdate ChangeOf(string property) => property switch
    {
        "displayName" => new RelationshipUpdate { DisplayName = "Renamed" },
        "duration" => new RelationshipUpdate { Duration = Duration.FromDays(90) },
        "customer" => new RelationshipUpdate { Customer = new CustomerParticipant("0c3d5a0e-94c6-4a47-9b9f-3f6c2f8a1d11") },
        "accessDetails" => new RelationshipUpdate { Roles = [WellKnownRoles.GlobalReader] },
        "autoExtendDuration" => new RelationshipUpdate { AutoExtendDuration = AutoExtend },
        _ => throw new ArgumentOutOfRangeException(nameof(property)),
    };

    [Theory]
    [MemberData(nameof(EveryProperty))]
    public void ValidateUpdate_AnyPropertyWhileCreated_Accepted(string property)
    {
        var update = ChangeOf(property);
        var current = Sample.Relationship(RelationshipStatus.Created);

        Rules.ValidateUpdate(current, update).Should().BeEmpty();
        Rules.ClassifyUpdate(current, update).Should().Be(RelationshipUpdateKind.Immediate);
    }

    [Fact]
    public void ValidateUpdate_EverythingAtOnceWhileCreated_Accepted()
    {
        var update = new RelationshipUpdate
        {
            DisplayName = "Renamed",
            Duration = Duration.FromDays(730),
            Customer = new CustomerParticipant(Guid.NewGuid().ToString()),
            Roles = [WellKnownRoles.SharePointAdministrator],
            AutoExtendDuration = AutoExtend,
        };

        Rules.ValidateUpdate(Sample.Relationship(RelationshipStatus.Created), update).Should().BeEmpty();
    }

    [Fact]
    public void ValidateUpdate_InvalidValuesWhileCreated_ReportsEveryValueRule()
    {
        var update = new RelationshipUpdate
        {
            DisplayName = new string('n', 51),
            Duration = Duration.FromDays(731),
            Customer = new CustomerParticipant("nope"),
            Roles = [],
            AutoExtendDuration = Duration.FromDays(90),
        };

        Codes(Sample.Relationship(RelationshipStatus.Created), update).Should().BeEquivalentTo(
        [
            RuleCodes.DisplayNameTooLong,
            RuleCodes.DurationOutOfRange,
            RuleCodes.CustomerTenantIdInvalid,
            RuleCodes.RolesRequired,
            RuleCodes.AutoExtendInvalid,
        ]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ValidateUpdate_BlankDisplayNameWhileCreated_ReportsRequired(string name)
    {
        Codes(Sample.Relationship(RelationshipStatus.Created), new RelationshipUpdate { DisplayName = name })
            .Should().Equal(RuleCodes.DisplayNameRequired);
    }

    [Fact]
    public void ValidateUpdate_DurationWithHoursWhileCreated_ReportsNotWholeDays()
    {
        Codes(Sample.Relationship(RelationshipStatus.Created), new RelationshipUpdate { Duration = Duration.FromHours(36) })
            .Should().Equal(RuleCodes.DurationNotWholeDays);
    }

    [Fact]
    public void ValidateUpdate_EnableAutoExtendOnCreatedWithGlobalAdministrator_ReportsGlobalAdministratorRule()
    {
        var current = Sample.Relationship(RelationshipStatus.Created, roles: Sample.RolesWithGlobalAdministrator);

        Codes(current, new RelationshipUpdate { AutoExtendDuration = AutoExtend })
            .Should().Equal(RuleCodes.AutoExtendWithGlobalAdministrator);
    }

    [Fact]
    public void ValidateUpdate_AddGlobalAdministratorToAutoExtendingCreated_ReportsGlobalAdministratorRule()
    {
        var current = Sample.Relationship(RelationshipStatus.Created, autoExtend: AutoExtend);

        Codes(current, new RelationshipUpdate { Roles = Sample.RolesWithGlobalAdministrator })
            .Should().Equal(RuleCodes.AutoExtendWithGlobalAdministrator);
    }

    [Fact]
    public void ValidateUpdate_AddGlobalAdministratorAndSwitchAutoExtendOffWhileCreated_Accepted()
    {
        var current = Sample.Relationship(RelationshipStatus.Created, autoExtend: AutoExtend);

        Codes(current, new RelationshipUpdate { Roles = Sample.RolesWithGlobalAdministrator, AutoExtendDuration = Duration.Zero })
            .Should().BeEmpty();
    }

    [Fact]
    public void ValidateUpdate_RemoveGlobalAdministratorAndEnableAutoExtendWhileActive_RefusedUntilTheRemovalCompletes()
    {
        var current = Sample.Relationship(RelationshipStatus.Active, roles: Sample.RolesWithGlobalAdministrator);
        var withoutGa = current.Roles.Where(r => !r.IsGlobalAdministrator).ToList();

        Codes(current, new RelationshipUpdate { Roles = withoutGa, AutoExtendDuration = AutoExtend })
            .Should().Equal(RuleCodes.AutoExtendWithGlobalAdministrator);
    }

    [Fact]
    public void ValidateUpdate_DropGlobalAdministratorAndEnableAutoExtendWhileCreated_Accepted()
    {
        var current = Sample.Relationship(RelationshipStatus.Created, roles: Sample.RolesWithGlobalAdministrator);

        Codes(current, new RelationshipUpdate { Roles = Sample.Roles, AutoExtendDuration = AutoExtend }).Should().BeEmpty();
    }

    [Fact]
    public void ValidateUpdate_ExcludedRoleWhileCreated_ReportsExcluded()
    {
        Codes(Sample.Relationship(RelationshipStatus.Created), new RelationshipUpdate { Roles = [RoleGrant.Parse("d29b2b05-8046-44ba-8758-1e26182fcf32")] })
            .Should().Equal(RuleCodes.RoleExcluded);
    }

    [Fact]
    public void ValidateUpdate_AutoExtendWhileActive_AcceptedAsImmediate()
    {
        var current = Sample.Relationship(RelationshipStatus.Active);
        var update = new RelationshipUpdate { AutoExtendDuration = AutoExtend };

        Rules.ValidateUpdate(current, update).Should().BeEmpty();
        Rules.ClassifyUpdate(current, update).Should().Be(RelationshipUpdateKind.Immediate);
    }

    [Fact]
    public void ValidateUpdate_SwitchAutoExtendOffWhileActive_Accepted()
    {
        var current = Sample.Relationship(RelationshipStatus.Active, autoExtend: AutoExtend);
        var update = new RelationshipUpdate { AutoExtendDuration = Duration.Zero };

        Rules.ValidateUpdate(current, update).Should().BeEmpty();
        Rules.ClassifyUpdate(current, update).Should().Be(RelationshipUpdateKind.Immediate);
    }

    [Fact]
    public void ValidateUpdate_InvalidAutoExtendWhileActive_ReportsInvalid()
    {
        Codes(Sample.Relationship(RelationshipStatus.Active), new RelationshipUpdate { AutoExtendDuration = Duration.FromDays(90) })
            .Should().Equal(RuleCodes.AutoExtendInvalid);
    }

    [Fact]
    public void ValidateUpdate_EnableAutoExtendOnActiveWithGlobalAdministrator_ReportsGlobalAdministratorRule()
    {
        var current = Sample.Relationship(RelationshipStatus.Active, roles: Sample.RolesWithGlobalAdministrator);

        Codes(current, new RelationshipUpdate { AutoExtendDuration = AutoExtend })
            .Should().Equal(RuleCodes.AutoExtendWithGlobalAdministrator);
    }

    [Theory]
    [InlineData("displayName")]
    [InlineData("duration")]
    [InlineData("customer")]
    [InlineData("accessDetails")]
    public void ValidateUpdate_CreatedOnlyPropertyWhileActive_ReportsStateViolation(string property)
    {
        var violation = Rules.ValidateUpdate(Sample.Relationship(RelationshipStatus.Active), ChangeOf(property)).Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.RelationshipState);
        violation.Target.Should().Be(property);
        violation.Message.Should().Contain("'created'");
    }

    [Fact]
    public void ValidateUpdate_SameValuesWhileActive_AcceptedAsNoChange()
    {
        var current = Sample.Relationship(RelationshipStatus.Active, autoExtend: AutoExtend);
        var update = new RelationshipUpdate
        {
            DisplayName = current.DisplayName,
            Duration = current.Window.Length,
            Customer = current.Customer,
            Roles = current.Roles.Reverse().ToList(),
            AutoExtendDuration = AutoExtend,
        };

        Rules.ValidateUpdate(current, update).Should().BeEmpty();
        Rules.ClassifyUpdate(current, update).Should().Be(RelationshipUpdateKind.NoChange);
    }

    [Fact]
    public void ValidateUpdate_SameCustomerTenantWithoutNameWhileActive_AcceptedAsNoChange()
    {
        // The customer's name is set by Entra; sending only the same tenant id changes nothing.
        var current = Sample.Relationship(RelationshipStatus.Active);
        var update = new RelationshipUpdate { Customer = new CustomerParticipant(Sample.CustomerTenantId.ToUpperInvariant()) };

        Rules.ValidateUpdate(current, update).Should().BeEmpty();
        Rules.ClassifyUpdate(current, update).Should().Be(RelationshipUpdateKind.NoChange);
    }

    [Fact]
    public void ValidateUpdate_RemoveGlobalAdministratorWhileActive_ClassifiedAsRemoveGlobalAdministrator()
    {
        var current = Sample.Relationship(RelationshipStatus.Active, roles: Sample.RolesWithGlobalAdministrator);
        var update = new RelationshipUpdate { Roles = current.Roles.Where(r => !r.IsGlobalAdministrator).ToList() };

        Rules.ValidateUpdate(current, update).Should().BeEmpty();
        Rules.ClassifyUpdate(current, update).Should().Be(RelationshipUpdateKind.RemoveGlobalAdministrator);
    }

    [Fact]
    public void ValidateUpdate_SameRolesWhileActive_NoChange()
    {
        var current = Sample.Relationship(RelationshipStatus.Active, roles: Sample.RolesWithGlobalAdministrator);
        var update = new RelationshipUpdate { Roles = Sample.RolesWithGlobalAdministrator };

        Rules.ValidateUpdate(current, update).Should().BeEmpty();
        Rules.ClassifyUpdate(current, update).Should().Be(RelationshipUpdateKind.NoChange);
    }

    [Fact]
    public void ValidateUpdate_RemoveGlobalAdministratorAndAnotherRoleWhileActive_ReportsStateViolationListingTheRoles()
    {
        var current = Sample.Relationship(RelationshipStatus.Active, roles: [WellKnownRoles.GlobalAdministrator, WellKnownRoles.ExchangeAdministrator, WellKnownRoles.GlobalReader]);

        var violation = Rules.ValidateUpdate(current, new RelationshipUpdate { Roles = [WellKnownRoles.GlobalReader] }).Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.RelationshipState);
        violation.Target.Should().Be("accessDetails");
        violation.Message.Should().Contain(WellKnownRoles.GlobalReader.RoleDefinitionId.ToString());
    }

    [Fact]
    public void ValidateUpdate_RemoveOnlyRoleGlobalAdministratorWhileActive_ReportsStateViolation()
    {
        // Removing GA from a GA-only relationship would leave no roles.
        var current = Sample.Relationship(RelationshipStatus.Active, roles: [WellKnownRoles.GlobalAdministrator]);

        Codes(current, new RelationshipUpdate { Roles = [] }).Should().Equal(RuleCodes.RelationshipState);
    }

    [Fact]
    public void ValidateUpdate_RemoveNonGlobalAdministratorRoleWhileActive_ReportsStateViolation()
    {
        var current = Sample.Relationship(RelationshipStatus.Active, roles: Sample.RolesWithGlobalAdministrator);

        Codes(current, new RelationshipUpdate { Roles = [WellKnownRoles.GlobalAdministrator] }).Should().Equal(RuleCodes.RelationshipState);
    }

    [Fact]
    public void ValidateUpdate_AddRoleWhileActive_ReportsStateViolation()
    {
        var current = Sample.Relationship(RelationshipStatus.Active);

        Codes(current, new RelationshipUpdate { Roles = [.. current.Roles, WellKnownRoles.GlobalAdministrator] })
            .Should().Equal(RuleCodes.RelationshipState);
    }

    [Fact]
    public void ValidateUpdate_SeveralCreatedOnlyPropertiesWhileActive_ReportsEachOne()
    {
        var update = new RelationshipUpdate
        {
            DisplayName = "Renamed",
            Duration = Duration.FromDays(30),
            Customer = new CustomerParticipant(Guid.NewGuid().ToString()),
            Roles = [WellKnownRoles.GlobalReader],
            AutoExtendDuration = Duration.FromDays(90),
        };

        Rules.ValidateUpdate(Sample.Relationship(RelationshipStatus.Active), update).Select(v => (v.Code, v.Target)).Should().BeEquivalentTo(
        [
            (RuleCodes.RelationshipState, "displayName"),
            (RuleCodes.RelationshipState, "duration"),
            (RuleCodes.RelationshipState, "customer"),
            (RuleCodes.RelationshipState, "accessDetails"),
            (RuleCodes.AutoExtendInvalid, "autoExtendDuration"),
        ]);
    }

    public static TheoryData<RelationshipStatus> NeitherCreatedNorActive() =>
        Sample.StatusesExcept(RelationshipStatus.Created, RelationshipStatus.Active);

    [Theory]
    [MemberData(nameof(NeitherCreatedNorActive))]
    public void ValidateUpdate_AnyPropertyInOtherStatus_ReportsStateViolationNamingTheStatus(RelationshipStatus status)
    {
        foreach (var property in EveryProperty())
        {
            var violation = Rules.ValidateUpdate(Sample.Relationship(status), ChangeOf(property)).Should().ContainSingle().Subject;

            violation.Code.Should().Be(RuleCodes.RelationshipState);
            violation.Target.Should().Be(property);
            violation.Message.Should().Contain($"'{GraphNames.ToGraphName(status)}'");
        }
    }

    [Theory]
    [MemberData(nameof(NeitherCreatedNorActive))]
    public void ValidateUpdate_AutoExtendInOtherStatus_MessageSaysCreatedOrActive(RelationshipStatus status)
    {
        var violation = Rules.ValidateUpdate(Sample.Relationship(status), ChangeOf("autoExtendDuration")).Should().ContainSingle().Subject;

        violation.Message.Should().Contain("'created' or 'active'");
    }

    [Theory]
    [MemberData(nameof(NeitherCreatedNorActive))]
    public void ValidateUpdate_EverythingInOtherStatus_ReportsOneViolationPerProperty(RelationshipStatus status)
    {
        var update = new RelationshipUpdate
        {
            DisplayName = "Renamed",
            Duration = Duration.FromDays(30),
            Customer = new CustomerParticipant(Guid.NewGuid().ToString()),
            Roles = [WellKnownRoles.GlobalReader],
            AutoExtendDuration = AutoExtend,
        };

        Rules.ValidateUpdate(Sample.Relationship(status), update).Select(v => v.Target)
            .Should().BeEquivalentTo(EveryProperty());
    }

    [Theory]
    [MemberData(nameof(NeitherCreatedNorActive))]
    public void ValidateUpdate_RemoveGlobalAdministratorInOtherStatus_ReportsStateViolation(RelationshipStatus status)
    {
        var current = Sample.Relationship(status, roles: Sample.RolesWithGlobalAdministrator);

        Codes(current, new RelationshipUpdate { Roles = [WellKnownRoles.ExchangeAdministrator] }).Should().Equal(RuleCodes.RelationshipState);
        Rules.ClassifyUpdate(current, new RelationshipUpdate { Roles = [WellKnownRoles.ExchangeAdministrator] })
            .Should().NotBe(RelationshipUpdateKind.RemoveGlobalAdministrator);
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void ValidateUpdate_EmptyUpdate_AcceptedAsNoChangeInEveryStatus(RelationshipStatus status)
    {
        var current = Sample.Relationship(status);

        Rules.ValidateUpdate(current, new RelationshipUpdate()).Should().BeEmpty();
        Rules.ClassifyUpdate(current, new RelationshipUpdate()).Should().Be(RelationshipUpdateKind.NoChange);
    }

    public static TheoryData<RelationshipStatus> AllStatuses() => Sample.StatusesExcept();

    [Fact]
    public void ClassifyUpdate_SameValuesWhileCreated_NoChange()
    {
        var current = Sample.Relationship(RelationshipStatus.Created);
        var update = new RelationshipUpdate { DisplayName = current.DisplayName, Roles = current.Roles, AutoExtendDuration = Duration.Zero };

        Rules.ClassifyUpdate(current, update).Should().Be(RelationshipUpdateKind.NoChange);
    }

    [Fact]
    public void ClassifyUpdate_CaseOnlyRenameWhileCreated_Immediate()
    {
        var current = Sample.Relationship(RelationshipStatus.Created);

        Rules.ClassifyUpdate(current, new RelationshipUpdate { DisplayName = current.DisplayName.ToUpperInvariant() })
            .Should().Be(RelationshipUpdateKind.Immediate);
    }

    [Fact]
    public void ClassifyUpdate_CustomerNameWhileCreated_Immediate()
    {
        var current = Sample.Relationship(RelationshipStatus.Created);

        Rules.ClassifyUpdate(current, new RelationshipUpdate { Customer = current.Customer! with { DisplayName = "Contoso Ltd" } })
            .Should().Be(RelationshipUpdateKind.Immediate);
    }

    [Fact]
    public void ValidateUpdate_NullArguments_ThrowArgumentNull()
    {
        var current = Sample.Relationship(RelationshipStatus.Created);

        FluentActions.Invoking(() => Rules.ValidateUpdate(null!, new RelationshipUpdate())).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => Rules.ValidateUpdate(current, null!)).Should().Throw<ArgumentNullException>();
    }
}
