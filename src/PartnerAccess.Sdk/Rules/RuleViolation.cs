namespace PartnerAccess.Sdk.Rules;

/// <summary>One broken GDAP rule: which rule, which property, and the value that broke it.</summary>
/// <param name="Code">The stable rule code, one of <see cref="RuleCodes"/>.</param>
/// <param name="Target">The property the rule applies to, in Graph's naming, for example <c>duration</c>.</param>
/// <param name="Message">A sentence that names the rule and the offending value.</param>
/// <param name="AttemptedValue">The offending value as text, or <see langword="null"/> when it was missing.</param>
public sealed record RuleViolation(string Code, string Target, string Message, string? AttemptedValue)
{
    /// <inheritdoc />
    public override string ToString() => $"[{Code}] {Message}";
}
