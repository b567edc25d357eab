using System.Runtime.CompilerServices;
using NodaTime.Extensions;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Groups;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Lifecycle;

/// <summary>
/// Says, per customer of a desired state, whether its delegated access is usable: <see cref="ReadinessVerdict.Ready"/>,
/// <see cref="ReadinessVerdict.Provisioning"/>, <see cref="ReadinessVerdict.WaitingForCustomer"/> or
/// <see cref="ReadinessVerdict.Broken"/>, with every reason. Reads only; changes nothing.
/// </summary>
/// <remarks>
/// For each of the customer's templates it checks that a relationship derived from it is active and holds the
/// template's roles, that each group slot has an active assignment with the slot's roles, and (when given
/// <see cref="IPartnerGroups"/>) that each slot's group exists and has members. Groups are read once per run, however
/// many customers share them.
/// </remarks>
public sealed class ReadinessChecker
{
    private readonly IPartnerAccessClient _client;
    private readonly IPartnerGroups? _groups;

    /// <summary>Creates a checker.</summary>
    /// <param name="client">The GDAP client.</param>
    /// <param name="groups">The partner's groups, to check that groups exist and have members; skipped when <see langword="null"/>.</param>
    public ReadinessChecker(IPartnerAccessClient client, IPartnerGroups? groups = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _groups = groups;
    }

