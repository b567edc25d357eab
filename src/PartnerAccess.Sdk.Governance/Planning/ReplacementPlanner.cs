using System.Globalization;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Planning;

/// <summary>
/// Role changes by replacement. An active relationship's roles cannot grow, so when a template gains roles the plan
/// requests a replacement relationship with the template's roles (the pair's next generation), moves each slot's
/// assignment to it once the customer approved, and terminates the old relationship only when the replacement's
/// assignments are active. The old relationship serves the customer throughout.
/// </summary>
/// <remarks>
/// Every state is read from the service, never remembered: the replacement is the pair's newest live relationship of a
/// later generation (found by its derived name), so a resumed or repeated apply finds it and never requests a second one.
/// </remarks>
internal static class ReplacementPlanner
{
    /// <summary>How long a customer has to approve a locked request before the service drops it (gdap-wire-spec §4).</summary>
    public static readonly Duration ApprovalWindow = Duration.FromDays(90);

    /// <summary>
    /// Adds the replacement steps of one customer and template, after the calculator planned each live relationship.
    /// </summary>
    /// <param name="customer">The customer.</param>
    /// <param name="template">The template.</param>
    /// <param name="live">The pair's live relationships, oldest generation first.</param>
    /// <param name="snapshot">What was read.</param>
    /// <param name="now">The instant approval deadlines are judged against.</param>
    /// <param name="nextGeneration">The generation a new relationship of the pair gets.</param>
    /// <param name="options">Planner options.</param>
    /// <param name="steps">The customer's steps so far; replacement steps are added, a replacement's approval step is explained.</param>
    /// <returns>Whether a replacement is requested, so the calculator does not also renew.</returns>
    public static bool Plan(
        DesiredCustomer customer,
        AccessTemplate template,
        IReadOnlyList<MatchedRelationship> live,
        PartnerStateSnapshot snapshot,
        Instant now,
        int nextGeneration,
        AccessPlannerOptions options,
        List<PlanStep> steps)
    {
        var newest = live[^1].Relationship;
        var lacking = live
            .Select(m => m.Relationship)
            .Where(r => r.Status == RelationshipStatus.Active && Missing(template, r).Count > 0)
            .ToList();
        if (lacking.Count == 0)
        {
            return false;
        }

        if (lacking[^1] == newest)
        {
            var name = ReplacementName(customer.Customer, template, nextGeneration);
            steps.Add(new PlanStep
            {
                Kind = PlanStepKind.ReplaceRelationship,
                TemplateName = template.Name,
                RelationshipName = name,
                Create = template.ToCreateRequest(name, customer.Customer),
                Replaces = newest,
                Reason = $"\"{newest.DisplayName}\" lacks {Names(Missing(template, newest))}; an active relationship's roles cannot grow. " +
                         $"\"{newest.DisplayName}\" keeps serving until the replacement's assignments are active",
            });
            foreach (var older in lacking.Take(lacking.Count - 1))
            {
                steps.Add(Note(template, older, $"it lacks {Names(Missing(template, older))}; ends once the replacement of \"{newest.DisplayName}\" serves the customer"));
            }

            return true;
        }

        foreach (var old in lacking)
        {
            steps.Add(PlanOld(template, old, newest, snapshot, now, options));
        }

        if (newest.Status == RelationshipStatus.ApprovalPending)
        {
            ExplainPendingReplacement(template, lacking[^1], newest, now, steps);
        }

        return false;
    }

    /// <summary>The one place a replacement is named: the pair's next generation under <see cref="RelationshipNames"/>.</summary>
    public static string ReplacementName(CustomerParticipant customer, AccessTemplate template, int generation) =>
        RelationshipNames.Derive(customer, template.Name, generation);

    /// <summary>When the customer's approval of a locked relationship is due: 90 days after it was locked.</summary>
    /// <param name="pending">A relationship in approvalPending; locking was its last change.</param>
    /// <returns>The deadline.</returns>
    public static Instant ApprovalDeadline(Relationship pending) =>
        Instant.Max(pending.LastModifiedAt, pending.CreatedAt) + ApprovalWindow;

    /// <summary>
    /// Checks, from the service's state, that a replacement serves every slot: it is active and each template group it
    /// grants roles to has an active assignment with those roles.
    /// </summary>
    /// <returns>What is still missing, one reason a line; empty when the old relationship may end.</returns>
    public static IReadOnlyList<string> Unready(IReadOnlyList<ReplacementSlot> slots, Relationship replacement, IReadOnlyList<AccessAssignment> assignments)
    {
        if (replacement.Status != RelationshipStatus.Active)
        {
            return [$"\"{replacement.DisplayName}\" is not active"];
        }

        var problems = new List<string>();
        foreach (var slot in slots)
        {
            var served = assignments.Any(a =>
                a.Status == AccessAssignmentStatus.Active &&
                RelationshipMatcher.SameTenant(a.SecurityGroupId, slot.SecurityGroupId) &&
                GdapRules.SameRoles(a.Roles, slot.Roles));
            if (!served)
            {
                problems.Add($"group {slot.SecurityGroupId}'s assignment in \"{replacement.DisplayName}\" is not active yet");
            }
        }

        return problems;
    }

