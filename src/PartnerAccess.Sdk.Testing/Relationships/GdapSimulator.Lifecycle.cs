using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Testing;

// The steps the service takes on its own. Each entry has at most one pending transition, derived from its current
// state, so a change (auto-extend switched off, relationship terminated early) simply reschedules it.
public sealed partial class GdapSimulator
{
    private void CatchUp(Instant now)
    {
        while (_timeline.Count > 0)
        {
            var next = _timeline.Min!;
            if (next.DueAt > now)
            {
                return;
            }

            _timeline.Remove(next);
            next.Owner.Scheduled = null;
            Fire(next.Owner, next.DueAt);
        }
    }

    private void Reschedule(TimedEntry entry)
    {
        Unschedule(entry);
        if (NextDue(entry) is { } due)
        {
            var scheduled = new ScheduledTransition(due, ++_sequence, entry);
            _timeline.Add(scheduled);
            entry.Scheduled = scheduled;
        }
    }

    private void Unschedule(TimedEntry entry)
    {
        if (entry.Scheduled is { } scheduled)
        {
            _timeline.Remove(scheduled);
            entry.Scheduled = null;
        }
    }

    private Instant? NextDue(TimedEntry entry) => entry switch
    {
        RelationshipEntry relationship => NextDue(relationship),
        AssignmentEntry assignment => assignment.Value.Status switch
        {
            AccessAssignmentStatus.Pending => assignment.StatusSince + (_assignmentActivationDelay ?? Options.AssignmentActivationDelay),
            AccessAssignmentStatus.Deleting => assignment.StatusSince + Options.AssignmentDeletionDelay,
            _ => null,
        },
        OperationEntry operation => operation.Value.IsCompleted ? null : operation.Value.LastModifiedAt + (_operationDelay ?? Options.OperationDelay),
        RequestEntry request => request.Value.Status is RelationshipRequestStatus.Created or RelationshipRequestStatus.Pending
            ? request.CompletesAt
            : null,
        _ => null,
    };

    private Instant? NextDue(RelationshipEntry entry)
    {
        var since = entry.StatusSince;
        return entry.Value.Status switch
        {
            RelationshipStatus.ApprovalPending => since + Options.ApprovalPendingCleanup,
            RelationshipStatus.Approved => since + Options.ApprovalToActivatingDelay,
            RelationshipStatus.Activating => since + Options.ActivationDelay,
            RelationshipStatus.Active => entry.Value.EndsAt,
            RelationshipStatus.Expiring => since + Options.ExpiryDelay,
            RelationshipStatus.TerminationRequested or RelationshipStatus.Terminating => since + Options.TerminationDelay,
            RelationshipStatus.Expired or RelationshipStatus.Terminated => since + Options.EndedCleanup,
            _ => null,
        };
    }

    private void Fire(TimedEntry entry, Instant at)
    {
        switch (entry)
        {
            case RelationshipEntry relationship:
                AdvanceRelationship(relationship, at);
                break;
            case AssignmentEntry assignment:
                AdvanceAssignment(assignment, at);
                break;
            case OperationEntry operation:
                AdvanceOperation(operation, at);
                break;
            case RequestEntry request:
                CompleteRequest(request, at);
                break;
        }
    }

    private void AdvanceRelationship(RelationshipEntry entry, Instant at)
    {
        var current = entry.Value;
        switch (current.Status)
        {
            case RelationshipStatus.ApprovalPending:
                CleanUp(entry, at, $"not approved within {Options.ApprovalPendingCleanup.Days} days");
                break;

            case RelationshipStatus.Approved:
                MoveTo(entry, at, RelationshipStatus.Activating, AuditRecordKind.StatusChanged, "Activating: the service is provisioning access.");
                break;

            case RelationshipStatus.Activating:
                var activated = ChangeRelationship(entry, at, r => r with
                {
                    Status = RelationshipStatus.Active,
                    Window = r.Window with { ActivatedAt = at, EndsAt = at + r.Window.Length },
                });
                Record(AuditRecordKind.Activated, at, AuditActor.System, entry,
                    $"Active until {Human(activated.EndsAt)}.",
                    Details(("statusBefore", "activating"), ("statusAfter", "active"), ("activatedAt", Detail(activated.ActivatedAt)), ("endsAt", Detail(activated.EndsAt))));
                break;

            case RelationshipStatus.Active when current.Window.AutoExtends:
                var extended = ChangeRelationship(entry, at, r => r with { Window = r.Window with { EndsAt = r.EndsAt + r.Window.AutoExtendDuration } });
                Record(AuditRecordKind.AutoExtended, at, AuditActor.System, entry,
                    $"Extended itself by {current.Window.AutoExtendDuration.Days} days, to {Human(extended.EndsAt)}.",
                    Details(("endsAtBefore", Detail(current.EndsAt)), ("endsAtAfter", Detail(extended.EndsAt)), ("autoExtendDuration", FormatDays(current.Window.AutoExtendDuration))));
                break;

            case RelationshipStatus.Active:
                MoveTo(entry, at, RelationshipStatus.Expiring, AuditRecordKind.StatusChanged, "Reached its end date; the service is removing access.");
                Deprovision(entry, at, "expired");
                break;

            case RelationshipStatus.Expiring:
                MoveTo(entry, at, RelationshipStatus.Expired, AuditRecordKind.Expired, "Expired.");
                break;

            case RelationshipStatus.TerminationRequested:
                MoveTo(entry, at, RelationshipStatus.Terminating, AuditRecordKind.StatusChanged, "Terminating: the service is removing access.");
                Deprovision(entry, at, "was terminated");
                break;

            case RelationshipStatus.Terminating:
                MoveTo(entry, at, RelationshipStatus.Terminated, AuditRecordKind.Terminated, "Terminated.");
                foreach (var request in entry.Requests.Where(r => r.Value.Action == RelationshipRequestAction.Terminate && !IsFinished(r.Value)))
                {
                    FinishRequest(request, at, RelationshipRequestStatus.Succeeded);
                }

                break;

            case RelationshipStatus.Expired or RelationshipStatus.Terminated:
                CleanUp(entry, at, $"ended {Options.EndedCleanup.Days} days ago");
                break;
        }
    }

