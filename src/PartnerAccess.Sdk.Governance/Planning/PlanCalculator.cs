using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Planning;

/// <summary>The pure part of planning: desired state + snapshot + now → steps. No I/O, no clock.</summary>
internal static class PlanCalculator
{
    internal const string NotReadReason = "not read first: this planner has seen the relationship since before approval; one made elsewhere meanwhile is adopted";

    public static AccessPlan Create(DesiredState desired, PartnerStateSnapshot snapshot, Instant now, AccessPlannerOptions options)
    {
        var matcher = new RelationshipMatcher(desired);
        var byCustomer = Group(snapshot.Relationships.Select(matcher.Match).OfType<MatchedRelationship>());
        var customers = desired.Customers
            .Select(c =>
            {
                var matched = byCustomer.GetValueOrDefault(Key(c)) ?? [];
                var failure = matched.Select(m => snapshot.Unread.GetValueOrDefault(m.Relationship.Id)).FirstOrDefault(e => e is not null);
                return new CustomerPlan(c.Customer, PlanCustomer(desired, c, matched, snapshot, now, options)) { ReadFailure = failure };
            })
            .ToList();
        return new AccessPlan(desired, customers, now);
    }

    public static IReadOnlyList<PlanStep> PlanCustomer(
        DesiredState desired,
        DesiredCustomer customer,
        IReadOnlyList<MatchedRelationship> matched,
        PartnerStateSnapshot snapshot,
        Instant now,
        AccessPlannerOptions options)
    {
        var steps = new List<PlanStep>();
        var wanted = customer.TemplateNames.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var template in desired.Templates)
        {
            var pair = matched.Where(m => string.Equals(m.Template.Name, template.Name, StringComparison.OrdinalIgnoreCase))
                .OrderBy(m => m.Generation)
                .ThenBy(m => m.Relationship.CreatedAt)
                .ToList();
            if (wanted.Contains(template.Name))
            {
                PlanWanted(customer, template, pair, snapshot, now, options, steps);
            }
            else
            {
                PlanUnwanted(template, pair, options, steps);
            }
        }