    /// <summary>The slots a replacement must serve before the old relationship ends: each bound group and its granted roles.</summary>
    public static IReadOnlyList<ReplacementSlot> Slots(AccessTemplate template, Relationship replacement)
    {
        var granted = replacement.Roles.Select(r => r.RoleDefinitionId).ToHashSet();
        return template.Groups
            .Where(g => g.SecurityGroupId is not null)
            .Select(g => new ReplacementSlot(g.SecurityGroupId!, g.Roles.Where(r => granted.Contains(r.RoleDefinitionId)).ToList()))
            .Where(s => s.Roles.Count > 0)
            .ToList();
    }

    private static PlanStep PlanOld(AccessTemplate template, Relationship old, Relationship successor, PartnerStateSnapshot snapshot, Instant now, AccessPlannerOptions options)
    {
        var missing = Names(Missing(template, old));
        switch (successor.Status)
        {
            case RelationshipStatus.Created:
                return Note(template, old, $"it lacks {missing}; kept until its replacement \"{successor.DisplayName}\" is approved and serves every group");
            case RelationshipStatus.ApprovalPending when now >= ApprovalDeadline(successor):
                return Note(template, old,
                    $"it lacks {missing}; the customer did not approve its replacement \"{successor.DisplayName}\" by {Day(ApprovalDeadline(successor))}, " +
                    "so the request lapses and this relationship stays as it is; the next plan after the service drops the request asks again");
            case RelationshipStatus.ApprovalPending:
                return Note(template, old,
                    $"it lacks {missing}; kept until its replacement \"{successor.DisplayName}\" is approved (by {Day(ApprovalDeadline(successor))}) and serves every group");
            case RelationshipStatus.Active:
                var slots = Slots(template, successor);
                var problems = Unready(slots, successor, snapshot.AssignmentsOf(successor.Id).Where(a => a.IsLive).ToList()).ToList();
                if (!options.RemoveUnlistedAssignments)
                {
                    var listed = template.Groups.Select(g => g.SecurityGroupId).OfType<string>().ToList();
                    problems.AddRange(snapshot.AssignmentsOf(old.Id)
                        .Where(a => a.IsLive && !listed.Any(g => RelationshipMatcher.SameTenant(g, a.SecurityGroupId)))
                        .Select(a => $"group {a.SecurityGroupId}'s assignment is not in the template and would end with it (RemoveUnlistedAssignments is off)"));
                }

                if (problems.Count > 0)
                {
                    return Note(template, old, $"replaced by \"{successor.DisplayName}\"; kept until then: {string.Join("; ", problems)}");
                }

                return new PlanStep
                {
                    Kind = PlanStepKind.TerminateReplacedRelationship,
                    TemplateName = template.Name,
                    RelationshipName = old.DisplayName,
                    Relationship = old,
                    ReplacedBy = successor,
                    ReplacementSlots = slots,
                    Reason = $"replaced by \"{successor.DisplayName}\", whose assignments are active",
                };
            default:
                return Note(template, old, $"it lacks {missing}; kept until its replacement \"{successor.DisplayName}\" is active and serves every group");
        }
    }

    private static void ExplainPendingReplacement(AccessTemplate template, Relationship old, Relationship pending, Instant now, List<PlanStep> steps)
    {
        var index = steps.FindIndex(s => s.Kind == PlanStepKind.AwaitApproval && s.Relationship?.Id == pending.Id);
        if (index < 0 || Missing(template, pending).Count > 0)
        {
            return;
        }

        var deadline = ApprovalDeadline(pending);
        steps[index] = now >= deadline
            ? steps[index] with
            {
                Kind = PlanStepKind.Note,
                Replaces = old,
                Reason = $"replacement of \"{old.DisplayName}\": the customer did not approve it by {Day(deadline)}; the request lapses",
            }
            : steps[index] with
            {
                Replaces = old,
                Reason = $"replaces \"{old.DisplayName}\" to add {Names(Missing(template, old))}; the customer can approve until {Day(deadline)}",
            };
    }

    private static List<RoleGrant> Missing(AccessTemplate template, Relationship relationship)
    {
        var granted = relationship.Roles.Select(r => r.RoleDefinitionId).ToHashSet();
        return template.Roles.Where(r => !granted.Contains(r.RoleDefinitionId)).ToList();
    }

    private static PlanStep Note(AccessTemplate template, Relationship relationship, string reason) => new()
    {
        Kind = PlanStepKind.Note,
        TemplateName = template.Name,
        RelationshipName = relationship.DisplayName,
        Relationship = relationship,
        Reason = reason,
    };

    private static string Names(IEnumerable<RoleGrant> roles) => string.Join(", ", roles.Select(r => r.Name));

    private static string Day(Instant instant) => instant.InUtc().Date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A slot a replacement must serve: a security group and the roles it gets there.</summary>
/// <param name="SecurityGroupId">The group.</param>
/// <param name="Roles">Its roles in the replacement.</param>
internal sealed record ReplacementSlot(string SecurityGroupId, IReadOnlyList<RoleGrant> Roles);