    private void MoveTo(RelationshipEntry entry, Instant at, RelationshipStatus status, AuditRecordKind kind, string summary)
    {
        var before = entry.Value.Status;
        var after = ChangeRelationship(entry, at, r => r with { Status = status });
        Record(kind, at, AuditActor.System, entry, summary,
            Details(("statusBefore", GraphNames.ToGraphName(before)), ("statusAfter", GraphNames.ToGraphName(status))));
    }

    /// <summary>Access ends with the relationship: every assignment not yet deleted goes deleting, then deleted.</summary>
    private void Deprovision(RelationshipEntry entry, Instant at, string reason)
    {
        foreach (var assignment in entry.Assignments.Where(a => a.Value.Status is not (AccessAssignmentStatus.Deleting or AccessAssignmentStatus.Deleted)))
        {
            StartDeleting(assignment, at, AuditActor.System, $"because the relationship {reason}");
        }
    }

    private void StartDeleting(AssignmentEntry assignment, Instant at, AuditActor actor, string why)
    {
        var before = assignment.Value.Status;
        var after = ChangeAssignment(assignment, at, a => a with { Status = AccessAssignmentStatus.Deleting });
        Record(AuditRecordKind.AssignmentDeleted, at, actor, assignment.Relationship,
            $"Taking the roles away from group {after.SecurityGroupId} {why}.",
            Details(("statusBefore", GraphNames.ToGraphName(before)), ("statusAfter", "deleting"), ("securityGroupId", after.SecurityGroupId)),
            after);
    }

    private void CleanUp(RelationshipEntry entry, Instant at, string reason)
    {
        Record(AuditRecordKind.CleanedUp, at, AuditActor.System, entry,
            $"Removed by the service: {reason}.",
            Details(("statusBefore", GraphNames.ToGraphName(entry.Value.Status)), ("displayName", entry.Value.DisplayName)));
        RemoveRelationship(entry);
    }

    private void AdvanceAssignment(AssignmentEntry entry, Instant at)
    {
        var before = entry.Value.Status;
        var next = before switch
        {
            AccessAssignmentStatus.Pending => AccessAssignmentStatus.Active,
            AccessAssignmentStatus.Deleting => AccessAssignmentStatus.Deleted,
            _ => before,
        };
        if (next == before)
        {
            return;
        }

        var after = ChangeAssignment(entry, at, a => a with { Status = next });
        Record(AuditRecordKind.AssignmentUpdated, at, AuditActor.System, entry.Relationship,
            next == AccessAssignmentStatus.Active
                ? $"Group {after.SecurityGroupId} now holds {FormatRoleNames(after.Roles)}."
                : $"Group {after.SecurityGroupId} holds no roles any more.",
            Details(("statusBefore", GraphNames.ToGraphName(before)), ("statusAfter", GraphNames.ToGraphName(next)), ("securityGroupId", after.SecurityGroupId)),
            after);
    }

    private void AdvanceOperation(OperationEntry entry, Instant at)
    {
        if (entry.Value.Status == OperationStatus.NotStarted)
        {
            SetOperationStatus(entry, at, OperationStatus.Running);
            return;
        }

        var succeeded = entry.Assignment is not null ? ApplyAssignmentUpdate(entry, at) : ApplyRelationshipUpdate(entry, at);
        SetOperationStatus(entry, at, succeeded ? OperationStatus.Succeeded : OperationStatus.Failed);
    }

    private void SetOperationStatus(OperationEntry entry, Instant at, OperationStatus status)
    {
        entry.Value = entry.Value with { Status = status, LastModifiedAt = at, ETag = NewETag() };
        Reschedule(entry);
    }

