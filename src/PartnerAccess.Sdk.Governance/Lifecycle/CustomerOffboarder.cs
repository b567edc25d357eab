using System.Globalization;
using NodaTime.Extensions;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Lifecycle;

/// <summary>
/// Ends a partner's delegated access to a customer: removes every access assignment, terminates every active
/// relationship and deletes the ones still in status created. Plan first (<see cref="PlanAsync"/>), show the plan, then
/// <see cref="ExecuteAsync"/>.
/// </summary>
/// <remarks>
/// <para>Idempotent: a second run plans only what is left, and a step whose object already moved on (deleted or ending)
/// counts as done. Relationships awaiting approval cannot be withdrawn through Graph (neither deleted nor terminated);
/// the plan notes them: the request lapses after 90 days, or the relationship can be terminated once the customer
/// approves. Relationships being approved or activated are noted the same way: run again once they are active.</para>
/// <para>The result carries an <see cref="AuditRecord"/> of kind <see cref="AuditRecordKind.CustomerOffboarded"/>.</para>
/// </remarks>
public sealed class CustomerOffboarder
{
    // A request nobody approves lapses after 90 days (wire spec, relationship state machine).
    private static readonly NodaTime.Duration ApprovalRequestLifetime = NodaTime.Duration.FromDays(90);

    private readonly IPartnerAccessClient _client;

    /// <summary>Creates an offboarder.</summary>
    /// <param name="client">The GDAP client.</param>
    public CustomerOffboarder(IPartnerAccessClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>Reads the customer's relationships and assignments and says what offboarding takes. Changes nothing.</summary>
    /// <param name="customerTenantId">The customer's tenant id (a GUID).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="PartnerAccessException">Validation when the tenant id is not a GUID.</exception>
    public async Task<OffboardingPlan> PlanAsync(string customerTenantId, CancellationToken cancellationToken = default)
    {
        if (!Guid.TryParse(customerTenantId, out _))
        {
            throw PartnerAccessException.FromViolations([new Rules.RuleViolation("customer.tenantId.invalid", "customerTenantId", $"The customer tenant id '{customerTenantId}' is not a GUID.", customerTenantId)]);
        }

        var steps = new List<OffboardingStep>();
        string? customerName = null;
        var relationships = new List<Relationship>();
        await foreach (var relationship in _client.ListRelationshipsAsync(new RelationshipQuery { CustomerTenantId = customerTenantId }, cancellationToken).ConfigureAwait(false))
        {
            relationships.Add(relationship);
        }

        foreach (var relationship in relationships.OrderBy(r => r.CreatedAt))
        {
            customerName ??= relationship.Customer?.DisplayName;
            switch (relationship.Status)
            {
                case RelationshipStatus.Active:
                    await foreach (var assignment in _client.ListAccessAssignmentsAsync(relationship.Id, null, cancellationToken).ConfigureAwait(false))
                    {
                        if (assignment.Status is AccessAssignmentStatus.Pending or AccessAssignmentStatus.Active or AccessAssignmentStatus.Error)
                        {
                            steps.Add(new OffboardingStep(OffboardingStepKind.DeleteAssignment, relationship, assignment,
                                $"Remove the assignment of group {assignment.SecurityGroupId} ({string.Join(", ", assignment.Roles.Select(r => r.Name))}) from '{relationship.DisplayName}'."));
                        }
                    }

                    steps.Add(new OffboardingStep(OffboardingStepKind.TerminateRelationship, relationship, null, $"Terminate '{relationship.DisplayName}'."));
                    break;
                case RelationshipStatus.Created:
                    steps.Add(new OffboardingStep(OffboardingStepKind.DeleteRelationship, relationship, null, $"Delete '{relationship.DisplayName}', never sent for approval."));
                    break;
                case RelationshipStatus.ApprovalPending:
                    var lapses = relationship.LastModifiedAt + ApprovalRequestLifetime;
                    steps.Add(new OffboardingStep(OffboardingStepKind.Note, relationship, null,
                        $"'{relationship.DisplayName}' awaits approval and cannot be withdrawn; the request lapses by {lapses.InUtc().Date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)}. Tell the customer not to approve it, or run offboard again if they do."));
                    break;
                case RelationshipStatus.Approved or RelationshipStatus.Activating:
                    steps.Add(new OffboardingStep(OffboardingStepKind.Note, relationship, null,
                        $"'{relationship.DisplayName}' is being activated; run offboard again once it is active to terminate it."));
                    break;
                default:
                    // Expiring, terminating, expired, terminated: already ending, nothing to send.
                    break;
            }
        }

        return new OffboardingPlan(customerTenantId, customerName, steps);
    }

    /// <summary>Carries out a plan, assignments first. A step whose object already moved on counts as done.</summary>
    /// <param name="plan">The plan from <see cref="PlanAsync"/>.</param>
    /// <param name="cancellationToken">Stops between steps; what was done stays done, and the next run picks up the rest.</param>
    /// <returns>What was done, and the audit record of it.</returns>
    /// <exception cref="PartnerAccessException">A step failed for a reason other than the object having moved on.</exception>
    public async Task<OffboardingResult> ExecuteAsync(OffboardingPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var completed = new List<OffboardingStep>();
        foreach (var step in plan.Steps.Where(s => s.IsWrite))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await RunAsync(step, cancellationToken).ConfigureAwait(false))
            {
                completed.Add(step);
            }
        }

