using CsCheck;
using NodaTime;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Tests.JustInTime;

public class JustInTimeRulesTests
{
    private const string Group = "5c0a4a3e-8f7b-4e0e-9d55-0d3c4e3b2a11";
    private const string User = "a11ce000-0000-4000-8000-000000000001";

    [Fact]
    public void ValidateElevation_AnyDurationAndPolicy_FlagsExactlyTheBoundsItCrosses()
    {
        Gen.Select(Gen.Long[-60, 24 * 60], Gen.Int[1, 24], Gen.Bool, Gen.Bool).Sample((minutes, maxHours, justified, ticketRequired) =>
        {
            var policy = new JustInTimePolicy { MaximumElevation = Duration.FromHours(maxHours), RequireTicket = ticketRequired };
            var request = new ElevationRequest
            {
                GroupId = Group,
                PrincipalId = User,
                Duration = Duration.FromMinutes(minutes),
                Justification = justified ? "Ticket" : null,
            };

            var codes = GdapRules.Default.ValidateElevation(request, policy).Select(v => v.Code).ToList();

            codes.Contains(RuleCodes.JustInTimeDurationBelowMinimum).Should().Be(minutes < 5);
            codes.Contains(RuleCodes.JustInTimeDurationAbovePolicy).Should().Be(minutes >= 5 && minutes > maxHours * 60L);
            codes.Contains(RuleCodes.JustInTimeJustificationRequired).Should().Be(!justified);
            codes.Contains(RuleCodes.JustInTimeTicketRequired).Should().Be(ticketRequired);
        });
    }

    [Fact]
    public void ValidateEligibility_EndInThePastOrBeyondTheMaximum_IsOneViolationNamingTheEnd()
    {
        var now = Instant.FromUtc(2025, 3, 1, 9, 0);
        var policy = new JustInTimePolicy { MaximumEligibility = Duration.FromDays(30) };

        GdapRules.Default.ValidateEligibility(new EligibilityRequest { GroupId = Group, PrincipalId = User, EndsAt = now + Duration.FromDays(30) }, policy, now).Should().BeEmpty();
        GdapRules.Default.ValidateEligibility(new EligibilityRequest { GroupId = Group, PrincipalId = User, EndsAt = now }, policy, now)
            .Should().ContainSingle().Which.Code.Should().Be(RuleCodes.JustInTimeEligibilityWindowInvalid);
        GdapRules.Default.ValidateEligibility(new EligibilityRequest { GroupId = Group, PrincipalId = "bob", EndsAt = now + Duration.FromDays(31) }, policy, now)
            .Select(v => v.Code).Should().BeEquivalentTo([RuleCodes.JustInTimePrincipalIdInvalid, RuleCodes.JustInTimeEligibilityWindowInvalid]);
    }

    [Fact]
    public void ValidateJustInTimeQuery_NoGroupOrUser_IsScopeRequired()
    {
        GdapRules.Default.ValidateJustInTimeQuery(null).Should().ContainSingle().Which.Code.Should().Be(RuleCodes.JustInTimeScopeRequired);
        GdapRules.Default.ValidateJustInTimeQuery(new JustInTimeQuery { PrincipalId = User }).Should().BeEmpty();
        GdapRules.Default.ValidateJustInTimeQuery(new JustInTimeQuery { GroupId = "x" }).Should().ContainSingle().Which.Code.Should().Be(RuleCodes.JustInTimeGroupIdInvalid);
    }
}
