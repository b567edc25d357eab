using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Tests.Rules;

/// <summary>Relationship ids, display-name uniqueness and concurrency tokens.</summary>
public class GdapRulesIdentityTests
{
    private static readonly GdapRules Rules = GdapRules.Default;

    [Theory]
    [InlineData("5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836")]
    [InlineData("5D027261-D21F-4AA9-B7DB-7FA1F56FB163-8777B240-C6F0-4469-9E98-A3205431B836")]
    [InlineData("00000000-0000-0000-0000-000000000000-00000000-0000-0000-0000-000000000000")]
    public void IsRelationshipId_TwoGuidsJoinedByHyphen_True(string id)
    {
        GdapRules.IsRelationshipId(id).Should().BeTrue();
        Rules.ValidateRelationshipId(id).Should().BeEmpty();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("5d027261-d21f-4aa9-b7db-7fa1f56fb163")]
    [InlineData("5d027261-d21f-4aa9-b7db-7fa1f56fb163_8777b240-c6f0-4469-9e98-a3205431b836")]
    [InlineData("5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b83")]
    [InlineData("5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b8366")]
    [InlineData("5d027261d21f4aa9b7db7fa1f56fb1638777b240c6f044699e98a3205431b836000000000")]
    [InlineData("{5d027261-d21f-4aa9-b7db-7fa1f56fb1}-8777b240-c6f0-4469-9e98-a3205431b836")]
    [InlineData("5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b83g")]
    [InlineData(" 5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b83")]
    public void ValidateRelationshipId_WrongShape_ReportsInvalidNamingTheId(string? id)
    {
        GdapRules.IsRelationshipId(id).Should().BeFalse();

        var violation = Rules.ValidateRelationshipId(id).Should().ContainSingle().Subject;
        violation.Code.Should().Be(RuleCodes.RelationshipIdInvalid);
        violation.Message.Should().Contain($"'{id}'");
    }

    [Theory]
    [InlineData("Contoso")]
    [InlineData("CONTOSO")]
    [InlineData("contoso")]
    [InlineData("cOnToSo")]
    public void ValidateDisplayNameUnique_SameNameInAnyCase_ReportsNotUniqueNamingBoth(string name)
    {
        var existing = Sample.Relationship(RelationshipStatus.Active, displayName: "Contoso");

        var violation = Rules.ValidateDisplayNameUnique(name, [existing]).Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.DisplayNameNotUnique);
        violation.AttemptedValue.Should().Be(name);
        violation.Message.Should().Contain($"'{name}'").And.Contain(existing.Id);
    }

    [Theory]
    [InlineData("Contoso ")]
    [InlineData("Contoso 2")]
    [InlineData("Contōso")]
    public void ValidateDisplayNameUnique_DifferentName_Accepted(string name)
    {
        Rules.ValidateDisplayNameUnique(name, [Sample.Relationship(RelationshipStatus.Active, displayName: "Contoso")])
            .Should().BeEmpty();
    }

    [Fact]
    public void ValidateDisplayNameUnique_RenameToOwnNameInOtherCase_Accepted()
    {
        var self = Sample.Relationship(RelationshipStatus.Created, displayName: "Contoso");

        Rules.ValidateDisplayNameUnique("CONTOSO", [self], exceptRelationshipId: self.Id).Should().BeEmpty();
    }

    [Fact]
    public void ValidateDisplayNameUnique_RenameOntoAnotherRelationship_ReportsNotUnique()
    {
        var self = Sample.Relationship(RelationshipStatus.Created, displayName: "Mine");
        var other = Sample.Relationship(RelationshipStatus.Terminated, displayName: "Theirs",
            id: "11111111-2222-4333-8444-555555555555-8777b240-c6f0-4469-9e98-a3205431b836");

        Rules.ValidateDisplayNameUnique("theirs", [self, other], exceptRelationshipId: self.Id)
            .Should().ContainSingle().Which.Message.Should().Contain(other.Id);
    }

    [Fact]
    public void ValidateDisplayNameUnique_NoRelationships_Accepted()
    {
        Rules.ValidateDisplayNameUnique("Anything", []).Should().BeEmpty();
    }

    [Fact]
    public void DisplayNameComparer_IsCaseInsensitiveOrdinal()
    {
        GdapRules.DisplayNameComparer.Equals("Fabrikam", "FABRIKAM").Should().BeTrue();
        GdapRules.DisplayNameComparer.GetHashCode("Fabrikam").Should().Be(GdapRules.DisplayNameComparer.GetHashCode("fabrikam"));
        GdapRules.DisplayNameComparer.Equals("straße", "strasse").Should().BeFalse();
    }

    [Fact]
    public void ValidateETag_SameToken_Accepted()
    {
        Rules.ValidateETag(new ETag("W/\"1\""), new ETag("W/\"1\"")).Should().BeEmpty();
    }

    [Fact]
    public void ValidateETag_Wildcard_Accepted()
    {
        Rules.ValidateETag(new ETag("W/\"1\""), ETag.All).Should().BeEmpty();
    }

    [Fact]
    public void ValidateETag_Missing_ReportsRequired()
    {
        var violation = Rules.ValidateETag(new ETag("W/\"1\""), default).Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.ETagRequired);
        RuleCodes.ErrorCodeFor([violation]).Should().Be(PartnerAccessErrorCode.Concurrency);
    }

    [Fact]
    public void ValidateETag_EmptyString_ReportsRequired()
    {
        Rules.ValidateETag(new ETag("W/\"1\""), new ETag(string.Empty)).Should().ContainSingle().Which.Code.Should().Be(RuleCodes.ETagRequired);
    }

    [Theory]
    [InlineData("W/\"2\"")]
    [InlineData("w/\"1\"")]
    [InlineData("\"1\"")]
    public void ValidateETag_Stale_ReportsMismatchNamingTheToken(string sent)
    {
        var violation = Rules.ValidateETag(new ETag("W/\"1\""), new ETag(sent)).Should().ContainSingle().Subject;

        violation.Code.Should().Be(RuleCodes.ETagMismatch);
        violation.AttemptedValue.Should().Be(sent);
        violation.Message.Should().Contain(sent);
    }
}