        return new OffboardingResult(plan, completed, Audit(plan, completed));
    }

    /// <summary>Plans and carries out in one go.</summary>
    /// <param name="customerTenantId">The customer's tenant id.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>What was done.</returns>
    public async Task<OffboardingResult> OffboardAsync(string customerTenantId, CancellationToken cancellationToken = default)
    {
        var plan = await PlanAsync(customerTenantId, cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(plan, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> RunAsync(OffboardingStep step, CancellationToken cancellationToken)
    {
        try
        {
            switch (step.Kind)
            {
                case OffboardingStepKind.DeleteAssignment:
                    // Read again: the ETag must be current, and an assignment that went away needs nothing.
                    var assignment = await _client.GetAccessAssignmentAsync(step.Relationship.Id, step.Assignment!.Id, cancellationToken).ConfigureAwait(false);
                    if (assignment.Status is AccessAssignmentStatus.Deleting or AccessAssignmentStatus.Deleted)
                    {
                        return false;
                    }

                    await _client.DeleteAccessAssignmentAsync(assignment, cancellationToken).ConfigureAwait(false);
                    return true;
                case OffboardingStepKind.TerminateRelationship:
                    var active = await _client.GetRelationshipAsync(step.Relationship.Id, cancellationToken).ConfigureAwait(false);
                    if (active.Status != RelationshipStatus.Active)
                    {
                        return false;
                    }

                    await _client.TerminateRelationshipAsync(active.Id, cancellationToken).ConfigureAwait(false);
                    return true;
                case OffboardingStepKind.DeleteRelationship:
                    var created = await _client.GetRelationshipAsync(step.Relationship.Id, cancellationToken).ConfigureAwait(false);
                    if (created.Status != RelationshipStatus.Created)
                    {
                        return false;
                    }

                    await _client.DeleteRelationshipAsync(created, cancellationToken).ConfigureAwait(false);
                    return true;
                default:
                    return false;
            }
        }
        catch (PartnerAccessException exception) when (exception.ErrorCode == PartnerAccessErrorCode.NotFound)
        {
            // Already gone: the goal of the step is met.
            return false;
        }
    }

    private AuditRecord Audit(OffboardingPlan plan, IReadOnlyList<OffboardingStep> completed)
    {
        var now = _client.TimeProvider.GetCurrentInstant();
        var count = (OffboardingStepKind kind) => completed.Count(s => s.Kind == kind).ToString(CultureInfo.InvariantCulture);
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["assignmentsRemoved"] = count(OffboardingStepKind.DeleteAssignment),
            ["relationshipsTerminated"] = count(OffboardingStepKind.TerminateRelationship),
            ["relationshipsDeleted"] = count(OffboardingStepKind.DeleteRelationship),
            ["relationshipIds"] = string.Join(",", completed.Where(s => s.Kind != OffboardingStepKind.DeleteAssignment).Select(s => s.Relationship.Id)),
            ["notes"] = string.Join(" | ", plan.Steps.Where(s => s.Kind == OffboardingStepKind.Note).Select(s => s.Description)),
        };
        var name = plan.CustomerName ?? plan.CustomerTenantId;
        return new AuditRecord
        {
            // Stable for one run: customer and instant.
            Id = $"offboard-{plan.CustomerTenantId}-{now.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture)}",
            OccurredAt = now,
            Kind = AuditRecordKind.CustomerOffboarded,
            Actor = new AuditActor(AuditActorKind.Partner, DisplayName: "partner-access offboarding"),
            Source = AuditSource.Sdk,
            CustomerTenantId = plan.CustomerTenantId,
            Summary = $"Offboarded {name}: {details["assignmentsRemoved"]} assignment(s) removed, {details["relationshipsTerminated"]} relationship(s) terminated, {details["relationshipsDeleted"]} deleted.",
            Details = details,
        };
    }
}
