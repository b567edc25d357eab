using System.Reflection;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Tests.Rules;

public class RuleCodesTests
{
    /// <summary>Every public code constant, read by reflection so a new code cannot slip past these tests.</summary>
    public static IReadOnlyList<string> All { get; } = typeof(RuleCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    private static RuleViolation V(string code) => new(code, "target", "message", null);

    [Fact]
    public void All_CodesAreDistinctAndNonEmpty()
    {
        All.Should().HaveCountGreaterThan(20).And.OnlyHaveUniqueItems();
        All.Should().NotContain(c => string.IsNullOrWhiteSpace(c));
    }

    [Fact]
    public void ErrorCodeFor_EachCodeAlone_MapsToItsCategory()
    {
        var expected = new Dictionary<string, PartnerAccessErrorCode>
        {
            [RuleCodes.ETagMismatch] = PartnerAccessErrorCode.Concurrency,
            [RuleCodes.ETagRequired] = PartnerAccessErrorCode.Concurrency,
            [RuleCodes.RelationshipState] = PartnerAccessErrorCode.InvalidState,
            [RuleCodes.AssignmentRelationshipNotActive] = PartnerAccessErrorCode.InvalidState,
            [RuleCodes.AssignmentState] = PartnerAccessErrorCode.InvalidState,
            [RuleCodes.DisplayNameNotUnique] = PartnerAccessErrorCode.Conflict,
            [RuleCodes.AssignmentGroupNotUnique] = PartnerAccessErrorCode.Conflict,
            [RuleCodes.JustInTimeNotActive] = PartnerAccessErrorCode.InvalidState,
            [RuleCodes.JustInTimeAlreadyActive] = PartnerAccessErrorCode.Conflict,
            [RuleCodes.JustInTimeAlreadyEligible] = PartnerAccessErrorCode.Conflict,
            [RuleCodes.JustInTimeLicenceMissing] = PartnerAccessErrorCode.Unauthorized,
        };

        foreach (var code in All)
        {
            var category = expected.GetValueOrDefault(code, PartnerAccessErrorCode.Validation);
            RuleCodes.ErrorCodeFor([V(code)]).Should().Be(category, because: code);
            RuleCodes.IsStateRule(code).Should().Be(category == PartnerAccessErrorCode.InvalidState, because: code);
        }
    }

    [Fact]
    public void ErrorCodeFor_ConcurrencyWithAnything_IsConcurrency()
    {
        RuleCodes.ErrorCodeFor([V(RuleCodes.DurationOutOfRange), V(RuleCodes.RelationshipState), V(RuleCodes.DisplayNameNotUnique), V(RuleCodes.ETagMismatch)])
            .Should().Be(PartnerAccessErrorCode.Concurrency);
    }

    [Fact]
    public void ErrorCodeFor_StateWithValidationAndConflict_IsInvalidState()
    {
        RuleCodes.ErrorCodeFor([V(RuleCodes.DisplayNameNotUnique), V(RuleCodes.DurationOutOfRange), V(RuleCodes.RelationshipState)])
            .Should().Be(PartnerAccessErrorCode.InvalidState);
    }

    [Fact]
    public void ErrorCodeFor_ValidationWithConflict_IsValidation()
    {
        RuleCodes.ErrorCodeFor([V(RuleCodes.DisplayNameNotUnique), V(RuleCodes.DisplayNameTooLong)])
            .Should().Be(PartnerAccessErrorCode.Validation);
    }

    [Fact]
    public void ErrorCodeFor_OnlyConflicts_IsConflict()
    {
        RuleCodes.ErrorCodeFor([V(RuleCodes.DisplayNameNotUnique), V(RuleCodes.AssignmentGroupNotUnique)])
            .Should().Be(PartnerAccessErrorCode.Conflict);
    }

    [Fact]
    public void ErrorCodeFor_Null_ThrowsArgumentNull()
    {
        FluentActions.Invoking(() => RuleCodes.ErrorCodeFor(null!)).Should().Throw<ArgumentNullException>();
    }
}
