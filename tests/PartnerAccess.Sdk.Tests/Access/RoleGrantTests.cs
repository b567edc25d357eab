using System.Reflection;
using PartnerAccess.Sdk.Access;

namespace PartnerAccess.Sdk.Tests.Access;

public class RoleGrantTests
{
    [Fact]
    public void KnownRole_ResolvesThroughTheCatalog()
    {
        var grant = RoleGrant.Parse("29232cdf-9323-42fd-ade2-1d097af3e4de");

        grant.IsKnown.Should().BeTrue();
        grant.Name.Should().Be("Exchange Administrator");
        grant.Workloads.Should().Contain(Workload.Exchange);
        grant.IsPrivileged.Should().BeFalse();
        grant.IsGlobalAdministrator.Should().BeFalse();
        grant.ToString().Should().Be("Exchange Administrator (29232cdf-9323-42fd-ade2-1d097af3e4de)");
    }

    [Fact]
    public void UnknownRole_StaysReadableAndCountsAsPrivileged()
    {
        var grant = RoleGrant.Parse("dd4db9a0-cc4a-4213-9f9f-70242232d97e");

        grant.IsKnown.Should().BeFalse();
        grant.Definition.Should().BeNull();
        grant.Name.Should().Be("Unknown role dd4db9a0-cc4a-4213-9f9f-70242232d97e");
        grant.Workloads.Should().BeEmpty();
        grant.IsPrivileged.Should().BeTrue();
    }

    [Fact]
    public void GlobalAdministrator_IsFlagged()
    {
        WellKnownRoles.GlobalAdministrator.IsGlobalAdministrator.Should().BeTrue();
        RoleGrant.Parse("62E90394-69F5-4237-9190-012177145E10").IsGlobalAdministrator.Should().BeTrue();
    }

    [Fact]
    public void Equality_IsByTemplateId()
    {
        RoleGrant.Parse("29232cdf-9323-42fd-ade2-1d097af3e4de").Should().Be(WellKnownRoles.ExchangeAdministrator);
    }

    [Fact]
    public void Parse_NotAGuid_Throws()
    {
        FluentActions.Invoking(() => RoleGrant.Parse("Exchange Administrator")).Should().Throw<FormatException>();
    }

    public static TheoryData<string> WellKnownRoleNames()
    {
        var data = new TheoryData<string>();
        foreach (var property in typeof(WellKnownRoles).GetProperties(BindingFlags.Public | BindingFlags.Static))
        {
            data.Add(property.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WellKnownRoleNames))]
    public void WellKnownRoles_EachResolvesToTheCatalogRoleOfTheSameName(string propertyName)
    {
        var grant = (RoleGrant)typeof(WellKnownRoles).GetProperty(propertyName)!.GetValue(null)!;

        grant.IsKnown.Should().BeTrue();
        grant.Name.Replace(" ", string.Empty, StringComparison.Ordinal).Should().Be(propertyName);
    }
}
