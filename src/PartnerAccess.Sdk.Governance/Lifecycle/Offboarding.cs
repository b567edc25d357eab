using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Lifecycle;

/// <summary>What an <see cref="OffboardingStep"/> does.</summary>
public enum OffboardingStepKind
{
    /// <summary>Removes an access assignment, so the group loses its roles at once.</summary>
    DeleteAssignment = 0,

    /// <summary>Terminates an active relationship.</summary>
    TerminateRelationship,

    /// <summary>Deletes a relationship still in status created (never sent for approval).</summary>
    DeleteRelationship,

    /// <summary>Nothing can be sent now; the note says why and what happens next (for example an approval request that lapses after 90 days).</summary>
    Note,
}

/// <summary>One step of an offboarding.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="Relationship">The relationship, as read when planning.</param>
/// <param name="Assignment">The assignment, for <see cref="OffboardingStepKind.DeleteAssignment"/>.</param>
/// <param name="Description">A sentence for people.</param>
public sealed record OffboardingStep(OffboardingStepKind Kind, Relationship Relationship, AccessAssignment? Assignment, string Description)
{
    /// <summary>Whether the step sends a change.</summary>
    public bool IsWrite => Kind != OffboardingStepKind.Note;

    /// <inheritdoc />
    public override string ToString() => Description;
}

/// <summary>What offboarding a customer takes: assignments first, then relationships.</summary>
/// <param name="CustomerTenantId">The customer.</param>
/// <param name="CustomerName">The customer's name, when a relationship carries it.</param>
/// <param name="Steps">The steps, in the order they run.</param>
public sealed record OffboardingPlan(string CustomerTenantId, string? CustomerName, IReadOnlyList<OffboardingStep> Steps)
{
    /// <summary>How many changes the plan sends; zero when the customer is already offboarded (or only has requests that will lapse).</summary>
    public int Writes => Steps.Count(s => s.IsWrite);
}

/// <summary>What an offboarding did.</summary>
/// <param name="Plan">The plan it carried out.</param>
/// <param name="Completed">The steps that were sent, in order.</param>
/// <param name="Audit">The record of the offboarding, listing what was removed; keep it with your audit trail.</param>
public sealed record OffboardingResult(OffboardingPlan Plan, IReadOnlyList<OffboardingStep> Completed, AuditRecord Audit);
