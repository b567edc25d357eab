using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Tests.Errors;

public class PartnerAccessExceptionTests
{
    [Fact]
    public void FromViolations_Several_MessageListsEveryViolationInOrder()
    {
        RuleViolation[] violations =
        [
            new(RuleCodes.DisplayNameTooLong, "displayName", "displayName must be at most 50 characters; 'x' has 51.", "x"),
            new(RuleCodes.DurationOutOfRange, "duration", "duration must be between P1D and P2Y (1 to 730 days); P731D is 731 days.", "P731D"),
            new(RuleCodes.RoleExcluded, "accessDetails.unifiedRoles", "Role Partner Tier1 Support cannot be delegated.", "4ba39ca4-527c-499a-b93d-d9b492c50246"),
        ];

        var exception = PartnerAccessException.FromViolations(violations);

        exception.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        exception.Violations.Should().Equal(violations);
        exception.Message.Should().StartWith("3 GDAP rules were broken:");
        var lines = exception.Message.Split(Environment.NewLine);
        lines.Skip(1).Should().Equal(violations.Select(v => $"  - [{v.Code}] {v.Message}"));
    }

    [Fact]
    public void FromViolations_One_MessageIsThatViolation()
    {
        var violation = new RuleViolation(RuleCodes.RelationshipState, "status", "terminate is not allowed while the relationship is 'created'; it must be 'active'.", "created");

        var exception = PartnerAccessException.FromViolations([violation]);

        exception.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
        exception.Message.Should().Be("[relationship.status] terminate is not allowed while the relationship is 'created'; it must be 'active'.");
    }

    [Fact]
    public void FromViolations_Empty_ThrowsArgumentException()
    {
        FluentActions.Invoking(() => PartnerAccessException.FromViolations([])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => PartnerAccessException.FromViolations(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Constructor_WithoutViolations_HasEmptyViolationsAndKeepsDetails()
    {
        var inner = new InvalidOperationException("boom");

        var exception = new PartnerAccessException(PartnerAccessErrorCode.Throttled, "Slow down.", inner)
        {
            Status = 429,
            ServiceErrorCode = "tooManyRequests",
            RequestId = "req-1",
            RetryAfter = TimeSpan.FromSeconds(10),
        };

        exception.Violations.Should().BeEmpty();
        exception.InnerException.Should().BeSameAs(inner);
        exception.Status.Should().Be(429);
        exception.ServiceErrorCode.Should().Be("tooManyRequests");
        exception.RequestId.Should().Be("req-1");
        exception.RetryAfter.Should().Be(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Constructor_NullViolations_BecomesEmpty()
    {
        new PartnerAccessException(PartnerAccessErrorCode.Validation, "m", null!, null).Violations.Should().BeEmpty();
    }

    [Fact]
    public void RuleViolation_ToString_ShowsCodeAndMessage()
    {
        new RuleViolation("a.b", "a", "Broken.", null).ToString().Should().Be("[a.b] Broken.");
    }
}

public class PartnerAccessErrorCodeTests
{
    [Fact]
    public void Values_AreStableForPersistence()
    {
        // Callers persist and branch on these numbers; they must never change.
        ((int)PartnerAccessErrorCode.Unknown).Should().Be(0);
        ((int)PartnerAccessErrorCode.NotFound).Should().Be(1);
        ((int)PartnerAccessErrorCode.Conflict).Should().Be(2);
        ((int)PartnerAccessErrorCode.Concurrency).Should().Be(3);
        ((int)PartnerAccessErrorCode.Validation).Should().Be(4);
        ((int)PartnerAccessErrorCode.InvalidState).Should().Be(5);
        ((int)PartnerAccessErrorCode.Throttled).Should().Be(6);
        ((int)PartnerAccessErrorCode.Unauthorized).Should().Be(7);
        ((int)PartnerAccessErrorCode.ServiceError).Should().Be(8);
        ((int)PartnerAccessErrorCode.Timeout).Should().Be(9);
        Enum.GetValues<PartnerAccessErrorCode>().Should().HaveCount(10);
    }
}
