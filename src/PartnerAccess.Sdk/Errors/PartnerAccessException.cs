using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk;

/// <summary>
/// The one exception type the SDK throws for service and rule failures. Branch on <see cref="ErrorCode"/>;
/// rule failures list every broken rule in <see cref="Violations"/>.
/// </summary>
public sealed class PartnerAccessException : Exception
{
    /// <summary>Creates an exception with a code and a message.</summary>
    /// <param name="errorCode">The stable category.</param>
    /// <param name="message">A human-readable description.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public PartnerAccessException(PartnerAccessErrorCode errorCode, string message, Exception? innerException = null)
        : this(errorCode, message, Array.Empty<RuleViolation>(), innerException)
    {
    }

    /// <summary>Creates an exception that carries rule violations.</summary>
    /// <param name="errorCode">The stable category.</param>
    /// <param name="message">A human-readable description.</param>
    /// <param name="violations">Every rule that was broken.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public PartnerAccessException(PartnerAccessErrorCode errorCode, string message, IReadOnlyList<RuleViolation> violations, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        Violations = violations ?? Array.Empty<RuleViolation>();
    }

    /// <summary>The stable category of the failure.</summary>
    public PartnerAccessErrorCode ErrorCode { get; }

    /// <summary>Every broken rule, in the order the rule engine found them. Empty for non-rule failures.</summary>
    public IReadOnlyList<RuleViolation> Violations { get; }

    /// <summary>The HTTP status code, when the failure came from the service.</summary>
    public int? Status { get; init; }

    /// <summary>The service's own <c>error.code</c>, for example <c>badRequest</c>, when it sent one.</summary>
    public string? ServiceErrorCode { get; init; }

    /// <summary>The service's <c>request-id</c>, to quote in a support ticket.</summary>
    public string? RequestId { get; init; }

    /// <summary>How long the service asked the caller to wait, for <see cref="PartnerAccessErrorCode.Throttled"/>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Creates the exception for a set of rule violations, choosing the code from the rules involved.</summary>
    /// <param name="violations">The violations; must not be empty.</param>
    /// <returns>An exception whose message lists every violation.</returns>
    public static PartnerAccessException FromViolations(IReadOnlyList<RuleViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        if (violations.Count == 0)
        {
            throw new ArgumentException("At least one violation is required.", nameof(violations));
        }

        var code = RuleCodes.ErrorCodeFor(violations);
        var message = violations.Count == 1
            ? violations[0].ToString()
            : $"{violations.Count} GDAP rules were broken:{Environment.NewLine}" +
              string.Join(Environment.NewLine, violations.Select(v => "  - " + v));
        return new PartnerAccessException(code, message, violations);
    }
}
