using PartnerAccess.Sdk.Access;

namespace PartnerAccess.Sdk.Planning;

/// <summary>The executor's part of role changes by replacement.</summary>
internal sealed partial class PlanExecutor
{
    /// <summary>
    /// Reads the replacement and its assignments again just before the old relationship ends: the plan may be older
    /// than the service's state, and ending the old relationship before the new one serves would cut the customer off.
    /// </summary>
    /// <exception cref="PartnerAccessException">The replacement does not serve every slot (yet); the customer is planned again.</exception>
    private async Task EnsureReplacementServesAsync(PlanStep step, CancellationToken ct)
    {
        var replacement = await Call(c => client.GetRelationshipAsync(step.ReplacedBy!.Id, c), ct).ConfigureAwait(false);
        var assignments = await planner.ListAsync(c => client.ListAccessAssignmentsAsync(replacement.Id, null, c), ct).ConfigureAwait(false);
        var problems = ReplacementPlanner.Unready(step.ReplacementSlots ?? [], replacement, assignments.Where(a => a.IsLive).ToList());
        if (problems.Count > 0)
        {
            throw new PartnerAccessException(PartnerAccessErrorCode.InvalidState,
                $"\"{step.RelationshipName}\" was not terminated: {string.Join("; ", problems)}.");
        }
    }
}
