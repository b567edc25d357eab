using System.Globalization;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Rules;

/// <summary>How an accepted relationship update takes effect.</summary>
public enum RelationshipUpdateKind
{
    /// <summary>Nothing changes; the service answers 200 with the unchanged object.</summary>
    NoChange = 0,

    /// <summary>The change applies at once (HTTP 200).</summary>
    Immediate,

    /// <summary>Global Administrator is removed from an active relationship in the background (HTTP 202).</summary>
    RemoveGlobalAdministrator,
}

/// <summary>
/// The one GDAP rule engine. Every rule in docs/rules.md lives here once; the in-memory client, the emulator
/// and the Graph client all call it. Each method returns every violation it finds, never just the first.
/// </summary>
public sealed partial class GdapRules
{
    /// <summary>The longest display name Graph accepts.</summary>
    public const int MaxDisplayNameLength = 50;

    /// <summary>The shortest relationship, in days.</summary>
    public const int MinDurationDays = 1;

    /// <summary>The longest relationship, in days (P2Y).</summary>
    public const int MaxDurationDays = 730;

    /// <summary>How display names are compared for uniqueness: case-insensitively (docs/adr/0003-display-name-uniqueness.md).</summary>
    public static readonly StringComparer DisplayNameComparer = StringComparer.OrdinalIgnoreCase;

    private readonly RoleCatalog _catalog;

    /// <summary>Creates an engine.</summary>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    /// <param name="catalog">The role catalog; the shipped one when <see langword="null"/>.</param>
    public GdapRules(GdapRuleOptions? options = null, RoleCatalog? catalog = null)
    {
        Options = options ?? new GdapRuleOptions();
        _catalog = catalog ?? RoleCatalog.Default;
    }

    /// <summary>An engine with default settings and the shipped catalog.</summary>
    public static GdapRules Default { get; } = new();

    /// <summary>The settings in force.</summary>
    public GdapRuleOptions Options { get; }

    /// <summary>Throws one <see cref="PartnerAccessException"/> listing every violation, if there are any.</summary>
    /// <param name="violations">The violations found.</param>
    /// <exception cref="PartnerAccessException">At least one violation was found.</exception>
    public static void ThrowIfAny(IReadOnlyList<RuleViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        if (violations.Count > 0)
        {
            throw PartnerAccessException.FromViolations(violations);
        }
    }

    /// <summary>Whether an id has Graph's relationship id shape, <c>&lt;guid&gt;-&lt;guid&gt;</c>.</summary>
    /// <param name="relationshipId">The id.</param>
    /// <returns><see langword="true"/> for 73 characters made of two GUIDs joined by a hyphen.</returns>
    public static bool IsRelationshipId(string? relationshipId) =>
        relationshipId is { Length: 73 } && relationshipId[36] == '-' &&
        GdapIds.TryParseGuid(relationshipId[..36], out _) && GdapIds.TryParseGuid(relationshipId[37..], out _);

    /// <summary>Checks a relationship id's shape.</summary>
    /// <param name="relationshipId">The id.</param>
    /// <returns>The violations.</returns>
    public IReadOnlyList<RuleViolation> ValidateRelationshipId(string? relationshipId) =>
        IsRelationshipId(relationshipId)
            ? []
            : [new RuleViolation(RuleCodes.RelationshipIdInvalid, "id", $"The relationship id '{relationshipId}' is invalid: expected '<guid>-<guid>'.", relationshipId)];

    /// <summary>Checks a new relationship request against every value rule.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The violations; empty when the request is valid. Uniqueness is checked by <see cref="ValidateDisplayNameUnique"/>.</returns>
    public IReadOnlyList<RuleViolation> ValidateCreate(CreateRelationshipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<RuleViolation>();
        CheckDisplayName(request.DisplayName, violations);
        CheckDuration(request.Duration, violations);
        CheckCustomer(request.Customer, violations);
        CheckRoles(request.Roles, violations);
        CheckAutoExtend(request.AutoExtendDuration, request.Roles, violations);
        return violations;
    }

