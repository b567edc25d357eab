using NodaTime;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Testing;

public sealed partial class GdapSimulator
{
    /// <summary>Creates a relationship in status created (<c>POST /delegatedAdminRelationships</c>).</summary>
    /// <param name="request">What to ask the customer for.</param>
    /// <returns>The new relationship; activation and end are unset until it becomes active.</returns>
    /// <exception cref="PartnerAccessException">Validation (every broken rule) or Conflict (display name in use, compared case-insensitively).</exception>
    public Relationship CreateRelationship(CreateRelationshipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run(now => AddNew(request, now, RelationshipStatus.Created, indirectProviderTenantId: null).Value);
    }

    /// <summary>
    /// Creates a reseller relationship as an indirect provider would: already waiting for approval, with the indirect
    /// reseller's consent pending until the reseller (this partner) sends <c>approve</c> or <c>reject</c> through
    /// <see cref="CreateRequest"/>. A test seam: Graph offers no such call to the reseller.
    /// </summary>
    /// <param name="request">What the indirect provider asks the customer for.</param>
    /// <param name="indirectProviderTenantId">The indirect provider's tenant id (a GUID).</param>
    /// <returns>The new relationship, in approvalPending.</returns>
    /// <exception cref="ArgumentException">The indirect provider tenant id is not a GUID.</exception>
    /// <exception cref="PartnerAccessException">Validation or Conflict, as for <see cref="CreateRelationship"/>.</exception>
    public Relationship CreateResellerRelationship(CreateRelationshipRequest request, string indirectProviderTenantId)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!GdapIds.IsGuid(indirectProviderTenantId))
        {
            throw new ArgumentException($"The indirect provider tenant id must be a GUID; '{indirectProviderTenantId}' is not.", nameof(indirectProviderTenantId));
        }

        return Run(now => AddNew(request, now, RelationshipStatus.ApprovalPending, indirectProviderTenantId).Value);
    }

    /// <summary>Reads one relationship.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <returns>The relationship as it is now.</returns>
    /// <exception cref="PartnerAccessException">NotFound (also once cleaned up or deleted), or Validation for a malformed id.</exception>
    public Relationship GetRelationship(string relationshipId) => Run(_ => FindRelationship(relationshipId).Value);

    /// <summary>Lists every relationship that has not been deleted or cleaned up, ordered by creation time, then id.</summary>
    /// <returns>The relationships.</returns>
    public IReadOnlyList<Relationship> ListRelationships() => Run(_ => _relationshipsInOrder.Select(e => e.Value).ToList());

    /// <summary>
    /// Runs <paramref name="read"/> over the relationships in <see cref="ListRelationships"/> order, lazily and under the
    /// lock, so a caller that needs one page walks only up to that page and copies nothing else. The sequence is valid only
    /// inside <paramref name="read"/>, which must not call back into the simulator.
    /// </summary>
    internal TResult ReadRelationships<TResult>(Func<IEnumerable<Relationship>, TResult> read) =>
        Run(_ => read(_relationshipsInOrder.Select(e => e.Value)));

    /// <summary>
    /// Changes a relationship (<c>PATCH</c>). While created, any property; while active, auto-extend (applied at once) or
    /// removing Global Administrator, which runs as a long-running operation of type
    /// <see cref="RelationshipOperationType.DelegatedAdminRelationshipUpdate"/>. An update that changes nothing
    /// returns the relationship unchanged.
    /// </summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="ifMatch">The ETag of the version the caller read.</param>
    /// <param name="update">The change.</param>
    /// <returns>The changed (or unchanged) relationship, or the operation that applies the change.</returns>
    /// <exception cref="PartnerAccessException">Concurrency (missing or stale ETag), InvalidState, Validation, Conflict or NotFound.</exception>
    public UpdateOutcome<Relationship> UpdateRelationship(string relationshipId, ETag ifMatch, RelationshipUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return Run(now =>
        {
            var entry = FindRelationship(relationshipId);
            var current = entry.Value;
            var violations = new List<RuleViolation>(Rules.ValidateETag(current.ETag, ifMatch));
            violations.AddRange(Rules.ValidateUpdate(current, update));
            // A name clash is a conflict with other relationships, judged only once the request itself is valid, as
            // a client that checks values before it sends would see it.
            if (violations.Count == 0 && current.Status == RelationshipStatus.Created && !string.IsNullOrWhiteSpace(update.DisplayName))
            {
                violations.AddRange(Rules.ValidateDisplayNameUnique(update.DisplayName, SameNameRelationships(update.DisplayName), current.Id));
            }

            GdapRules.ThrowIfAny(violations);
            switch (Rules.ClassifyUpdate(current, update))
            {
                case RelationshipUpdateKind.RemoveGlobalAdministrator:
                    var operation = StartOperation(entry, now, RelationshipOperationType.DelegatedAdminRelationshipUpdate,
                        RelationshipJson(current, update.Roles!), o => new OperationEntry(entry, o) { RelationshipUpdate = update });
                    return new UpdateOutcome<Relationship> { Operation = operation, RetryAfter = Options.OperationRetryAfter };

                case RelationshipUpdateKind.Immediate:
                    return new UpdateOutcome<Relationship> { Value = ApplyImmediateUpdate(entry, now, update) };

                default:
                    return new UpdateOutcome<Relationship> { Value = current };
            }
        });
    }

    /// <summary>Deletes a relationship that is still in status created; it is gone afterwards (404).</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="ifMatch">The ETag of the version the caller read.</param>
    /// <exception cref="PartnerAccessException">Concurrency, InvalidState or NotFound.</exception>
    public void DeleteRelationship(string relationshipId, ETag ifMatch) => Run(now =>
    {
        var entry = FindRelationship(relationshipId);
        var violations = new List<RuleViolation>(Rules.ValidateETag(entry.Value.ETag, ifMatch));
        violations.AddRange(Rules.ValidateDelete(entry.Value));
        GdapRules.ThrowIfAny(violations);
        Record(AuditRecordKind.RelationshipDeleted, now, _partner, entry, "Deleted the relationship before it was locked for approval.",
            Details(("displayName", entry.Value.DisplayName)));
        RemoveRelationship(entry);
    });

    /// <summary>
    /// Sends a request against a relationship (<c>POST .../requests</c>): <c>lockForApproval</c> or <c>terminate</c> from
    /// the partner, or <c>approve</c> or <c>reject</c> from the indirect reseller of a reseller relationship.
    /// </summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="action">What to ask for.</param>
    /// <returns>The request as accepted, in status created; it moves to succeeded once the service has processed it.</returns>
    /// <exception cref="PartnerAccessException">InvalidState (wrong status for the action), Validation (unknown action) or NotFound.</exception>
    public RelationshipRequest CreateRequest(string relationshipId, RelationshipRequestAction action) => Run(now =>
    {
        var entry = FindRelationship(relationshipId);
        var current = entry.Value;
        Instant? completesAt;
        switch (action)
        {
            case RelationshipRequestAction.LockForApproval:
                GdapRules.ThrowIfAny(Rules.ValidateLockForApproval(current));
                completesAt = now + Options.LockProcessingDelay;
                break;

            case RelationshipRequestAction.Terminate:
                GdapRules.ThrowIfAny(Rules.ValidateTerminate(current));
                RequestTermination(entry, now, _partner);
                completesAt = null;
                break;

            case RelationshipRequestAction.Approve:
                GdapRules.ThrowIfAny(Rules.ValidateResellerDecision(current, action));
                var approved = ChangeRelationship(entry, now, r => r with { IsPartnerConsentPending = false, Status = RelationshipStatus.Approved });
                RememberCustomer(approved.Customer);
                Record(AuditRecordKind.Approved, now, _reseller, entry, "Approved the relationship as the indirect reseller.",
                    Details(("statusBefore", "approvalPending"), ("statusAfter", "approved"), ("indirectProviderTenantId", approved.IndirectProviderTenantId)));
                completesAt = now;
                break;

            case RelationshipRequestAction.Reject:
                GdapRules.ThrowIfAny(Rules.ValidateResellerDecision(current, action));
                var rejected = ChangeRelationship(entry, now, r => r with { IsPartnerConsentPending = false, Status = RelationshipStatus.Terminated });
                Record(AuditRecordKind.Rejected, now, _reseller, entry, "Rejected the relationship as the indirect reseller; it is terminated.",
                    Details(("statusBefore", "approvalPending"), ("statusAfter", "terminated"), ("indirectProviderTenantId", rejected.IndirectProviderTenantId)));
                completesAt = now;
                break;

            default:
                throw new PartnerAccessException(PartnerAccessErrorCode.Validation,
                    $"action '{GraphNames.ToGraphName(action)}' is not supported; use lockForApproval, terminate, approve or reject.");
        }

        var request = new RelationshipRequest
        {
            Id = NewId(),
            RelationshipId = current.Id,
            Action = action,
            Status = RelationshipRequestStatus.Created,
            CreatedAt = now,
            LastModifiedAt = now,
        };
        var requestEntry = new RequestEntry(entry, request) { CompletesAt = completesAt };
        entry.Requests.Add(requestEntry);
        Reschedule(requestEntry);
        return request;
    });

    /// <summary>Reads one request.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="requestId">The request id.</param>
    /// <returns>The request as it is now.</returns>
    /// <exception cref="PartnerAccessException">NotFound, or Validation for a malformed relationship id.</exception>
    public RelationshipRequest GetRequest(string relationshipId, string requestId) => Run(_ =>
        FindRelationship(relationshipId).Requests.Find(r => string.Equals(r.Value.Id, requestId, StringComparison.OrdinalIgnoreCase))?.Value
        ?? throw NotFound("Request", requestId));

    /// <summary>Lists a relationship's requests, oldest first.</summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <returns>The requests.</returns>
    /// <exception cref="PartnerAccessException">NotFound, or Validation for a malformed id.</exception>
    public IReadOnlyList<RelationshipRequest> ListRequests(string relationshipId) => Run(_ =>
        FindRelationship(relationshipId).Requests.Select(r => r.Value)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList());

    /// <summary>
    /// The customer approves in the Microsoft 365 admin center (not a Graph call; the emulator exposes it under
    /// <c>/_emulator/</c>). The relationship goes approved, activating, then active, one configured delay per step.
    /// </summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="customer">The approving customer. Required when the relationship names none; otherwise it must be that customer.</param>
    /// <returns>The relationship after the steps that are already due (active when the delays are zero).</returns>
    /// <exception cref="PartnerAccessException">InvalidState (not pending approval, or the reseller's consent is pending), Validation or NotFound.</exception>
    public Relationship Approve(string relationshipId, CustomerParticipant? customer = null) => Run(now =>
    {
        var entry = FindRelationship(relationshipId);
        var current = entry.Value;
        GdapRules.ThrowIfAny(Rules.ValidateCustomerApproval(current, customer));
        var approving = current.Customer is { } named
            ? named with { DisplayName = named.DisplayName ?? customer?.DisplayName }
            : customer!;
        ChangeRelationship(entry, now, r => r with { Customer = approving, Status = RelationshipStatus.Approved });
        RememberCustomer(approving);
        Record(AuditRecordKind.Approved, now, CustomerActor(approving), entry, "Approved the relationship.",
            Details(("statusBefore", "approvalPending"), ("statusAfter", "approved"), ("customerTenantId", approving.TenantId)));
        CatchUp(now);
        return entry.Value;
    });

    /// <summary>
    /// The customer removes the partner's roles in the Microsoft 365 admin center (not a Graph call). The relationship
    /// goes terminationRequested, terminating, then terminated, and its access assignments are removed.
    /// </summary>
    /// <param name="relationshipId">The relationship id.</param>
    /// <returns>The relationship after the steps that are already due (terminated when the delays are zero).</returns>
    /// <exception cref="PartnerAccessException">InvalidState (not active) or NotFound.</exception>
    public Relationship TerminateByCustomer(string relationshipId) => Run(now =>
    {
        var entry = FindRelationship(relationshipId);
        GdapRules.ThrowIfAny(Rules.ValidateTerminate(entry.Value));
        var customer = entry.Value.Customer;
        RequestTermination(entry, now, customer is null ? new AuditActor(AuditActorKind.Customer) : CustomerActor(customer));
        CatchUp(now);
        return entry.Value;
    });

    private RelationshipEntry AddNew(CreateRelationshipRequest request, Instant now, RelationshipStatus status, string? indirectProviderTenantId)
    {
        var violations = new List<RuleViolation>(Rules.ValidateCreate(request));
        if (violations.Count == 0 && !string.IsNullOrWhiteSpace(request.DisplayName))
        {
            violations.AddRange(Rules.ValidateDisplayNameUnique(request.DisplayName, SameNameRelationships(request.DisplayName)));
        }

        GdapRules.ThrowIfAny(violations);
        var relationship = new Relationship
        {
            Id = $"{NextGuid():D}-{Options.PartnerTenantId.ToLowerInvariant()}",
            DisplayName = request.DisplayName,
            Customer = request.Customer,
            Roles = request.Roles.ToList().AsReadOnly(),
            Window = new AccessWindow(request.Duration, request.AutoExtendDuration),
            Status = status,
            CreatedAt = now,
            LastModifiedAt = now,
            ETag = NewETag(),
            IndirectProviderTenantId = indirectProviderTenantId,
            IsPartnerConsentPending = indirectProviderTenantId is null ? null : true,
        };
        var entry = new RelationshipEntry(relationship, now);
        AddRelationship(entry);
        var actor = indirectProviderTenantId is null ? _partner : new AuditActor(AuditActorKind.Partner, indirectProviderTenantId, "Indirect provider");
        Record(AuditRecordKind.RelationshipCreated, now, actor, entry,
            $"Requested {FormatRoleNames(relationship.Roles)} for {relationship.Window.Length.Days} days.",
            Details(
                ("statusAfter", GraphNames.ToGraphName(status)),
                ("displayName", relationship.DisplayName),
                ("duration", FormatDays(relationship.Window.Length)),
                ("autoExtendDuration", FormatDays(relationship.Window.AutoExtendDuration)),
                ("rolesAfter", FormatRoleIds(relationship.Roles)),
                ("indirectProviderTenantId", indirectProviderTenantId)));
        return entry;
    }

    private Relationship ApplyImmediateUpdate(RelationshipEntry entry, Instant now, RelationshipUpdate update)
    {
        var before = entry.Value;
        var after = ChangeRelationship(entry, now, r => r.Status != RelationshipStatus.Created
            ? r with { Window = r.Window with { AutoExtendDuration = update.AutoExtendDuration ?? r.Window.AutoExtendDuration } }
            : r with
            {
                DisplayName = update.DisplayName ?? r.DisplayName,
                Customer = update.Customer ?? r.Customer,
                Roles = update.Roles is { } roles ? roles.ToList().AsReadOnly() : r.Roles,
                Window = r.Window with
                {
                    Length = update.Duration ?? r.Window.Length,
                    AutoExtendDuration = update.AutoExtendDuration ?? r.Window.AutoExtendDuration,
                },
            });

        var nameChanged = !string.Equals(before.DisplayName, after.DisplayName, StringComparison.Ordinal);
        var lengthChanged = before.Window.Length != after.Window.Length;
        var customerChanged = before.Customer != after.Customer;
        if (nameChanged || lengthChanged || customerChanged)
        {
            var changes = new[]
            {
                nameChanged ? $"the display name to {Quote(after)}" : null,
                lengthChanged ? $"the duration to {after.Window.Length.Days} days" : null,
                customerChanged ? $"the customer to {after.Customer?.DisplayName ?? after.Customer?.TenantId}" : null,
            };
            Record(AuditRecordKind.RelationshipUpdated, now, _partner, entry, $"Changed {string.Join(", ", changes.OfType<string>())}.",
                Details(
                    ("displayNameBefore", nameChanged ? before.DisplayName : null),
                    ("displayNameAfter", nameChanged ? after.DisplayName : null),
                    ("durationBefore", lengthChanged ? FormatDays(before.Window.Length) : null),
                    ("durationAfter", lengthChanged ? FormatDays(after.Window.Length) : null),
                    ("customerBefore", customerChanged ? before.Customer?.TenantId ?? string.Empty : null),
                    ("customerAfter", customerChanged ? after.Customer?.TenantId ?? string.Empty : null)));
        }

        if (!GdapRules.SameRoles(before.Roles, after.Roles))
        {
            Record(AuditRecordKind.RolesChanged, now, _partner, entry,
                $"Changed the roles to {FormatRoleNames(after.Roles)}.",
                Details(("rolesBefore", FormatRoleIds(before.Roles)), ("rolesAfter", FormatRoleIds(after.Roles))));
        }

        RecordAutoExtendChange(entry, now, _partner, before, after);
        return after;
    }

    private void RequestTermination(RelationshipEntry entry, Instant now, AuditActor actor)
    {
        ChangeRelationship(entry, now, r => r with { Status = RelationshipStatus.TerminationRequested });
        Record(AuditRecordKind.TerminationRequested, now, actor, entry, "Asked to terminate the relationship.",
            Details(("statusBefore", "active"), ("statusAfter", "terminationRequested")));
    }

    private static AuditActor CustomerActor(CustomerParticipant customer) =>
        new(AuditActorKind.Customer, customer.TenantId, customer.DisplayName);
}