    /// <summary>Checks every customer of a desired state, in its order.</summary>
    /// <param name="desired">The customers and the templates each should have.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One verdict per customer.</returns>
    public async IAsyncEnumerable<CustomerReadiness> CheckAsync(DesiredState desired, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var matcher = new RelationshipMatcher(desired);
        var matched = new List<MatchedRelationship>();
        await foreach (var relationship in _client.ListRelationshipsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (matcher.Match(relationship) is { } match)
            {
                matched.Add(match);
            }
        }

        var groups = new GroupFacts(_groups);
        foreach (var customer in desired.Customers)
        {
            yield return await CheckCustomerAsync(desired, customer, matched, groups, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The worst verdict among several customers; <see cref="ReadinessVerdict.Ready"/> when there are none.</summary>
    /// <param name="customers">The verdicts.</param>
    /// <returns>The worst.</returns>
    public static ReadinessVerdict Worst(IEnumerable<CustomerReadiness> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        return customers.Select(c => c.Verdict).DefaultIfEmpty(ReadinessVerdict.Ready).Max();
    }

    private async Task<CustomerReadiness> CheckCustomerAsync(DesiredState desired, DesiredCustomer customer, List<MatchedRelationship> matched, GroupFacts groups, CancellationToken cancellationToken)
    {
        var reasons = new List<ReadinessReason>();
        var links = new List<Uri>();
        var name = customer.Customer.DisplayName ?? customer.Customer.TenantId;
        foreach (var templateName in customer.TemplateNames)
        {
            var template = desired.GetTemplate(templateName);
            var ofPair = matched.Where(m => ReferenceEquals(m.Customer, customer) && string.Equals(m.Template.Name, template.Name, StringComparison.OrdinalIgnoreCase))
                .Select(m => m.Relationship).ToList();
            var active = ofPair.Where(r => r.Status == RelationshipStatus.Active).OrderByDescending(r => r.Window.EndsAt).FirstOrDefault();
            if (active is null)
            {
                reasons.Add(NotActive(template, ofPair, name, links));
                continue;
            }

            var held = active.Roles.Select(r => r.RoleDefinitionId).ToHashSet();
            var missingRoles = template.Roles.Where(r => !held.Contains(r.RoleDefinitionId)).ToList();
            if (missingRoles.Count > 0)
            {
                // A replacement relationship with the new roles may already be waiting for the customer.
                var pending = ofPair.FirstOrDefault(r => r.Status == RelationshipStatus.ApprovalPending);
                if (pending?.ApprovalLink is { } link)
                {
                    links.Add(link);
                }

                reasons.Add(new ReadinessReason(ReadinessCodes.RelationshipRolesMissing, pending is null ? ReadinessVerdict.Broken : ReadinessVerdict.WaitingForCustomer,
                    $"{template.Name}: relationship '{active.DisplayName}' lacks {string.Join(", ", missingRoles.Select(r => r.Name))}" +
                    (pending is null ? "." : $"; replacement '{pending.DisplayName}' awaits the customer's approval."),
                    template.Name, active.Id));
            }

            var assignments = new List<AccessAssignment>();
            await foreach (var assignment in _client.ListAccessAssignmentsAsync(active.Id, null, cancellationToken).ConfigureAwait(false))
            {
                assignments.Add(assignment);
            }

            foreach (var slot in template.Groups.Where(g => g.SecurityGroupId is not null))
            {
                var groupId = slot.SecurityGroupId!;
                var label = slot.Label ?? groupId;
                var current = assignments
                    .Where(a => string.Equals(a.SecurityGroupId, groupId, StringComparison.OrdinalIgnoreCase) && a.Status is not (AccessAssignmentStatus.Deleted or AccessAssignmentStatus.Deleting))
                    .OrderByDescending(a => a.Status == AccessAssignmentStatus.Active)
                    .FirstOrDefault();
                if (current is null)
                {
                    reasons.Add(new ReadinessReason(ReadinessCodes.AssignmentMissing, ReadinessVerdict.Broken,
                        $"{template.Name}: group '{label}' has no access assignment in '{active.DisplayName}'; run apply.", template.Name, active.Id, groupId));
                }
                else if (current.Status == AccessAssignmentStatus.Pending)
                {
                    reasons.Add(new ReadinessReason(ReadinessCodes.AssignmentPending, ReadinessVerdict.Provisioning,
                        $"{template.Name}: the assignment of group '{label}' is being provisioned.", template.Name, active.Id, groupId));
                }
                else if (current.Status != AccessAssignmentStatus.Active)
                {
                    reasons.Add(new ReadinessReason(ReadinessCodes.AssignmentFailed, ReadinessVerdict.Broken,
                        $"{template.Name}: the assignment of group '{label}' is {current.Status}.", template.Name, active.Id, groupId));
                }
                else if (!SameRoles(current.Roles, slot.Roles))
                {
                    reasons.Add(new ReadinessReason(ReadinessCodes.AssignmentRolesDiffer, ReadinessVerdict.Broken,
                        $"{template.Name}: group '{label}' receives {Names(current.Roles)} instead of {Names(slot.Roles)}; run apply.", template.Name, active.Id, groupId));
                }

                if (await groups.ReadAsync(groupId, cancellationToken).ConfigureAwait(false) is { } facts)
                {
                    if (!facts.Exists)
                    {
                        reasons.Add(new ReadinessReason(ReadinessCodes.GroupMissing, ReadinessVerdict.Broken,
                            $"{template.Name}: security group '{label}' ({groupId}) no longer exists, so its roles reach nobody.", template.Name, active.Id, groupId));
                    }
                    else if (facts.Members == 0)
                    {
                        reasons.Add(new ReadinessReason(ReadinessCodes.GroupEmpty, ReadinessVerdict.Broken,
                            $"{template.Name}: security group '{facts.Name ?? label}' has no members.", template.Name, active.Id, groupId));
                    }
                }
            }
        }

        var verdict = reasons.Select(r => r.Verdict).DefaultIfEmpty(ReadinessVerdict.Ready).Max();
        return new CustomerReadiness(customer.Customer, verdict, reasons, links.Distinct().ToList());
    }

    private ReadinessReason NotActive(AccessTemplate template, List<Relationship> ofPair, string customerName, List<Uri> links)
    {
        var now = _client.TimeProvider.GetCurrentInstant();
        var pending = ofPair.FirstOrDefault(r => r.Status == RelationshipStatus.ApprovalPending);
        if (pending is not null)
        {
            if (pending.ApprovalLink is { } link)
            {
                links.Add(link);
            }

            return new ReadinessReason(ReadinessCodes.RelationshipAwaitingApproval, ReadinessVerdict.WaitingForCustomer,
                $"{template.Name}: '{pending.DisplayName}' awaits {customerName}'s approval.", template.Name, pending.Id);
        }

        if (ofPair.FirstOrDefault(r => r.Status is RelationshipStatus.Approved or RelationshipStatus.Activating) is { } activating)
        {
            return new ReadinessReason(ReadinessCodes.RelationshipActivating, ReadinessVerdict.Provisioning,
                $"{template.Name}: '{activating.DisplayName}' was approved and is being activated.", template.Name, activating.Id);
        }

        if (ofPair.FirstOrDefault(r => r.Status == RelationshipStatus.Created) is { } created)
        {
            return new ReadinessReason(ReadinessCodes.RelationshipNotLocked, ReadinessVerdict.Broken,
                $"{template.Name}: '{created.DisplayName}' was created but never sent for approval; run apply.", template.Name, created.Id);
        }

        if (ofPair.Count > 0)
        {
            var last = ofPair.OrderByDescending(r => r.Window.EndsAt ?? now).First();
            return new ReadinessReason(ReadinessCodes.RelationshipEnded, ReadinessVerdict.Broken,
                $"{template.Name}: '{last.DisplayName}' is {last.Status}; run apply to request a new relationship.", template.Name, last.Id);
        }

        return new ReadinessReason(ReadinessCodes.RelationshipMissing, ReadinessVerdict.Broken,
            $"{template.Name}: {customerName} has no relationship for this template; run apply.", template.Name);
    }

    private static bool SameRoles(IReadOnlyList<RoleGrant> left, IReadOnlyList<RoleGrant> right) =>
        left.Select(r => r.RoleDefinitionId).ToHashSet().SetEquals(right.Select(r => r.RoleDefinitionId));

    private static string Names(IEnumerable<RoleGrant> roles) => string.Join(", ", roles.Select(r => r.Name));
}