    /// <summary>Checks that no other live relationship uses the name (case-insensitively).</summary>
    /// <param name="displayName">The name to use.</param>
    /// <param name="existing">The partner's relationships that have not been cleaned up.</param>
    /// <param name="exceptRelationshipId">The relationship being renamed, which may keep its own name.</param>
    /// <returns>The violations.</returns>
    public IReadOnlyList<RuleViolation> ValidateDisplayNameUnique(string displayName, IEnumerable<Relationship> existing, string? exceptRelationshipId = null)
    {
        ArgumentNullException.ThrowIfNull(existing);
        var clash = existing.FirstOrDefault(r => DisplayNameComparer.Equals(r.DisplayName, displayName) &&
                                                 !string.Equals(r.Id, exceptRelationshipId, StringComparison.OrdinalIgnoreCase));
        return clash is null
            ? []
            : [new RuleViolation(RuleCodes.DisplayNameNotUnique, "displayName", $"displayName '{displayName}' is already used by another relationship ({clash.Id}).", displayName)];
    }

    /// <summary>Checks a relationship change against the status rules and the value rules of the result.</summary>
    /// <param name="current">The relationship as last read.</param>
    /// <param name="update">The change.</param>
    /// <returns>The violations.</returns>
    public IReadOnlyList<RuleViolation> ValidateUpdate(Relationship current, RelationshipUpdate update)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(update);
        var violations = new List<RuleViolation>();
        var status = current.Status;
        if (status == RelationshipStatus.Created)
        {
            if (update.DisplayName is not null)
            {
                CheckDisplayName(update.DisplayName, violations);
            }

            if (update.Duration is { } duration)
            {
                CheckDuration(duration, violations);
            }

            CheckCustomer(update.Customer, violations);
            if (update.Roles is not null)
            {
                CheckRoles(update.Roles, violations);
            }

            CheckAutoExtend(update.AutoExtendDuration ?? current.Window.AutoExtendDuration, update.Roles ?? current.Roles, violations);
            return violations;
        }

        if (status == RelationshipStatus.Active)
        {
            if (update.DisplayName is not null && update.DisplayName != current.DisplayName)
            {
                violations.Add(StateViolation("displayName", current, "created"));
            }

            if (update.Duration is { } duration && duration != current.Window.Length)
            {
                violations.Add(StateViolation("duration", current, "created"));
            }

            if (update.Customer is not null && !SameTenant(update.Customer, current.Customer))
            {
                violations.Add(StateViolation("customer", current, "created"));
            }

            if (update.Roles is not null && ClassifyRoleChange(current, update.Roles) is null)
            {
                violations.Add(new RuleViolation(RuleCodes.RelationshipState, "accessDetails",
                    $"accessDetails can change only while the relationship is 'created'; while it is 'active' the only allowed change removes Global Administrator. Requested roles: {FormatRoles(update.Roles)}.",
                    FormatRoles(update.Roles)));
            }

            if (update.AutoExtendDuration is { } autoExtend)
            {
                // Removing Global Administrator from an active relationship runs in the background, so auto-extend
                // is checked against the roles in force now, not the ones the operation will leave.
                CheckAutoExtend(autoExtend, current.Roles, violations);
            }

            return violations;
        }

        foreach (var (name, changed) in ChangedProperties(update))
        {
            if (changed)
            {
                violations.Add(StateViolation(name, current, name == "autoExtendDuration" ? "created' or 'active" : "created"));
            }
        }

