using CsCheck;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Tests.Rules;

public class GdapIdsTests
{
    [Fact]
    public void TryParseGuid_CanonicalFormInEitherCase_Parses()
    {
        Gen.Guid.Sample(guid =>
        {
            GdapIds.TryParseGuid(guid.ToString("D"), out var lower).Should().BeTrue();
            GdapIds.TryParseGuid(guid.ToString("D").ToUpperInvariant(), out var upper).Should().BeTrue();
            lower.Should().Be(guid);
            upper.Should().Be(guid);
        }, iter: 200);
    }

    [Fact]
    public void TryParseGuid_OtherSpellingsGuidParseReads_Refused()
    {
        Gen.Select(Gen.Guid, Gen.Int[0, 6]).Sample((guid, form) =>
        {
            var text = form switch
            {
                0 => guid.ToString("B"),
                1 => guid.ToString("P"),
                2 => guid.ToString("N"),
                3 => guid.ToString("X"),
                4 => " " + guid.ToString("D"),
                5 => guid.ToString("D") + "\n",
                _ => "\t" + guid.ToString("B") + " ",
            };

            Guid.TryParse(text, out _).Should().BeTrue("the spelling is one .NET reads leniently");
            GdapIds.TryParseGuid(text, out _).Should().BeFalse(text);
            GdapIds.IsGuid(text).Should().BeFalse(text);
        }, iter: 200);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public void IsGuid_NothingOrTheEmptyGuid_False(string? text) => GdapIds.IsGuid(text).Should().BeFalse();

    [Fact]
    public void RoleGrantParse_NonCanonical_ThrowsFormatException()
    {
        var act = () => RoleGrant.Parse("{62e90394-69f5-4237-9190-012177145e10}");

        act.Should().Throw<FormatException>().WithMessage("*62e90394*");
        RoleGrant.Parse("62E90394-69F5-4237-9190-012177145E10").IsGlobalAdministrator.Should().BeTrue();
    }

    [Fact]
    public void IsRelationshipId_EitherHalfNotCanonical_False()
    {
        var guid = Guid.NewGuid().ToString("D");
        GdapRules.IsRelationshipId($"{guid}-{guid}").Should().BeTrue();
        GdapRules.IsRelationshipId($"{guid}-{guid.Replace('-', 'a')}").Should().BeFalse();
    }
}