        return steps;
    }

    internal static string Key(DesiredCustomer customer) => Key(customer.Customer);

    internal static string Key(CustomerParticipant customer) =>
        Guid.TryParse(customer.TenantId, out var id) ? id.ToString("D") : customer.TenantId.ToLowerInvariant();

    internal static Dictionary<string, List<MatchedRelationship>> Group(IEnumerable<MatchedRelationship> matched)
    {
        var byCustomer = new Dictionary<string, List<MatchedRelationship>>(StringComparer.OrdinalIgnoreCase);
        foreach (var match in matched)
        {
            var key = Key(match.Customer);
            if (!byCustomer.TryGetValue(key, out var list))
            {
                list = [];
                byCustomer[key] = list;
            }

            list.Add(match);
        }

        return byCustomer;
    }

    private static void PlanWanted(
        DesiredCustomer customer,
        AccessTemplate template,
        List<MatchedRelationship> pair,
        PartnerStateSnapshot snapshot,
        Instant now,
        AccessPlannerOptions options,
        List<PlanStep> steps)
    {
        var live = pair.Where(m => !m.Relationship.Status.IsEnded()).ToList();
        var nextGeneration = pair.Count == 0 ? 1 : pair.Max(m => m.Generation) + 1;
        if (live.Count == 0)
        {
            var name = RelationshipNames.Derive(customer.Customer, template.Name, nextGeneration);
            steps.Add(new PlanStep
            {
                Kind = PlanStepKind.CreateRelationship,
                TemplateName = template.Name,
                RelationshipName = name,
                Create = template.ToCreateRequest(name, customer.Customer),
                Reason = pair.Count == 0 ? null : "the earlier relationship has ended",
            });
            return;
        }

        var autoExtendComing = false;
        foreach (var match in live)
        {
            var relationship = match.Relationship;
            switch (relationship.Status)
            {
                case RelationshipStatus.Created:
                    PlanCreated(template, relationship, steps);
                    break;
                case RelationshipStatus.ApprovalPending:
                    steps.Add(Step(PlanStepKind.AwaitApproval, template, relationship));
                    if (!GdapRules.SameRoles(relationship.Roles, template.Roles))
                    {
                        steps.Add(Step(PlanStepKind.Note, template, relationship,
                            "it asks for other roles than the template; roles cannot change while approval is pending"));
                    }

                    break;
                case RelationshipStatus.Approved:
                case RelationshipStatus.Activating:
                    steps.Add(Step(PlanStepKind.AwaitService, template, relationship, "approved, activating"));
                    break;
                case RelationshipStatus.Active:
                    autoExtendComing |= PlanActive(template, relationship, snapshot, options, steps);
                    break;
                default:
                    steps.Add(Step(PlanStepKind.Note, template, relationship, $"status '{GraphNames.ToGraphName(relationship.Status)}' is unknown to this SDK; left alone"));
                    break;
            }
        }

        // A replacement is the next generation too, so it stands in for a renewal.
        var replacing = ReplacementPlanner.Plan(customer, template, live, snapshot, now, nextGeneration, options, steps);
        var newest = live[^1].Relationship;
        if (!replacing && newest.Status == RelationshipStatus.Active && !autoExtendComing && newest.Window.ExpiresWithin(now, options.RenewWithin))
        {
            var name = RelationshipNames.Derive(customer.Customer, template.Name, nextGeneration);
            steps.Add(new PlanStep
            {
                Kind = PlanStepKind.RenewRelationship,
                TemplateName = template.Name,
                RelationshipName = name,
                Create = template.ToCreateRequest(name, customer.Customer),
                Reason = $"\"{newest.DisplayName}\" ends {newest.EndsAt} and does not auto-extend",
            });
        }
    }

    private static void PlanCreated(AccessTemplate template, Relationship relationship, List<PlanStep> steps)
    {
        var update = new RelationshipUpdate
        {
            Roles = GdapRules.SameRoles(relationship.Roles, template.Roles) ? null : template.Roles,
            Duration = relationship.Window.Length == template.Duration ? null : template.Duration,
            AutoExtendDuration = relationship.Window.AutoExtendDuration == template.AutoExtendDuration ? null : template.AutoExtendDuration,
        };
        if (!update.IsEmpty)
        {
            steps.Add(Step(PlanStepKind.UpdateRelationship, template, relationship, "created but not yet locked; it differs from the template") with { Update = update });
        }

        steps.Add(Step(PlanStepKind.LockForApproval, template, relationship, "created but never locked"));
    }

    /// <returns>Whether auto-extend is on or being switched on, so no renewal is needed.</returns>
    private static bool PlanActive(AccessTemplate template, Relationship relationship, PartnerStateSnapshot snapshot, AccessPlannerOptions options, List<PlanStep> steps)
    {
        var running = snapshot.OperationsOf(relationship.Id).Where(o => !o.IsCompleted).ToList();
        var relationshipChangeRunning = running.Any(o => o.OperationType != RelationshipOperationType.DelegatedAdminAccessAssignmentUpdate);
        var assignmentChangeRunning = running.Any(o => o.OperationType != RelationshipOperationType.DelegatedAdminRelationshipUpdate);

        var roles = relationship.Roles;
        var removingGlobalAdministrator = false;
        if (relationship.HasGlobalAdministrator && !template.Roles.Any(r => r.IsGlobalAdministrator))
        {
            var rest = relationship.Roles.Where(r => !r.IsGlobalAdministrator).ToList();
            if (relationshipChangeRunning)
            {
                steps.Add(Step(PlanStepKind.AwaitService, template, relationship, "Global Administrator is being removed"));
                removingGlobalAdministrator = true;
                roles = rest;
            }
            else if (rest.Count == 0)
            {
                steps.Add(Step(PlanStepKind.Note, template, relationship, "it holds only Global Administrator, which cannot be removed from an active relationship; terminate it and let a new one be created"));
            }
            else
            {
                steps.Add(Step(PlanStepKind.RemoveGlobalAdministrator, template, relationship, "the template does not include Global Administrator"));
                removingGlobalAdministrator = true;
                roles = rest;
            }
        }

        // Missing roles cannot be added to an active relationship: ReplacementPlanner requests a replacement.
        var autoExtends = relationship.Window.AutoExtends;
        if (template.AutoExtend != autoExtends)
        {
            if (template.AutoExtend && relationship.HasGlobalAdministrator)
            {
                steps.Add(Step(PlanStepKind.Note, template, relationship,
                    removingGlobalAdministrator ? "auto-extend is switched on once Global Administrator is gone" : "auto-extend is impossible while it holds Global Administrator"));
            }
            else
            {
                steps.Add(Step(PlanStepKind.SetAutoExtend, template, relationship) with { Update = new RelationshipUpdate { AutoExtendDuration = template.AutoExtendDuration } });
                autoExtends = template.AutoExtend;
            }
        }

        PlanAssignments(template, relationship, roles, snapshot, assignmentChangeRunning, options, steps);
        return autoExtends || (template.AutoExtend && removingGlobalAdministrator);
    }

    private static void PlanAssignments(
        AccessTemplate template,
        Relationship relationship,
        IReadOnlyList<RoleGrant> granted,
        PartnerStateSnapshot snapshot,
        bool changeRunning,
        AccessPlannerOptions options,
        List<PlanStep> steps)
    {
        var grantedIds = granted.Select(r => r.RoleDefinitionId).ToHashSet();
        var byGroup = snapshot.AssignmentsOf(relationship.Id)
            .Where(a => a.IsLive)
            .GroupBy(a => NormaliseGroup(a.SecurityGroupId), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderBy(Preference).ThenBy(a => a.CreatedAt).ToList(), StringComparer.OrdinalIgnoreCase);

        foreach (var group in template.Groups)
        {
            if (group.SecurityGroupId is not { } groupId)
            {
                continue;
            }

            var key = NormaliseGroup(groupId);
            var roles = group.Roles.Where(r => grantedIds.Contains(r.RoleDefinitionId)).ToList();
            if (roles.Count == 0)
            {
                steps.Add(Step(PlanStepKind.Note, template, relationship, $"group {groupId}'s roles are not granted by this relationship") with { SecurityGroupId = groupId });
                continue;
            }

            if (!byGroup.Remove(key, out var existing))
            {
                steps.Add(snapshot.AssignmentsNotRead.Contains(relationship.Id)
                    ? Step(PlanStepKind.CreateAssignment, template, relationship, NotReadReason) with { SecurityGroupId = groupId, Roles = roles }
                    : Step(PlanStepKind.CreateAssignment, template, relationship) with { SecurityGroupId = groupId, Roles = roles });
                continue;
            }

            var primary = existing[0];
            foreach (var duplicate in existing.Skip(1).Where(IsDeletable))
            {
                steps.Add(Step(PlanStepKind.DeleteAssignment, template, relationship, "a second assignment for the same group") with { SecurityGroupId = groupId, Assignment = duplicate });
            }

            var same = GdapRules.SameRoles(primary.Roles, roles);
            switch (primary.Status)
            {
                case AccessAssignmentStatus.Active when !same && changeRunning:
                    steps.Add(Step(PlanStepKind.AwaitService, template, relationship, $"group {groupId}'s roles are being changed") with { SecurityGroupId = groupId, Assignment = primary });
                    break;
                case AccessAssignmentStatus.Active when !same:
                    steps.Add(Step(PlanStepKind.UpdateAssignment, template, relationship) with { SecurityGroupId = groupId, Assignment = primary, Roles = roles });
                    break;
                case AccessAssignmentStatus.Active:
                    break;
                case AccessAssignmentStatus.Pending:
                    steps.Add(Step(PlanStepKind.AwaitService, template, relationship,
                        same ? $"group {groupId}'s assignment is being provisioned" : $"group {groupId}'s assignment is being provisioned; its roles are corrected once it is active")
                        with { SecurityGroupId = groupId, Assignment = primary });
                    break;
                case AccessAssignmentStatus.Error:
                    steps.Add(Step(PlanStepKind.DeleteAssignment, template, relationship, "provisioning failed; it is created again on the next apply") with { SecurityGroupId = groupId, Assignment = primary });
                    break;
                case AccessAssignmentStatus.Deleting:
                    steps.Add(Step(PlanStepKind.AwaitService, template, relationship, $"group {groupId}'s old assignment is being deleted; a new one is created on the next apply") with { SecurityGroupId = groupId, Assignment = primary });
                    break;
                default:
                    steps.Add(Step(PlanStepKind.Note, template, relationship, $"group {groupId}'s assignment has a status unknown to this SDK") with { SecurityGroupId = groupId, Assignment = primary });
                    break;
            }
        }

        foreach (var (_, unlisted) in byGroup)
        {
            foreach (var assignment in unlisted.Where(IsDeletable))
            {
                steps.Add(options.RemoveUnlistedAssignments
                    ? Step(PlanStepKind.DeleteAssignment, template, relationship, "the template does not list this group") with { SecurityGroupId = assignment.SecurityGroupId, Assignment = assignment }
                    : Step(PlanStepKind.Note, template, relationship, $"group {assignment.SecurityGroupId} is not in the template; kept because RemoveUnlistedAssignments is off") with { SecurityGroupId = assignment.SecurityGroupId, Assignment = assignment });
            }
        }
    }

    private static void PlanUnwanted(AccessTemplate template, List<MatchedRelationship> pair, AccessPlannerOptions options, List<PlanStep> steps)
    {
        foreach (var relationship in pair.Select(m => m.Relationship).Where(r => !r.Status.IsEnded()))
        {
            if (!options.TerminateUnwanted)
            {
                steps.Add(Step(PlanStepKind.Note, template, relationship, "no longer wanted; kept because TerminateUnwanted is off"));
                continue;
            }

            steps.Add(relationship.Status switch
            {
                RelationshipStatus.Created => Step(PlanStepKind.DeleteRelationship, template, relationship, "no longer wanted"),
                RelationshipStatus.Active => Step(PlanStepKind.TerminateRelationship, template, relationship, "no longer wanted"),
                RelationshipStatus.ApprovalPending => Step(PlanStepKind.Note, template, relationship,
                    "no longer wanted, but a request awaiting approval cannot be withdrawn; it lapses after 90 days, or is terminated once approved"),
                RelationshipStatus.Approved or RelationshipStatus.Activating => Step(PlanStepKind.AwaitService, template, relationship, "no longer wanted; terminated once active"),
                _ => Step(PlanStepKind.Note, template, relationship, "no longer wanted; status unknown to this SDK, left alone"),
            });
        }
    }

    private static PlanStep Step(PlanStepKind kind, AccessTemplate template, Relationship relationship, string? reason = null) => new()
    {
        Kind = kind,
        TemplateName = template.Name,
        RelationshipName = relationship.DisplayName,
        Relationship = relationship,
        Reason = reason,
    };

    private static bool IsDeletable(AccessAssignment assignment) =>
        assignment.Status is AccessAssignmentStatus.Pending or AccessAssignmentStatus.Active or AccessAssignmentStatus.Error;

    private static int Preference(AccessAssignment assignment) => assignment.Status switch
    {
        AccessAssignmentStatus.Active => 0,
        AccessAssignmentStatus.Pending => 1,
        AccessAssignmentStatus.Error => 2,
        AccessAssignmentStatus.Deleting => 3,
        _ => 4,
    };

    internal static string NormaliseGroup(string groupId) => Guid.TryParse(groupId, out var id) ? id.ToString("D") : groupId;
}
