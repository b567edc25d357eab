using System.Text.Json;
using System.Text.RegularExpressions;
using PartnerAccess.Sdk.Access;

namespace PartnerAccess.Sdk.Tests.Access;

public partial class RoleCatalogTests
{
    private static readonly RoleCatalog Catalog = RoleCatalog.Default;

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex LowercaseGuid();

    /// <summary>The template ids exactly as written in the embedded JSON, before any parsing by the SDK.</summary>
    internal static (IReadOnlyList<string> Roles, IReadOnlyList<string> Excluded) EmbeddedIds()
    {
        using var stream = typeof(RoleCatalog).Assembly.GetManifestResourceStream("PartnerAccess.Sdk.role-catalog.json")!;
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        static List<string> Ids(JsonElement array) => array.EnumerateArray().Select(e => e.GetProperty("templateId").GetString()!).ToList();
        return (Ids(root.GetProperty("roles")), Ids(root.GetProperty("excluded")));
    }

    [Fact]
    public void EmbeddedJson_EveryTemplateId_IsALowercaseGuidInDFormat()
    {
        var (roles, excluded) = EmbeddedIds();

        foreach (var id in roles.Concat(excluded))
        {
            LowercaseGuid().IsMatch(id).Should().BeTrue(because: $"'{id}' must be a well-formed GUID");
            Guid.ParseExact(id, "D").ToString("D").Should().Be(id);
            Guid.Parse(id).Should().NotBe(Guid.Empty);
        }
    }

    [Fact]
    public void EmbeddedJson_NoIdAppearsTwiceAcrossRolesAndExcluded()
    {
        var (roles, excluded) = EmbeddedIds();

        roles.Concat(excluded).Should().OnlyHaveUniqueItems();
        roles.Should().HaveCount(54);
        excluded.Should().HaveCount(8);
    }

