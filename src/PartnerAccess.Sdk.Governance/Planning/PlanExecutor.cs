using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Planning;

/// <summary>
/// Carries out an <see cref="AccessPlan"/>. Each customer is a small convergence loop: run its steps; on a transient
/// failure or a state that moved, read the customer again, plan again, and go on. Every create first recognises what
/// already exists (by derived name, or by group), so a retry or a resumed run never makes a duplicate.
/// </summary>
internal sealed partial class PlanExecutor(IPartnerAccessClient client, IStateAwareWriteCapability? writer, RequestPacer pacer, AccessPlannerOptions options, AccessPlanner planner)
{
    // Marks the one conflict another round cannot fix: the derived name belongs to a different customer's relationship.
    private const string NameOfAnotherCustomer = "of another customer";

    private static readonly TimeSpan[] FindDelays = [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    public async Task<ApplyResult> ApplyAsync(AccessPlan plan, IProgress<ApplyProgress>? progress, CancellationToken cancellationToken)
    {
        var total = plan.Customers.Count;
        var results = new CustomerResult[total];
        var completed = 0;
        var writes = 0;
        var throttledBefore = pacer.ThrottledCount;
        var desiredByTenant = plan.Desired.Customers.ToDictionary(c => PlanCalculator.Key(c), StringComparer.OrdinalIgnoreCase);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, total), parallel, async (index, ct) =>
        {
            var customerPlan = plan.Customers[index];
            var desired = desiredByTenant[PlanCalculator.Key(customerPlan.Customer)];
            var result = await ApplyCustomerAsync(plan.Desired, desired, customerPlan, ct).ConfigureAwait(false);
            results[index] = result;
            var done = Interlocked.Increment(ref completed);
            var written = Interlocked.Add(ref writes, result.Writes);
            progress?.Report(new ApplyProgress(done, total, written, result));
        }).ConfigureAwait(false);
        return new ApplyResult(results) { ThrottledCalls = pacer.ThrottledCount - throttledBefore };
    }

    private async Task<CustomerResult> ApplyCustomerAsync(DesiredState desiredState, DesiredCustomer desired, CustomerPlan plan, CancellationToken cancellationToken)
    {
        var done = new List<PlanStep>();
        var writes = new WriteCount();
        var steps = plan.Steps;
        PartnerAccessException? error = null;
        var attempt = 1;
        for (; attempt <= options.MaxAttemptsPerCustomer; attempt++)
        {
            try
            {
                // A customer the plan could not read fully is read again before anything is written for it.
                if (attempt > 1 || plan.ReadFailure is not null)
                {
                    steps = await planner.ReplanCustomerAsync(desiredState, desired, cancellationToken).ConfigureAwait(false);
                }

                foreach (var step in steps)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    done.Add(await ExecuteAsync(step, writes, cancellationToken).ConfigureAwait(false));
                }

                error = null;
                break;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                error = AsPartnerAccessException(ex);
                if (!IsWorthAnotherRound(error))
                {
                    break;
                }

                if (error.ErrorCode == PartnerAccessErrorCode.Throttled && attempt < options.MaxAttemptsPerCustomer)
                {
                    // The pacer has slowed down already; this customer also waits out the service's hint before it reads again.
                    await Task.Delay(error.RetryAfter ?? TimeSpan.FromSeconds(1), client.TimeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        var attempts = Math.Min(attempt, options.MaxAttemptsPerCustomer);
        if (error is not null)
        {
            return new CustomerResult { Customer = plan.Customer, Outcome = CustomerOutcome.Failed, Writes = writes.Value, Steps = done, Error = error, Attempts = attempts };
        }

        // Only the last round's view counts: an earlier round may have locked a relationship the customer approved since.
        var final = done.Skip(done.Count - steps.Count).ToList();
        var links = final
            .Where(s => s.Kind is PlanStepKind.AwaitApproval or PlanStepKind.CreateRelationship or PlanStepKind.RenewRelationship or PlanStepKind.ReplaceRelationship or PlanStepKind.LockForApproval)
            .Select(s => s.ApprovalLink)
            .OfType<Uri>()
            .Distinct()
            .ToList();
        return new CustomerResult
        {
            Customer = plan.Customer,
            Outcome = links.Count > 0 ? CustomerOutcome.PendingApproval : CustomerOutcome.Succeeded,
            Writes = writes.Value,
            Steps = done,
            ApprovalLinks = links,
            Attempts = attempts,
        };
    }

    /// <summary>Carries out one step; each write the service accepted is counted at once, so a step cut short still counts its writes.</summary>
    private async Task<PlanStep> ExecuteAsync(PlanStep step, WriteCount writes, CancellationToken ct)
    {
        switch (step.Kind)
        {
            case PlanStepKind.CreateRelationship:
            case PlanStepKind.RenewRelationship:
            case PlanStepKind.ReplaceRelationship:
            {
                var (relationship, created) = await CreateOrAdoptAsync(step.Create!, ct).ConfigureAwait(false);
                writes.Add(created);
                planner.SeenBeforeActive(relationship);
                writes.Add(await LockIfCreatedAsync(relationship, ct).ConfigureAwait(false));
                return step with { Relationship = relationship };
            }

            case PlanStepKind.LockForApproval:
                writes.Add(await LockIfCreatedAsync(step.Relationship!, ct).ConfigureAwait(false));
                return step;

            case PlanStepKind.UpdateRelationship:
            case PlanStepKind.SetAutoExtend:
                await Call(c => client.UpdateRelationshipAsync(step.Relationship!, step.Update!, c), ct).ConfigureAwait(false);
                writes.Add(true);
                return step;

            case PlanStepKind.RemoveGlobalAdministrator:
                await Call(c => client.RemoveGlobalAdministratorAsync(step.Relationship!, c), ct).ConfigureAwait(false);
                writes.Add(true);
                return step;

            case PlanStepKind.CreateAssignment:
            {
                var relationship = step.Relationship!;
                var request = new CreateAccessAssignmentRequest { SecurityGroupId = step.SecurityGroupId!, Roles = step.Roles! };
                try
                {
                    // The plan found (or, for a relationship it saw before approval, expects) no live assignment for the
                    // group, so that is the state the writer may trust; the service's 409 says otherwise.
                    var assignment = await Call(c => writer is null
                        ? client.CreateAccessAssignmentAsync(relationship.Id, request, c)
                        : writer.CreateAccessAssignmentAsync(relationship, request, [], c), ct).ConfigureAwait(false);
                    writes.Add(true);
                    return step with { Assignment = assignment };
                }
                catch (PartnerAccessException ex) when (ex.ErrorCode == PartnerAccessErrorCode.Conflict)
                {
                    return await AdoptAssignmentAsync(step, ex, writes, ct).ConfigureAwait(false);
                }
            }

            case PlanStepKind.UpdateAssignment:
                await Call(c => client.UpdateAccessAssignmentAsync(step.Assignment!, step.Roles!, c), ct).ConfigureAwait(false);
                writes.Add(true);
                return step;

            case PlanStepKind.DeleteAssignment:
                try
                {
                    await Call(c => client.DeleteAccessAssignmentAsync(step.Assignment!, c), ct).ConfigureAwait(false);
                    writes.Add(true);
                }
                catch (PartnerAccessException ex) when (ex.ErrorCode == PartnerAccessErrorCode.NotFound)
                {
                }

                return step;

            case PlanStepKind.TerminateRelationship:
                try
                {
                    await Call(c => client.TerminateRelationshipAsync(step.Relationship!.Id, c), ct).ConfigureAwait(false);
                    writes.Add(true);
                }
                catch (PartnerAccessException ex) when (ex.ErrorCode == PartnerAccessErrorCode.InvalidState)
                {
                    var current = await Call(c => client.GetRelationshipAsync(step.Relationship!.Id, c), ct).ConfigureAwait(false);
                    if (!current.Status.IsEnded())
                    {
                        throw;
                    }
                }

                return step;

            case PlanStepKind.TerminateReplacedRelationship:
                await EnsureReplacementServesAsync(step, ct).ConfigureAwait(false);
                goto case PlanStepKind.TerminateRelationship;

            case PlanStepKind.DeleteRelationship:
                try
                {
                    await Call(c => client.DeleteRelationshipAsync(step.Relationship!, c), ct).ConfigureAwait(false);
                    writes.Add(true);
                }
                catch (PartnerAccessException ex) when (ex.ErrorCode == PartnerAccessErrorCode.NotFound)
                {
                }

                return step;

            default:
                return step;
        }
    }

    /// <returns>The relationship, and whether this call created it (false when an existing one was adopted).</returns>
    private async Task<(Relationship Relationship, bool Created)> CreateOrAdoptAsync(CreateRelationshipRequest request, CancellationToken ct)
    {
        try
        {
            return (await Call(c => client.CreateRelationshipAsync(request, c), ct).ConfigureAwait(false), true);
        }
        catch (PartnerAccessException ex) when (ex.ErrorCode == PartnerAccessErrorCode.Conflict)
        {
            // The derived name is taken. Usually by this very relationship, created by a run that was cut short or whose
            // answer was lost: read it back and carry on with it. A new object may not be listed at once, so look again.
            foreach (var delay in FindDelays.Prepend(TimeSpan.Zero))
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, client.TimeProvider, ct).ConfigureAwait(false);
                }

                var query = new RelationshipQuery { DisplayName = request.DisplayName };
                var found = await planner.ListAsync(c => client.ListRelationshipsAsync(query, c), ct).ConfigureAwait(false);
                var same = found.FirstOrDefault(r => string.Equals(r.DisplayName, request.DisplayName, StringComparison.OrdinalIgnoreCase));
                if (same is null)
                {
                    continue;
                }

                if (same.Customer is { } customer && !RelationshipMatcher.SameTenant(customer.TenantId, request.Customer?.TenantId))
                {
                    throw new PartnerAccessException(PartnerAccessErrorCode.Conflict,
                        $"The relationship name \"{request.DisplayName}\" is already used by relationship {same.Id} {NameOfAnotherCustomer} ({customer.TenantId}).", ex);
                }

                if (same.Status.IsEnded())
                {
                    throw new PartnerAccessException(PartnerAccessErrorCode.Conflict,
                        $"The relationship name \"{request.DisplayName}\" is held by relationship {same.Id}, which has ended; the next plan picks the next name.", ex);
                }

                return (same, false);
            }

            throw;
        }
    }

    /// <summary>
    /// The group has a live assignment already: made by an earlier run whose answer was lost, or by someone else since the
    /// plan. One read of that group's assignment settles it; an active one with other roles gets the template's roles.
    /// </summary>
    private async Task<PlanStep> AdoptAssignmentAsync(PlanStep step, PartnerAccessException conflict, WriteCount writes, CancellationToken ct)
    {
        var relationshipId = step.Relationship!.Id;
        var query = new AccessAssignmentQuery { SecurityGroupId = step.SecurityGroupId };
        var existing = await planner.ListAsync(c => client.ListAccessAssignmentsAsync(relationshipId, query, c), ct).ConfigureAwait(false);
        var live = existing
            .Where(a => a.IsLive && string.Equals(PlanCalculator.NormaliseGroup(a.SecurityGroupId), PlanCalculator.NormaliseGroup(step.SecurityGroupId!), StringComparison.OrdinalIgnoreCase))
            .OrderBy(a => a.Status == AccessAssignmentStatus.Active ? 0 : 1)
            .FirstOrDefault();
        if (live is null)
        {
            // Not listed yet, or gone again: the next round reads the customer and plans from what is there.
            throw conflict;
        }

        if (live.Status == AccessAssignmentStatus.Active && !GdapRules.SameRoles(live.Roles, step.Roles!))
        {
            await Call(c => client.UpdateAccessAssignmentAsync(live, step.Roles!, c), ct).ConfigureAwait(false);
            writes.Add(true);
        }

        return step with { Assignment = live };
    }

    /// <returns>Whether this call locked it.</returns>
    private async Task<bool> LockIfCreatedAsync(Relationship relationship, CancellationToken ct)
    {
        if (relationship.Status != RelationshipStatus.Created)
        {
            return false;
        }

        try
        {
            await Call(c => writer is null ? client.LockForApprovalAsync(relationship.Id, c) : writer.LockForApprovalAsync(relationship, c), ct).ConfigureAwait(false);
            return true;
        }
        catch (PartnerAccessException ex) when (ex.ErrorCode == PartnerAccessErrorCode.InvalidState)
        {
            // Locked already, by a run whose answer was lost.
            var current = await Call(c => client.GetRelationshipAsync(relationship.Id, c), ct).ConfigureAwait(false);
            if (current.Status == RelationshipStatus.Created)
            {
                throw;
            }

            return false;
        }
    }

    private Task<T> Call<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct) => planner.CallAsync(call, ct);

    private Task<bool> Call(Func<CancellationToken, Task> call, CancellationToken ct) => planner.CallAsync(async c =>
    {
        await call(c).ConfigureAwait(false);
        return true;
    }, ct);

    private static PartnerAccessException AsPartnerAccessException(Exception ex) => ex switch
    {
        PartnerAccessException pae => pae,
        HttpRequestException or IOException or TimeoutException or OperationCanceledException =>
            new PartnerAccessException(PartnerAccessErrorCode.ServiceError, $"The service could not be reached: {ex.Message}", ex),
        _ => new PartnerAccessException(PartnerAccessErrorCode.Unknown, $"Unexpected failure: {ex.Message}", ex),
    };

    // A fresh read and plan can get past anything but a request that is wrong in itself or a missing permission. A
    // refusal the rules could not explain (Graph's bare 400, no rule of ours) may come from state the read did not
    // show yet, so it gets another round too; the rounds are bounded.
    private static bool IsWorthAnotherRound(PartnerAccessException error) =>
        error.ErrorCode is not PartnerAccessErrorCode.Unauthorized &&
        (error.ErrorCode is not PartnerAccessErrorCode.Validation || IsUnexplainedRefusal(error)) &&
        !error.Message.Contains(NameOfAnotherCustomer, StringComparison.Ordinal);

    private static bool IsUnexplainedRefusal(PartnerAccessException error) =>
        error.Status is not null && error.Violations.Count > 0 && error.Violations.All(v => v.Code.StartsWith("service.", StringComparison.Ordinal));

    private sealed class WriteCount
    {
        public int Value { get; private set; }

        public void Add(bool wrote) => Value += wrote ? 1 : 0;
    }
}
