using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Renewal;

/// <summary>How <see cref="RenewalPlanner"/> renews a relationship.</summary>
public sealed record RenewalOptions
{
    /// <summary>
    /// Keep Global Administrator in the renewal. Off by default: a relationship with Global Administrator can never
    /// auto-extend, so it expires again. When on, the plan keeps it, switches auto-extend off and says so in its notes.
    /// </summary>
    public bool KeepGlobalAdministrator { get; init; }

    /// <summary>Ask for auto-extend (180 days) in the renewal, so it does not expire again. Ignored when Global Administrator is kept. Default: off.</summary>
    public bool EnableAutoExtend { get; init; }
}

/// <summary>An access assignment to re-apply to the renewal once the customer approves it.</summary>
/// <param name="SourceAssignmentId">The assignment in the old relationship.</param>
/// <param name="Request">What to create in the new relationship.</param>
/// <param name="DroppedRoles">Roles of the old assignment the renewal no longer grants.</param>
public sealed record RenewalAssignment(string SourceAssignmentId, CreateAccessAssignmentRequest Request, IReadOnlyList<RoleGrant> DroppedRoles);

/// <summary>
/// How to replace a relationship that is about to expire. GDAP relationships cannot be extended except by
/// auto-extend, so renewal means a new relationship: same customer, same roles, same length, then the same
/// access assignments once the customer has approved it.
/// </summary>
public sealed record RenewalPlan
{
    /// <summary>The relationship being renewed.</summary>
    public required Relationship Source { get; init; }

    /// <summary>The new relationship to create, lock for approval and send to the customer.</summary>
    public required CreateRelationshipRequest Request { get; init; }

    /// <summary>The access assignments to create after approval, one per security group.</summary>
    public required IReadOnlyList<RenewalAssignment> Assignments { get; init; }

    /// <summary>Roles of the old relationship the renewal leaves out (Global Administrator unless kept).</summary>
    public required IReadOnlyList<RoleGrant> DroppedRoles { get; init; }

    /// <summary>Whether the renewal keeps Global Administrator (and so cannot auto-extend).</summary>
    public bool KeepsGlobalAdministrator { get; init; }

    /// <summary>Things a person should know before sending the renewal, in plain sentences.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The GDAP rules the request breaks; empty when it can be sent.</summary>
    public IReadOnlyList<RuleViolation> Violations { get; init; } = [];

    /// <summary>Whether the request passes every rule.</summary>
    public bool IsValid => Violations.Count == 0;
}
