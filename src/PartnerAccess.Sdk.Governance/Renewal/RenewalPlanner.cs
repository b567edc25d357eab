using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Renewal;

/// <summary>Plans the renewal of a relationship that is about to expire (or has expired). Pure: it reads nothing and sends nothing.</summary>
public static class RenewalPlanner
{
    /// <summary>Plans a renewal.</summary>
    /// <param name="source">The relationship to renew.</param>
    /// <param name="assignments">Its access assignments (deleted ones count once the relationship has ended, because expiry deletes them).</param>
    /// <param name="existing">The partner's relationships, for display-name uniqueness.</param>
    /// <param name="options">How to renew; defaults when <see langword="null"/>.</param>
    /// <param name="rules">The rule engine; <see cref="GdapRules.Default"/> when <see langword="null"/>.</param>
    /// <returns>The plan; check <see cref="RenewalPlan.IsValid"/>.</returns>
    public static RenewalPlan Plan(
        Relationship source,
        IEnumerable<AccessAssignment> assignments,
        IEnumerable<Relationship> existing,
        RenewalOptions? options = null,
        GdapRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(existing);
        options ??= new RenewalOptions();
        rules ??= GdapRules.Default;
        var existingList = existing.ToList();
        var notes = new List<string>();

        var keepGa = options.KeepGlobalAdministrator && source.HasGlobalAdministrator;
        var roles = source.Roles.Where(r => keepGa || !r.IsGlobalAdministrator).DistinctBy(r => r.RoleDefinitionId).ToList();
        var dropped = source.Roles.Where(r => !roles.Contains(r)).DistinctBy(r => r.RoleDefinitionId).ToList();
        if (dropped.Count > 0)
        {
            notes.Add("Global Administrator is left out: a relationship with it cannot auto-extend, so it would expire again. Ask for it separately if it is truly needed.");
        }

        if (keepGa)
        {
            notes.Add("Global Administrator is kept as asked, so auto-extend stays off and this renewal will expire too.");
        }

        var autoExtend = options.EnableAutoExtend && !keepGa ? GdapDurations.AutoExtendPeriod : NodaTime.Duration.Zero;
        var name = RelationshipNames.Next(source.DisplayName, source.Customer?.TenantId, existingList.Select(r => r.DisplayName));
        var request = new CreateRelationshipRequest
        {
            DisplayName = name,
            Duration = source.Window.Length,
            Roles = roles,
            Customer = source.Customer is { } customer ? new CustomerParticipant(customer.TenantId, customer.DisplayName) : null,
            AutoExtendDuration = autoExtend,
        };
        if (request.Customer is null)
        {
            notes.Add("The relationship names no customer, so any customer who opens the approval link could approve the renewal. Fill in the customer before sending it.");
        }

        var planned = PlanAssignments(source, assignments, roles, notes);
        var violations = rules.ValidateCreate(request).Concat(rules.ValidateDisplayNameUnique(request.DisplayName, existingList)).ToList();
        return new RenewalPlan
        {
            Source = source,
            Request = request,
            Assignments = planned,
            DroppedRoles = dropped,
            KeepsGlobalAdministrator = keepGa,
            Notes = notes,
            Violations = violations,
        };
    }

    private static List<RenewalAssignment> PlanAssignments(Relationship source, IEnumerable<AccessAssignment> assignments, List<RoleGrant> roles, List<string> notes)
    {
        var granted = roles.Select(r => r.RoleDefinitionId).ToHashSet();
        var ended = source.Status.IsEnded();

        // Expiry and termination delete every assignment, so for an ended relationship the deleted ones say what was in use.
        var relevant = assignments
            .Where(a => string.Equals(a.RelationshipId, source.Id, StringComparison.OrdinalIgnoreCase))
            .Where(a => a.Status is AccessAssignmentStatus.Active or AccessAssignmentStatus.Pending or AccessAssignmentStatus.Error ||
                        (ended && a.Status is AccessAssignmentStatus.Deleting or AccessAssignmentStatus.Deleted))
            .GroupBy(a => a.SecurityGroupId, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderByDescending(a => a.IsLive).ThenByDescending(a => a.LastModifiedAt).First())
            .OrderBy(a => a.SecurityGroupId, StringComparer.OrdinalIgnoreCase);

        var planned = new List<RenewalAssignment>();
        foreach (var assignment in relevant)
        {
            var kept = assignment.Roles.Where(r => granted.Contains(r.RoleDefinitionId)).DistinctBy(r => r.RoleDefinitionId).ToList();
            var lost = assignment.Roles.Where(r => !granted.Contains(r.RoleDefinitionId)).DistinctBy(r => r.RoleDefinitionId).ToList();
            if (kept.Count == 0)
            {
                notes.Add($"Security group {assignment.SecurityGroupId} held only roles the renewal leaves out; it gets no assignment.");
                continue;
            }

            planned.Add(new RenewalAssignment(
                assignment.Id,
                new CreateAccessAssignmentRequest { SecurityGroupId = assignment.SecurityGroupId, Roles = kept },
                lost));
        }

        return planned;
    }
}
