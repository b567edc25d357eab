using CsCheck;
using PartnerAccess.Sdk.Groups;

namespace PartnerAccess.Sdk.Tests.Groups;

/// <summary>The group rules both IPartnerGroups implementations share.</summary>
public class PartnerGroupRulesTests
{
    private static readonly Gen<string> DisplayNames = Gen.Frequency(
        (10, Gen.Char["abcXYZ019 -_.,()&'/@:;\"<>[]"].Array[1, 90].Select(c => new string(c))),
        (2, Gen.Char["éüß漢字\u00a0\u3000\t"].Array[1, 20].Select(c => new string(c))));

    [Fact]
    public void MailNicknameFor_AnyDisplayName_IsAValidAliasEntraAccepts()
    {
        DisplayNames.Sample(name =>
        {
            var nickname = PartnerGroupRules.MailNicknameFor(name);

            nickname.Length.Should().BeInRange(1, PartnerGroupRules.MaxMailNicknameLength);
            PartnerGroupRules.ValidateCreate(new CreatePartnerGroupRequest { DisplayName = "x", MailNickname = nickname }).Should().BeEmpty();
        }, iter: 2000);
    }

    [Theory]
    [InlineData("GDAP - Helpdesk agents", "GDAP--Helpdesk-agents")]
    [InlineData("Exchange engineers (EU)", "Exchange-engineers-EU")]
    [InlineData("漢字", "group")]
    public void MailNicknameFor_Examples_KeepsLettersDigitsAndHyphens(string displayName, string expected) =>
        PartnerGroupRules.MailNicknameFor(displayName).Should().Be(expected);

    [Fact]
    public void ValidateCreate_EveryProblem_ReportedTogether()
    {
        var violations = PartnerGroupRules.ValidateCreate(new CreatePartnerGroupRequest { DisplayName = new string('x', 257), MailNickname = "a b" });

        violations.Select(v => v.Code).Should().Equal(PartnerGroupRules.DisplayNameInvalid, PartnerGroupRules.MailNicknameInvalid);
        violations[1].AttemptedValue.Should().Be("a b");
    }

    [Fact]
    public void SingleByName_SeveralGroups_ThrowsConflictNamingTheIds()
    {
        PartnerGroup Group(string id) => new() { Id = id, DisplayName = "Helpdesk" };

        var act = () => PartnerGroupRules.SingleByName("Helpdesk", [Group("a"), Group("b")]);

        act.Should().Throw<PartnerAccessException>().Where(e => e.ErrorCode == PartnerAccessErrorCode.Conflict && e.Message.Contains("a, b"));
        PartnerGroupRules.SingleByName("Helpdesk", []).Should().BeNull();
    }
}
