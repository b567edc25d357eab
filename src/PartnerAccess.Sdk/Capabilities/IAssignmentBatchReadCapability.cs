using PartnerAccess.Sdk.Access;

namespace PartnerAccess.Sdk;

/// <summary>
/// An optional capability of an <see cref="IPartnerAccessClient"/>: reading the access assignments of many
/// relationships in one round trip (Graph's <c>$batch</c>, 20 requests per batch). The planner in
/// PartnerAccess.Sdk.Governance uses it when the client implements it, and falls back to one list call per relationship
/// otherwise.
/// </summary>
/// <remarks>
/// A batch saves round trips, not quota: the service counts and may throttle each item. Throttled items are returned
/// in <see cref="AccessAssignmentBatch.Throttled"/> rather than retried, so the caller (the planner's pacer) slows down
/// and sends them again; items that failed transiently (5xx) come back in <see cref="AccessAssignmentBatch.Unavailable"/> and
/// are sent again too. Any other failed item fails the call with a <see cref="PartnerAccessException"/>.
/// </remarks>
public interface IAssignmentBatchReadCapability
{
    /// <summary>How many relationships one call can read; 20 for Graph.</summary>
    int MaxBatchSize { get; }

    /// <summary>Reads every access assignment (all statuses) of up to <see cref="MaxBatchSize"/> relationships.</summary>
    /// <param name="relationshipIds">The relationship ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The assignments of each relationship read, and the ids the service throttled.</returns>
    Task<AccessAssignmentBatch> ListAccessAssignmentsAsync(IReadOnlyList<string> relationshipIds, CancellationToken cancellationToken = default);
}

/// <summary>The result of one batched read.</summary>
/// <param name="Assignments">The assignments, by relationship id, for every relationship read.</param>
/// <param name="Throttled">Relationship ids whose item the service throttled; read them again later.</param>
/// <param name="RetryAfter">The longest Retry-After among the throttled items.</param>
public sealed record AccessAssignmentBatch(
    IReadOnlyDictionary<string, IReadOnlyList<AccessAssignment>> Assignments,
    IReadOnlyList<string> Throttled,
    TimeSpan? RetryAfter = null)
{
    /// <summary>Relationship ids whose item failed transiently (a 5xx, or no answer); read them again.</summary>
    public IReadOnlyList<string> Unavailable { get; init; } = [];
}
