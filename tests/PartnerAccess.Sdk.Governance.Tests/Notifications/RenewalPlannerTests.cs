using CsCheck;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Renewal;
using PartnerAccess.Sdk.Rules;
using static PartnerAccess.Sdk.TestSupport.Fixtures;
using PartnerAccess.Sdk.Notifications;

namespace PartnerAccess.Sdk.Governance.Tests.Notifications;

public class RenewalPlannerTests
{
    private static Relationship WithGa() => Active(1, T0, 730,
        roles: [WellKnownRoles.GlobalAdministrator, WellKnownRoles.ExchangeAdministrator, WellKnownRoles.HelpdeskAdministrator]);

    [Fact]
    public void Plan_Default_DropsGlobalAdministrator_KeepsEverythingElse()
    {
        var source = WithGa();
        var assignments = new[]
        {
            Assignment(source, HelpdeskGroupId, AccessAssignmentStatus.Active, WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.GlobalAdministrator),
            Assignment(source, ExchangeGroupId, AccessAssignmentStatus.Deleted, WellKnownRoles.ExchangeAdministrator),
        };

        var plan = RenewalPlanner.Plan(source, assignments, [source]);

        plan.IsValid.Should().BeTrue();
        plan.Request.DisplayName.Should().Be($"Contoso support 1 [{RelationshipNames.Tag(Contoso.TenantId, "Contoso support 1")}-2]");
        plan.Request.Duration.Should().Be(Duration.FromDays(730));
        plan.Request.Customer.Should().Be(Contoso);
        plan.Request.Roles.Should().BeEquivalentTo([WellKnownRoles.ExchangeAdministrator, WellKnownRoles.HelpdeskAdministrator]);
        plan.Request.AutoExtendDuration.Should().Be(Duration.Zero);
        plan.DroppedRoles.Should().Equal(WellKnownRoles.GlobalAdministrator);
        var reapplied = plan.Assignments.Should().ContainSingle("deleted assignments of a live relationship are history").Subject;
        reapplied.Request.SecurityGroupId.Should().Be(HelpdeskGroupId);
        reapplied.Request.Roles.Should().Equal(WellKnownRoles.HelpdeskAdministrator);
        reapplied.DroppedRoles.Should().Equal(WellKnownRoles.GlobalAdministrator);
        plan.Notes.Should().Contain(n => n.Contains("Global Administrator is left out", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_KeepGlobalAdministrator_FlagsIt_AndKeepsAutoExtendOff()
    {
        var plan = RenewalPlanner.Plan(WithGa(), [], [], new RenewalOptions { KeepGlobalAdministrator = true, EnableAutoExtend = true });

        plan.IsValid.Should().BeTrue();
        plan.KeepsGlobalAdministrator.Should().BeTrue();
        plan.Request.Roles.Should().Contain(WellKnownRoles.GlobalAdministrator);
        plan.Request.AutoExtendDuration.Should().Be(Duration.Zero);
        plan.Notes.Should().Contain(n => n.Contains("auto-extend stays off", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_EnableAutoExtendWithoutGa_Asks180Days()
    {
        var plan = RenewalPlanner.Plan(WithGa(), [], [], new RenewalOptions { EnableAutoExtend = true });

        plan.Request.AutoExtendDuration.Should().Be(Duration.FromDays(180));
        plan.IsValid.Should().BeTrue();
    }

    [Fact]
    public void Plan_ExpiredRelationship_ReappliesTheDeletedAssignments()
    {
        var source = WithGa() with { Status = RelationshipStatus.Expired };
        var onlyGa = Assignment(source, "7d1f2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b", AccessAssignmentStatus.Deleted, WellKnownRoles.GlobalAdministrator);
        var exchange = Assignment(source, ExchangeGroupId, AccessAssignmentStatus.Deleted, WellKnownRoles.ExchangeAdministrator);

        var plan = RenewalPlanner.Plan(source, [onlyGa, exchange], [source]);

        plan.Assignments.Select(a => a.Request.SecurityGroupId).Should().Equal(ExchangeGroupId);
        plan.Notes.Should().Contain(n => n.Contains("held only roles the renewal leaves out", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_NameTaken_SkipsToTheNextFreeGeneration()
    {
        var source = Active(1, T0, 365, name: "Service desk - Contoso [K3F9Q2-2]");
        var taken = Active(2, T0, 365, name: "service desk - contoso [k3f9q2-3]");

        var plan = RenewalPlanner.Plan(source, [], [source, taken]);

        plan.Request.DisplayName.Should().Be("Service desk - Contoso [K3F9Q2-4]");
        plan.IsValid.Should().BeTrue();
    }

    [Fact]
    public void Plan_NoCustomer_WarnsThatAnyCustomerCouldApprove()
    {
        var source = Active(1, T0, 365) with { Customer = null };

        var plan = RenewalPlanner.Plan(source, [], []);

        plan.Notes.Should().Contain(n => n.Contains("any customer", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Service desk - Contoso [K3F9Q2]", "Service desk - Contoso [K3F9Q2-2]")]
    [InlineData("Service desk - Contoso [K3F9Q2-2]", "Service desk - Contoso [K3F9Q2-3]")]
    [InlineData("Service desk - Contoso [K3F9Q2-9]", "Service desk - Contoso [K3F9Q2-10]")]
    [InlineData("Service desk - Contoso [K3F9Q2] R2", "Service desk - Contoso [K3F9Q2-3]")]
    public void Next_NameOfTheOneScheme_KeepsTheTagAndCountsOn(string current, string expected) =>
        RelationshipNames.Next(current, Contoso.TenantId, []).Should().Be(expected);

    [Fact]
    public void Next_HandMadeName_GetsTheTenantsTagSoTheNameStaysUniqueAndRecognisable()
    {
        var next = RelationshipNames.Next("Contoso support", Contoso.TenantId, []);

        next.Should().Be($"Contoso support [{RelationshipNames.Tag(Contoso.TenantId, "Contoso support")}-2]");
        RelationshipNames.TryParse(next, out _, out var generation).Should().BeTrue();
        generation.Should().Be(2);
        RelationshipNames.Next(next, Contoso.TenantId, []).Should().EndWith("-3]");
    }

    [Fact]
    public void Next_LongName_IsCutAndKeepsItsTag()
    {
        var name = RelationshipNames.Derive(new CustomerParticipant(Contoso.TenantId, new string('x', 60)), "Service desk");

        var next = RelationshipNames.Next(name, Contoso.TenantId, []);

        next.Should().HaveLength(50);
        RelationshipNames.TryParse(next, out var tag, out var generation).Should().BeTrue();
        tag.Should().Be(RelationshipNames.Tag(Contoso.TenantId, "Service desk"));
        generation.Should().Be(2);
    }

    [Fact]
    public void Next_AnyName_GivesAValidUnusedNameOfAtMost50Characters()
    {
        var names = Gen.Char.Where(c => !char.IsControl(c) && !char.IsSurrogate(c)).Array[1, 60]
            .Select(chars => new string(chars)).Where(s => !string.IsNullOrWhiteSpace(s));
        Gen.Select(names, names.List[0, 4]).Sample((name, taken) =>
        {
            var next = RelationshipNames.Next(name, Contoso.TenantId, taken);
            next.Length.Should().BeLessThanOrEqualTo(GdapRules.MaxDisplayNameLength);
            taken.Should().NotContain(t => string.Equals(t, next, StringComparison.OrdinalIgnoreCase));
            RelationshipNames.Next(name, Contoso.TenantId, taken).Should().Be(next);
            GdapRules.Default.ValidateCreate(new CreateRelationshipRequest
            {
                DisplayName = next,
                Duration = Duration.FromDays(30),
                Roles = [WellKnownRoles.DirectoryReaders],
            }).Should().BeEmpty();
        }, iter: 500);
    }
}
