using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Emulator.Wire;

/// <summary>A Graph error response to send: status, <c>error.code</c>, message, and any rule violations behind it.</summary>
internal sealed class GraphErrorException : Exception
{
    public GraphErrorException(int status, string code, string message, IReadOnlyList<RuleViolation>? violations = null)
        : base(message)
    {
        Status = status;
        Code = code;
        Violations = violations ?? [];
    }

    public int Status { get; }

    public string Code { get; }

    public IReadOnlyList<RuleViolation> Violations { get; }

    public int? RetryAfterSeconds { get; init; }

    public static GraphErrorException BadRequest(string message, IReadOnlyList<RuleViolation>? violations = null) =>
        new(400, "badRequest", message, violations);

    public static GraphErrorException NotFound(string message) => new(404, "notFound", message);

    /// <summary>Translates the engine's exception into the status codes the wire spec (§9.1) chose.</summary>
    public static GraphErrorException FromEngine(PartnerAccessException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var violations = exception.Violations;
        var codes = violations.Select(v => v.Code).ToHashSet(StringComparer.Ordinal);
        if (exception.ErrorCode == PartnerAccessErrorCode.NotFound)
        {
            return new GraphErrorException(404, "notFound", exception.Message, violations);
        }

        if (codes.Contains(RuleCodes.RelationshipIdInvalid))
        {
            return new GraphErrorException(400, "badRequest", "The passed in delegatedAdminRelationshipId is invalid.", violations);
        }

        return exception.ErrorCode switch
        {
            PartnerAccessErrorCode.Concurrency when codes.Contains(RuleCodes.ETagRequired) =>
                new GraphErrorException(428, "preconditionRequired", "The If-Match header is required.", violations),
            PartnerAccessErrorCode.Concurrency =>
                new GraphErrorException(412, "preconditionFailed", "The If-Match ETag does not match the current version.", violations),
            PartnerAccessErrorCode.Conflict when codes.Contains(RuleCodes.AssignmentGroupNotUnique) =>
                new GraphErrorException(409, "conflict", "The resource already exists.", violations),
            PartnerAccessErrorCode.Conflict => new GraphErrorException(409, "conflict", exception.Message, violations),
            _ => new GraphErrorException(400, "badRequest", exception.Message, violations),
        };
    }
}