    [Fact]
    public void Default_Has54RolesWithUniqueNames()
    {
        Catalog.Roles.Should().HaveCount(54);
        Catalog.Roles.Select(r => r.Name).Should().OnlyHaveUniqueItems();
        Catalog.Roles.Select(r => r.TemplateId).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Default_MatchesTheDocumentedCatalogIdForIdAndFlagForFlag()
    {
        Catalog.Roles.Select(r => (r.Name, r.TemplateId.ToString("D"), r.IsPrivileged))
            .Should().BeEquivalentTo(RoleCatalogReference.Roles);
    }

    [Fact]
    public void Default_DomainNameAdministrator_HasTheCorrectId()
    {
        var role = Catalog.FindByName("Domain Name Administrator")!;

        role.TemplateId.Should().Be(Guid.Parse("8329153b-31d0-4727-b945-745eb3bc5f31"));
        Catalog.Find(Guid.Parse("8329153a-20ed-4bf8-aa37-81242c6e8e01")).Should().BeNull("that id is a known typo in another catalog");
    }

    [Fact]
    public void Default_EveryRoleHasSourcesAndItsPrimaryWorkloadFirst()
    {
        foreach (var role in Catalog.Roles)
        {
            role.Workloads.Should().NotBeEmpty().And.OnlyHaveUniqueItems();
            role.Workloads[0].Should().Be(role.PrimaryWorkload);
            role.Sources.Should().NotBeEmpty(because: role.Name);
            Enum.IsDefined(role.PrimaryWorkload).Should().BeTrue();
        }
    }

    [Fact]
    public void Default_EveryWorkloadHasRoles()
    {
        foreach (var workload in Enum.GetValues<Workload>())
        {
            Catalog.ForWorkload(workload).Should().NotBeEmpty(because: workload.ToString());
        }
    }

    [Fact]
    public void ForWorkload_Exchange_ContainsExchangeAndGlobalAdministrators()
    {
        var names = Catalog.ForWorkload(Workload.Exchange).Select(r => r.Name).ToList();

        names.Should().Contain(["Exchange Administrator", "Exchange Recipient Administrator", "Global Administrator", "Helpdesk Administrator"]);
        names.Should().NotContain("Teams Administrator");
    }

    [Fact]
    public void ForWorkload_LeastPrivilegedFirst()
    {
        foreach (var workload in Enum.GetValues<Workload>())
        {
            var roles = Catalog.ForWorkload(workload);
            roles.Select(r => r.IsPrivileged).Should().BeInAscendingOrder(because: workload.ToString());
            roles.Should().OnlyContain(r => r.Workloads.Contains(workload));
        }

        Catalog.ForWorkload(Workload.Exchange)[0].IsPrivileged.Should().BeFalse();
    }

    [Theory]
    [InlineData(Workload.SharePoint, "SharePoint Administrator")]
    [InlineData(Workload.Teams, "Teams Administrator")]
    [InlineData(Workload.Intune, "Intune Administrator")]
    [InlineData(Workload.Dynamics365, "Dynamics 365 Administrator")]
    [InlineData(Workload.Security, "Security Administrator")]
    [InlineData(Workload.Compliance, "Compliance Administrator")]
    [InlineData(Workload.Support, "Service Support Administrator")]
    public void ForWorkload_NamesTheWorkloadsOwnAdministrator(Workload workload, string role)
    {
        Catalog.ForWorkload(workload).Select(r => r.Name).Should().Contain(role);
    }

    [Fact]
    public void IsPrivileged_FollowsTheCatalogFlag()
    {
        Catalog.IsPrivileged(RoleCatalog.GlobalAdministratorId).Should().BeTrue();
        Catalog.IsPrivileged(WellKnownRoles.ExchangeAdministrator.RoleDefinitionId).Should().BeFalse();
        Catalog.IsPrivileged(WellKnownRoles.DirectoryReaders.RoleDefinitionId).Should().BeFalse();
        Catalog.IsPrivileged(WellKnownRoles.PrivilegedRoleAdministrator.RoleDefinitionId).Should().BeTrue();
        Catalog.Roles.Count(r => r.IsPrivileged).Should().Be(RoleCatalogReference.Roles.Count(r => r.Privileged));
    }

    [Fact]
    public void IsPrivileged_UnknownOrExcludedRole_CountsAsPrivileged()
    {
        Catalog.IsPrivileged(Guid.Parse("dd4db9a0-cc4a-4213-9f9f-70242232d97e")).Should().BeTrue();
        Catalog.IsPrivileged(Guid.Empty).Should().BeTrue();
        Catalog.IsPrivileged(Guid.Parse("4ba39ca4-527c-499a-b93d-d9b492c50246")).Should().BeTrue();
    }

    [Theory]
    [InlineData("Exchange Administrator")]
    [InlineData("exchange administrator")]
    [InlineData("EXCHANGE ADMINISTRATOR")]
    public void FindByName_IgnoresCase(string name)
    {
        Catalog.FindByName(name)!.TemplateId.Should().Be(Guid.Parse("29232cdf-9323-42fd-ade2-1d097af3e4de"));
    }

    [Theory]
    [InlineData("Exchange Admin")]
    [InlineData("")]
    [InlineData("Partner Tier1 Support")]
    public void FindByName_NotAnEligibleRole_ReturnsNull(string name)
    {
        Catalog.FindByName(name).Should().BeNull();
    }

    [Fact]
    public void Find_And_FindExcluded_AreDisjoint()
    {
        foreach (var role in Catalog.Roles)
        {
            Catalog.FindExcluded(role.TemplateId).Should().BeNull();
            Catalog.Find(role.TemplateId).Should().BeSameAs(role);
        }

        foreach (var excluded in Catalog.Excluded)
        {
            Catalog.Find(excluded.TemplateId).Should().BeNull();
            Catalog.FindExcluded(excluded.TemplateId).Should().Be(excluded);
            excluded.Reason.Should().NotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void Default_GlobalAdministratorId_IsInTheCatalog()
    {
        Catalog.Find(RoleCatalog.GlobalAdministratorId)!.Name.Should().Be("Global Administrator");
        RoleCatalog.GlobalAdministratorId.Should().Be(Guid.Parse("62e90394-69f5-4237-9190-012177145e10"));
    }

    [Fact]
    public void Constructor_DuplicateIds_Throws()
    {
        var role = Catalog.Roles[0];

        FluentActions.Invoking(() => new RoleCatalog([role, role], [])).Should().Throw<ArgumentException>();
    }
}