    private bool ApplyAssignmentUpdate(OperationEntry operation, Instant at)
    {
        var assignment = operation.Assignment!;
        var roles = operation.AssignmentRoles!;
        if (Rules.ValidateUpdateAssignment(operation.Relationship.Value, assignment.Value, roles).Count > 0)
        {
            return false;
        }

        var before = assignment.Value.Roles;
        var after = ChangeAssignment(assignment, at, a => a with { Roles = roles });
        Record(AuditRecordKind.AssignmentUpdated, at, _partner, operation.Relationship,
            $"Group {after.SecurityGroupId} now holds {FormatRoleNames(roles)} (was {FormatRoleNames(before)}).",
            Details(("rolesBefore", FormatRoleIds(before)), ("rolesAfter", FormatRoleIds(roles)), ("operationId", operation.Value.Id), ("securityGroupId", after.SecurityGroupId)),
            after);
        return true;
    }

    private bool ApplyRelationshipUpdate(OperationEntry operation, Instant at)
    {
        var entry = operation.Relationship;
        var update = operation.RelationshipUpdate!;
        var current = entry.Value;
        if (Rules.ValidateUpdate(current, update).Count > 0 ||
            Rules.ClassifyUpdate(current, update) != RelationshipUpdateKind.RemoveGlobalAdministrator)
        {
            return false;
        }

        var roles = update.Roles!.ToList().AsReadOnly();
        var after = ChangeRelationship(entry, at, r => r with
        {
            Roles = roles,
            Window = r.Window with { AutoExtendDuration = update.AutoExtendDuration ?? r.Window.AutoExtendDuration },
        });
        Record(AuditRecordKind.RolesChanged, at, _partner, entry,
            $"Removed Global Administrator; the roles are now {FormatRoleNames(roles)}.",
            Details(("rolesBefore", FormatRoleIds(current.Roles)), ("rolesAfter", FormatRoleIds(roles)), ("operationId", operation.Value.Id)));
        RecordAutoExtendChange(entry, at, _partner, current, after);

        // An assignment may hold only the relationship's roles, so Global Administrator leaves the groups too.
        foreach (var assignment in entry.Assignments.Where(a => a.Value.IsLive && a.Value.Roles.Any(r => r.IsGlobalAdministrator)))
        {
            var kept = assignment.Value.Roles.Where(r => !r.IsGlobalAdministrator).ToList().AsReadOnly();
            if (kept.Count == 0)
            {
                StartDeleting(assignment, at, AuditActor.System, "because its only role, Global Administrator, left the relationship");
                continue;
            }

            var beforeRoles = assignment.Value.Roles;
            var changed = ChangeAssignment(assignment, at, a => a with { Roles = kept });
            Record(AuditRecordKind.AssignmentUpdated, at, AuditActor.System, entry,
                $"Group {changed.SecurityGroupId} lost Global Administrator with the relationship.",
                Details(("rolesBefore", FormatRoleIds(beforeRoles)), ("rolesAfter", FormatRoleIds(kept)), ("operationId", operation.Value.Id), ("securityGroupId", changed.SecurityGroupId)),
                changed);
        }

        return true;
    }

    private void CompleteRequest(RequestEntry request, Instant at)
    {
        if (request.Value.Action != RelationshipRequestAction.LockForApproval)
        {
            FinishRequest(request, at, RelationshipRequestStatus.Succeeded);
            return;
        }

        var entry = request.Relationship;
        if (Rules.ValidateLockForApproval(entry.Value).Count > 0)
        {
            // Another lock request got there first.
            FinishRequest(request, at, RelationshipRequestStatus.Failed);
            return;
        }

        var locked = ChangeRelationship(entry, at, r => r with { Status = RelationshipStatus.ApprovalPending });
        Record(AuditRecordKind.LockedForApproval, at, _partner, entry,
            "Locked for approval; waiting for the customer.",
            Details(("statusBefore", "created"), ("statusAfter", "approvalPending"), ("requestId", request.Value.Id), ("approvalLink", locked.ApprovalLink.ToString())));
        FinishRequest(request, at, RelationshipRequestStatus.Succeeded);
    }

    private void FinishRequest(RequestEntry request, Instant at, RelationshipRequestStatus status)
    {
        request.Value = request.Value with { Status = status, LastModifiedAt = at };
        request.CompletesAt = null;
        Reschedule(request);
    }

    private static bool IsFinished(RelationshipRequest request) =>
        request.Status is RelationshipRequestStatus.Succeeded or RelationshipRequestStatus.Failed;

    private void RecordAutoExtendChange(RelationshipEntry entry, Instant at, AuditActor actor, Relationship before, Relationship after)
    {
        if (before.Window.AutoExtendDuration == after.Window.AutoExtendDuration)
        {
            return;
        }

        Record(AuditRecordKind.AutoExtendChanged, at, actor, entry,
            after.Window.AutoExtends
                ? $"Switched auto-extend on: {after.Window.AutoExtendDuration.Days} more days at each end date."
                : "Switched auto-extend off.",
            Details(("autoExtendBefore", FormatDays(before.Window.AutoExtendDuration)), ("autoExtendAfter", FormatDays(after.Window.AutoExtendDuration))));
    }
}
