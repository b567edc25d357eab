using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Planning;

/// <summary>
/// What the planner read: relationships, and for the ones that matter their access assignments and long-running
/// operations. <see cref="AccessPlanner.CreatePlan"/> turns it into a plan without any I/O.
/// </summary>
public sealed record PartnerStateSnapshot
{
    /// <summary>Relationships the planner may care about; others are ignored.</summary>
    public required IReadOnlyList<Relationship> Relationships { get; init; }

    /// <summary>Access assignments by relationship id. A relationship missing here has none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<AccessAssignment>> Assignments { get; init; } =
        new Dictionary<string, IReadOnlyList<AccessAssignment>>();

    /// <summary>Long-running operations by relationship id, to avoid repeating a change that is already running.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<RelationshipOperation>> Operations { get; init; } =
        new Dictionary<string, IReadOnlyList<RelationshipOperation>>();

    // Relationships whose assignments or operations could not be read (the client's retry budget ran out), with why.
    internal IReadOnlyDictionary<string, PartnerAccessException> Unread { get; init; } =
        new Dictionary<string, PartnerAccessException>();

    // Active relationships whose assignments were not read because this planner has seen them since before approval
    // (when none can exist): their assignments are created straight away, and an assignment made elsewhere meanwhile
    // is recognised by the service's 409 and adopted.
    internal IReadOnlySet<string> AssignmentsNotRead { get; init; } = new HashSet<string>();

    /// <summary>A relationship's assignments; empty when none were read.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <returns>The assignments.</returns>
    public IReadOnlyList<AccessAssignment> AssignmentsOf(string relationshipId) =>
        Assignments.TryGetValue(relationshipId, out var list) ? list : [];

    /// <summary>A relationship's operations; empty when none were read.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <returns>The operations.</returns>
    public IReadOnlyList<RelationshipOperation> OperationsOf(string relationshipId) =>
        Operations.TryGetValue(relationshipId, out var list) ? list : [];
}
