namespace PartnerAccess.Sdk.Rules;

/// <summary>
/// Stable codes for every GDAP rule. Codes are named after the Graph property they guard, so a code reads like the
/// path of the offending value. They never change between releases; docs/rules.md explains each one.
/// </summary>
public static partial class RuleCodes
{
    /// <summary><c>displayName</c> is missing or blank.</summary>
    public const string DisplayNameRequired = "displayName.required";

    /// <summary><c>displayName</c> is longer than 50 characters.</summary>
    public const string DisplayNameTooLong = "displayName.tooLong";

    /// <summary><c>displayName</c> contains a control character.</summary>
    public const string DisplayNameInvalidCharacters = "displayName.invalidCharacters";

    /// <summary><c>displayName</c> is already used by another of the partner's relationships (compared case-insensitively).</summary>
    public const string DisplayNameNotUnique = "displayName.notUnique";

    /// <summary>A duration is not an ISO 8601 duration (<see cref="PartnerAccess.Sdk.Time.GdapDurations.TryParse"/>).</summary>
    public const string DurationInvalid = "duration.invalid";

    /// <summary><c>duration</c> is not a whole number of days.</summary>
    public const string DurationNotWholeDays = "duration.notWholeDays";

    /// <summary><c>duration</c> is outside 1 to 730 days.</summary>
    public const string DurationOutOfRange = "duration.outOfRange";

    /// <summary><c>autoExtendDuration</c> is neither zero nor 180 days.</summary>
    public const string AutoExtendInvalid = "autoExtendDuration.invalid";

    /// <summary>Auto-extend is requested on a relationship that holds Global Administrator.</summary>
    public const string AutoExtendWithGlobalAdministrator = "autoExtendDuration.globalAdministrator";

    /// <summary>No role was requested.</summary>
    public const string RolesRequired = "accessDetails.required";

    /// <summary>The same role appears more than once.</summary>
    public const string RolesDuplicate = "accessDetails.duplicate";

    /// <summary>A role id is not a valid, non-empty GUID.</summary>
    public const string RoleInvalidId = "accessDetails.invalidRoleId";

    /// <summary>A role is on the exclusion list: it cannot or should not be delegated through GDAP.</summary>
    public const string RoleExcluded = "accessDetails.excludedRole";

    /// <summary>A role is not in the shipped catalog of GDAP-eligible built-in roles (custom roles are never eligible).</summary>
    public const string RoleNotInCatalog = "accessDetails.unknownRole";

    /// <summary><c>customer.tenantId</c> is not a GUID in its 36-character form, or is the empty GUID.</summary>
    public const string CustomerTenantIdInvalid = "customer.tenantId.invalid";

    /// <summary>A relationship that names no customer is approved without saying which customer approves it (or by its indirect reseller, who cannot).</summary>
    public const string CustomerRequired = "customer.required";

    /// <summary>A customer other than the one the relationship names tries to approve it.</summary>
    public const string CustomerMismatch = "customer.tenantId.mismatch";

    /// <summary>A relationship id does not have Graph's <c>&lt;guid&gt;-&lt;guid&gt;</c> shape.</summary>
    public const string RelationshipIdInvalid = "relationshipId.invalid";

    /// <summary>The change is not allowed in the relationship's current status.</summary>
    public const string RelationshipState = "relationship.status";

    /// <summary>An access assignment can be created only while the relationship is active.</summary>
    public const string AssignmentRelationshipNotActive = "accessAssignment.relationshipNotActive";

    /// <summary>An access assignment names no role.</summary>
    public const string AssignmentRolesRequired = "accessAssignment.accessDetails.required";

    /// <summary>An access assignment names a role the relationship does not grant.</summary>
    public const string AssignmentRolesNotSubset = "accessAssignment.accessDetails.notInRelationship";

    /// <summary>An access assignment names the same role twice.</summary>
    public const string AssignmentRolesDuplicate = "accessAssignment.accessDetails.duplicate";

    /// <summary>The security group id is not a GUID in its 36-character form, or is the empty GUID.</summary>
    public const string AssignmentGroupIdInvalid = "accessContainer.accessContainerId.invalid";

    /// <summary>The security group already has a non-deleted assignment in this relationship.</summary>
    public const string AssignmentGroupNotUnique = "accessContainer.notUnique";

    /// <summary>The change is not allowed in the access assignment's current status.</summary>
    public const string AssignmentState = "accessAssignment.status";

    /// <summary>The concurrency token does not match the current version.</summary>
    public const string ETagMismatch = "ifMatch.stale";

    /// <summary>No concurrency token was supplied for a change that needs one.</summary>
    public const string ETagRequired = "ifMatch.required";

    private static readonly HashSet<string> StateCodes = new(StringComparer.Ordinal)
    {
        RelationshipState, AssignmentRelationshipNotActive, AssignmentState, JustInTimeNotActive,
    };

    private static readonly HashSet<string> ConflictCodes = new(StringComparer.Ordinal)
    {
        DisplayNameNotUnique, AssignmentGroupNotUnique, JustInTimeAlreadyActive, JustInTimeAlreadyEligible,
    };

    private static readonly HashSet<string> ConcurrencyCodes = new(StringComparer.Ordinal)
    {
        ETagMismatch, ETagRequired,
    };

    /// <summary>Whether the code is about status rather than about a value.</summary>
    /// <param name="code">A rule code.</param>
    /// <returns><see langword="true"/> for status rules.</returns>
    public static bool IsStateRule(string code) => StateCodes.Contains(code);

    /// <summary>The error code an exception carrying these violations gets.</summary>
    /// <param name="violations">The violations.</param>
    /// <returns>Concurrency, then unauthorized (a missing licence), then invalid state, then validation, then conflict: the first that applies.</returns>
    public static PartnerAccessErrorCode ErrorCodeFor(IEnumerable<RuleViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        var codes = violations.Select(v => v.Code).ToList();
        if (codes.Any(ConcurrencyCodes.Contains))
        {
            return PartnerAccessErrorCode.Concurrency;
        }

        if (codes.Any(UnauthorizedCodes.Contains))
        {
            return PartnerAccessErrorCode.Unauthorized;
        }

        if (codes.Any(StateCodes.Contains))
        {
            return PartnerAccessErrorCode.InvalidState;
        }

        if (codes.Any(c => !ConflictCodes.Contains(c)))
        {
            return PartnerAccessErrorCode.Validation;
        }

        return PartnerAccessErrorCode.Conflict;
    }
}