        return violations;
    }

    /// <summary>How an update that passed <see cref="ValidateUpdate"/> takes effect.</summary>
    /// <param name="current">The relationship as last read.</param>
    /// <param name="update">The change.</param>
    /// <returns>No change, immediate, or Global Administrator removal in the background.</returns>
    public RelationshipUpdateKind ClassifyUpdate(Relationship current, RelationshipUpdate update)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(update);
        if (current.Status == RelationshipStatus.Active && update.Roles is not null &&
            ClassifyRoleChange(current, update.Roles) == RelationshipUpdateKind.RemoveGlobalAdministrator)
        {
            return RelationshipUpdateKind.RemoveGlobalAdministrator;
        }

        var changes = (update.DisplayName is not null && update.DisplayName != current.DisplayName) ||
                      (update.Duration is { } d && d != current.Window.Length) ||
                      (update.Customer is not null && CustomerChanges(current, update.Customer)) ||
                      (update.Roles is not null && !SameRoles(update.Roles, current.Roles)) ||
                      (update.AutoExtendDuration is { } a && a != current.Window.AutoExtendDuration);
        return changes ? RelationshipUpdateKind.Immediate : RelationshipUpdateKind.NoChange;
    }

    /// <summary>Checks that a relationship may be deleted: only while created.</summary>
    /// <param name="current">The relationship.</param>
    /// <returns>The violations.</returns>
    public IReadOnlyList<RuleViolation> ValidateDelete(Relationship current) => RequireStatus(current, "delete", RelationshipStatus.Created);

    /// <summary>Checks that a relationship may be locked for approval: only while created.</summary>
    /// <param name="current">The relationship.</param>
    /// <returns>The violations.</returns>
    public IReadOnlyList<RuleViolation> ValidateLockForApproval(Relationship current) => RequireStatus(current, "lockForApproval", RelationshipStatus.Created);

    /// <summary>Checks that a relationship may be terminated: only while active.</summary>
    /// <param name="current">The relationship.</param>
    /// <returns>The violations.</returns>
    public IReadOnlyList<RuleViolation> ValidateTerminate(Relationship current) => RequireStatus(current, "terminate", RelationshipStatus.Active);

    /// <summary>Checks that a customer may approve: only while approval is pending, and not while a reseller's consent is pending.</summary>
    /// <param name="current">The relationship.</param>
    /// <returns>The violations.</returns>
    public IReadOnlyList<RuleViolation> ValidateCustomerApproval(Relationship current)
    {
        var violations = RequireStatus(current, "approve", RelationshipStatus.ApprovalPending).ToList();
        if (violations.Count == 0 && current.IsPartnerConsentPending == true)
        {
            violations.Add(new RuleViolation(RuleCodes.RelationshipState, "isPartnerConsentPending",
                "approve is not allowed while the indirect reseller's consent is pending.", "true"));
        }

        return violations;
    }

    /// <summary>
    /// Checks that a customer may approve, and that the approving customer fits: a relationship that names no customer
    /// needs one (with a GUID tenant id); one that names a customer can be approved only by that customer.
    /// </summary>
    /// <param name="current">The relationship.</param>
    /// <param name="approvingCustomer">The customer that approves; may be left out when the relationship names one.</param>
    /// <returns>The violations.</returns>
    public IReadOnlyList<RuleViolation> ValidateCustomerApproval(Relationship current, CustomerParticipant? approvingCustomer)
    {
        var violations = ValidateCustomerApproval(current).ToList();
        if (approvingCustomer is null)
        {
            if (current.Customer is null)
            {
                violations.Add(new RuleViolation(RuleCodes.CustomerRequired, "customer",
                    "The relationship names no customer, so the approving customer's tenant id is required.", null));
            }

            return violations;
        }

        var before = violations.Count;
        CheckCustomer(approvingCustomer, violations);
        if (violations.Count == before && current.Customer is { } named &&
            !string.Equals(named.TenantId, approvingCustomer.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            violations.Add(new RuleViolation(RuleCodes.CustomerMismatch, "customer.tenantId",
                $"The relationship is for customer {named.TenantId}; customer {approvingCustomer.TenantId} cannot approve it.",
                approvingCustomer.TenantId));
        }

        return violations;
    }

    /// <summary>
    /// Checks that an indirect reseller may approve or reject: only a reseller relationship pending approval, and an
    /// approval only when the relationship names its customer.
    /// </summary>
    /// <param name="current">The relationship.</param>
    /// <param name="action">Approve or reject.</param>
    /// <returns>The violations.</returns>
    public IReadOnlyList<RuleViolation> ValidateResellerDecision(Relationship current, RelationshipRequestAction action)
    {
        ArgumentNullException.ThrowIfNull(current);
        var name = GraphNames.ToGraphName(action);
        var violations = RequireStatus(current, name, RelationshipStatus.ApprovalPending).ToList();
        if (!current.IsResellerRelationship || current.IsPartnerConsentPending != true)
        {
            violations.Add(new RuleViolation(RuleCodes.RelationshipState, "action",
                $"{name} is allowed only on a reseller relationship whose partner consent is pending.", name));
        }

        // The reseller cannot name the customer, and an approved relationship must have one (spec §9.3).
        if (action == RelationshipRequestAction.Approve && current.Customer is null)
        {
            violations.Add(new RuleViolation(RuleCodes.CustomerRequired, "customer",
                "approve needs a relationship that names its customer; the indirect reseller cannot supply one.", null));
        }

        return violations;
    }

    /// <summary>Checks that a concurrency token allows a change.</summary>
    /// <param name="current">The object's current token.</param>
    /// <param name="ifMatch">The token the caller sent.</param>
    /// <returns>The violations.</returns>
    public IReadOnlyList<RuleViolation> ValidateETag(ETag current, ETag ifMatch)
    {
        if (!ifMatch.HasValue)
        {
            return [new RuleViolation(RuleCodes.ETagRequired, "If-Match", "The If-Match header is required.", null)];
        }

        return current.IsMatchedBy(ifMatch)
            ? []
            : [new RuleViolation(RuleCodes.ETagMismatch, "If-Match", $"The If-Match ETag {ifMatch} does not match the current version.", ifMatch.Value)];
    }

    /// <summary>Checks a new access assignment against its relationship and the relationship's other assignments.</summary>
    /// <param name="relationship">The relationship.</param>
    /// <param name="request">The assignment to create.</param>
    /// <param name="existing">The relationship's assignments, to keep one live assignment per group.</param>
    /// <returns>The violations.</returns>
    public IReadOnlyList<RuleViolation> ValidateCreateAssignment(Relationship relationship, CreateAccessAssignmentRequest request, IEnumerable<AccessAssignment> existing)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(existing);
        var violations = new List<RuleViolation>();
        if (relationship.Status != RelationshipStatus.Active)
        {
            violations.Add(new RuleViolation(RuleCodes.AssignmentRelationshipNotActive, "status",
                $"An access assignment can be created only while the relationship is 'active'; it is '{GraphNames.ToGraphName(relationship.Status)}'.",
                GraphNames.ToGraphName(relationship.Status)));
        }

        var groupIdValid = IsGuid(request.SecurityGroupId);
        if (!groupIdValid)
        {
            violations.Add(new RuleViolation(RuleCodes.AssignmentGroupIdInvalid, "accessContainer.accessContainerId",
                $"accessContainerId '{request.SecurityGroupId}' is not a security group id (a GUID).", request.SecurityGroupId));
        }

        CheckAssignmentRoles(relationship, request.Roles, violations);
        if (groupIdValid && existing.Any(a => a.IsLive && string.Equals(a.SecurityGroupId, request.SecurityGroupId, StringComparison.OrdinalIgnoreCase)))
        {
            violations.Add(new RuleViolation(RuleCodes.AssignmentGroupNotUnique, "accessContainer.accessContainerId",
                $"The resource already exists: security group '{request.SecurityGroupId}' already has an access assignment in this relationship.",
                request.SecurityGroupId));
        }

        return violations;
    }

    /// <summary>Checks a role change of an access assignment.</summary>
    /// <param name="relationship">The relationship.</param>
    /// <param name="current">The assignment as last read.</param>
    /// <param name="roles">The new roles.</param>
    /// <returns>The violations.</returns>
    public IReadOnlyList<RuleViolation> ValidateUpdateAssignment(Relationship relationship, AccessAssignment current, IReadOnlyList<RoleGrant> roles)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(roles);
        var violations = new List<RuleViolation>();
        if (relationship.Status != RelationshipStatus.Active)
        {
            violations.Add(new RuleViolation(RuleCodes.AssignmentRelationshipNotActive, "status",
                $"An access assignment can change only while the relationship is 'active'; it is '{GraphNames.ToGraphName(relationship.Status)}'.",
                GraphNames.ToGraphName(relationship.Status)));
        }

        if (current.Status != AccessAssignmentStatus.Active)
        {
            violations.Add(new RuleViolation(RuleCodes.AssignmentState, "status",
                $"An access assignment can change only while it is 'active'; it is '{GraphNames.ToGraphName(current.Status)}'.",
                GraphNames.ToGraphName(current.Status)));
        }

        CheckAssignmentRoles(relationship, roles, violations);
        return violations;
    }

    /// <summary>Checks that an access assignment may be deleted: while pending, active or in error.</summary>
    /// <param name="current">The assignment.</param>
    /// <returns>The violations.</returns>
    public IReadOnlyList<RuleViolation> ValidateDeleteAssignment(AccessAssignment current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current.Status is AccessAssignmentStatus.Pending or AccessAssignmentStatus.Active or AccessAssignmentStatus.Error
            ? []
            : [new RuleViolation(RuleCodes.AssignmentState, "status",
                $"delete is not allowed while the access assignment is '{GraphNames.ToGraphName(current.Status)}'.", GraphNames.ToGraphName(current.Status))];
    }

    /// <summary>Whether two role lists hold the same roles, ignoring order.</summary>
    /// <param name="left">One list.</param>
    /// <param name="right">The other list.</param>
    /// <returns><see langword="true"/> when they hold the same set.</returns>
    public static bool SameRoles(IEnumerable<RoleGrant> left, IEnumerable<RoleGrant> right) =>
        left.Select(r => r.RoleDefinitionId).ToHashSet().SetEquals(right.Select(r => r.RoleDefinitionId));

    private static RelationshipUpdateKind? ClassifyRoleChange(Relationship current, IReadOnlyList<RoleGrant> roles)
    {
        if (SameRoles(roles, current.Roles))
        {
            return RelationshipUpdateKind.NoChange;
        }

        var withoutGa = current.Roles.Where(r => !r.IsGlobalAdministrator).ToList();
        return current.HasGlobalAdministrator && withoutGa.Count > 0 && SameRoles(roles, withoutGa)
            ? RelationshipUpdateKind.RemoveGlobalAdministrator
            : null;
    }

    // While created the partner may also rename the customer; afterwards Entra owns the name, so only the tenant counts.
    private static bool CustomerChanges(Relationship current, CustomerParticipant customer) =>
        current.Status == RelationshipStatus.Created ? customer != current.Customer : !SameTenant(customer, current.Customer);

    private static IEnumerable<(string Name, bool Changed)> ChangedProperties(RelationshipUpdate update)
    {
        yield return ("displayName", update.DisplayName is not null);
        yield return ("duration", update.Duration is not null);
        yield return ("customer", update.Customer is not null);
        yield return ("accessDetails", update.Roles is not null);
        yield return ("autoExtendDuration", update.AutoExtendDuration is not null);
    }

    private static RuleViolation StateViolation(string property, Relationship current, string allowed) =>
        new(RuleCodes.RelationshipState, property,
            $"{property} can change only while the relationship is '{allowed}'; it is '{GraphNames.ToGraphName(current.Status)}'.",
            GraphNames.ToGraphName(current.Status));

    private static IReadOnlyList<RuleViolation> RequireStatus(Relationship current, string action, RelationshipStatus required)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current.Status == required
            ? []
            : [new RuleViolation(RuleCodes.RelationshipState, "status",
                $"{action} is not allowed while the relationship is '{GraphNames.ToGraphName(current.Status)}'; it must be '{GraphNames.ToGraphName(required)}'.",
                GraphNames.ToGraphName(current.Status))];
    }

    private static void CheckDisplayName(string? displayName, List<RuleViolation> violations)
    {
        if (string.IsNullOrWhiteSpace(displayName))
        {
            violations.Add(new RuleViolation(RuleCodes.DisplayNameRequired, "displayName", "displayName is required.", displayName));
            return;
        }

        if (displayName.Length > MaxDisplayNameLength)
        {
            violations.Add(new RuleViolation(RuleCodes.DisplayNameTooLong, "displayName",
                $"displayName must be at most {MaxDisplayNameLength} characters; '{displayName}' has {displayName.Length}.", displayName));
        }

        var control = IndexOfControlCharacter(displayName);
        if (control >= 0)
        {
            // Named by code point: the character itself would be invisible or break the message.
            violations.Add(new RuleViolation(RuleCodes.DisplayNameInvalidCharacters, "displayName",
                $"displayName must not contain control characters; it has U+{(int)displayName[control]:X4} at position {control}.", displayName));
        }
    }

    private static int IndexOfControlCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static void CheckDuration(Duration duration, List<RuleViolation> violations)
    {
        var text = GdapDurations.Format(duration);
        if (!GdapDurations.IsWholeDays(duration))
        {
            violations.Add(new RuleViolation(RuleCodes.DurationNotWholeDays, "duration",
                $"duration must be a whole number of days; {text} is not.", text));
            return;
        }

        if (duration.Days < MinDurationDays || duration.Days > MaxDurationDays)
        {
            violations.Add(new RuleViolation(RuleCodes.DurationOutOfRange, "duration",
                $"duration must be between P1D and P2Y (1 to 730 days); {text} is {duration.Days} days.", text));
        }
    }

    private static void CheckCustomer(CustomerParticipant? customer, List<RuleViolation> violations)
    {
        if (customer is not null && !IsGuid(customer.TenantId))
        {
            violations.Add(new RuleViolation(RuleCodes.CustomerTenantIdInvalid, "customer.tenantId",
                $"customer.tenantId must be a GUID; '{customer.TenantId}' is not.", customer.TenantId));
        }
    }

    private void CheckRoles(IReadOnlyList<RoleGrant>? roles, List<RuleViolation> violations)
    {
        if (roles is null || roles.Count == 0)
        {
            violations.Add(new RuleViolation(RuleCodes.RolesRequired, "accessDetails.unifiedRoles", "At least one role is required.", null));
            return;
        }

        foreach (var duplicate in roles.GroupBy(r => r.RoleDefinitionId).Where(g => g.Count() > 1))
        {
            violations.Add(new RuleViolation(RuleCodes.RolesDuplicate, "accessDetails.unifiedRoles",
                $"Role {duplicate.Key} is listed {duplicate.Count()} times; each role may appear once.", duplicate.Key.ToString()));
        }

        foreach (var role in roles.DistinctBy(r => r.RoleDefinitionId))
        {
            var id = role.RoleDefinitionId;
            if (id == Guid.Empty)
            {
                violations.Add(new RuleViolation(RuleCodes.RoleInvalidId, "accessDetails.unifiedRoles",
                    "Role id 00000000-0000-0000-0000-000000000000 is not a role template id.", id.ToString()));
            }
            else if (_catalog.FindExcluded(id) is { } excluded)
            {
                violations.Add(new RuleViolation(RuleCodes.RoleExcluded, "accessDetails.unifiedRoles",
                    $"Role {excluded.Name} ({id}) cannot be delegated through GDAP: {excluded.Reason}", id.ToString()));
            }
            else if (_catalog.Find(id) is null && !Options.AllowRolesNotInCatalog)
            {
                violations.Add(new RuleViolation(RuleCodes.RoleNotInCatalog, "accessDetails.unifiedRoles",
                    $"Role {id} is not a GDAP-eligible built-in role in the catalog (custom roles are not supported).", id.ToString()));
            }
        }
    }

    private static void CheckAutoExtend(Duration autoExtend, IReadOnlyList<RoleGrant>? roles, List<RuleViolation> violations)
    {
        if (autoExtend != Duration.Zero && autoExtend != GdapDurations.AutoExtendPeriod)
        {
            var text = GdapDurations.Format(autoExtend);
            violations.Add(new RuleViolation(RuleCodes.AutoExtendInvalid, "autoExtendDuration",
                $"autoExtendDuration must be PT0S, P0D or P180D; {text} is not.", text));
            return;
        }

        if (autoExtend != Duration.Zero && roles is not null && roles.Any(r => r.IsGlobalAdministrator))
        {
            violations.Add(new RuleViolation(RuleCodes.AutoExtendWithGlobalAdministrator, "autoExtendDuration",
                "A relationship that includes Global Administrator (62e90394-69f5-4237-9190-012177145e10) cannot auto-extend; autoExtendDuration must be PT0S.",
                GdapDurations.Format(autoExtend)));
        }
    }

    private static void CheckAssignmentRoles(Relationship relationship, IReadOnlyList<RoleGrant>? roles, List<RuleViolation> violations)
    {
        if (roles is null || roles.Count == 0)
        {
            violations.Add(new RuleViolation(RuleCodes.AssignmentRolesRequired, "accessDetails.unifiedRoles",
                "An access assignment needs at least one role.", null));
            return;
        }

        foreach (var duplicate in roles.GroupBy(r => r.RoleDefinitionId).Where(g => g.Count() > 1))
        {
            violations.Add(new RuleViolation(RuleCodes.AssignmentRolesDuplicate, "accessDetails.unifiedRoles",
                $"Role {duplicate.Key} is listed {duplicate.Count()} times; each role may appear once.", duplicate.Key.ToString()));
        }

        var granted = relationship.Roles.Select(r => r.RoleDefinitionId).ToHashSet();
        var missing = roles.Select(r => r.RoleDefinitionId).Distinct().Where(id => !granted.Contains(id)).ToList();
        if (missing.Count > 0)
        {
            var list = string.Join(", ", missing.Select(id => id.ToString()));
            violations.Add(new RuleViolation(RuleCodes.AssignmentRolesNotSubset, "accessDetails.unifiedRoles",
                $"The access assignment's roles must be granted by the relationship; these are not: {list}.", list));
        }
    }

    // Ids go on the wire and are compared as text, so only the canonical 36-character form counts; the empty GUID
    // names no tenant or group.
    private static bool IsGuid(string? value) => GdapIds.IsGuid(value);

    private static bool SameTenant(CustomerParticipant? left, CustomerParticipant? right) =>
        string.Equals(left?.TenantId, right?.TenantId, StringComparison.OrdinalIgnoreCase);

    private static string FormatRoles(IEnumerable<RoleGrant> roles) =>
        string.Join(", ", roles.Select(r => r.RoleDefinitionId.ToString("D", CultureInfo.InvariantCulture)));
}
