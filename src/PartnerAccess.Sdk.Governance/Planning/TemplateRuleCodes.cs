namespace PartnerAccess.Sdk.Planning;

/// <summary>
/// Stable codes for the rules of access templates and desired states. GDAP rules that a template breaks (for example
/// auto-extend with Global Administrator) keep their <see cref="Rules.RuleCodes"/> code.
/// </summary>
public static class TemplateRuleCodes
{
    /// <summary>The template JSON is not well-formed or has the wrong shape.</summary>
    public const string JsonInvalid = "template.json.invalid";

    /// <summary>The template JSON has a property this SDK does not know, usually a typo.</summary>
    public const string UnknownProperty = "template.json.unknownProperty";

    /// <summary>The template has no name, or the name is too long or holds characters a display name cannot.</summary>
    public const string NameInvalid = "template.name.invalid";

    /// <summary>Two templates share a name (compared case-insensitively).</summary>
    public const string NameNotUnique = "template.name.notUnique";

    /// <summary>A role is neither a role template id nor the name of a role in the catalog.</summary>
    public const string RoleUnknown = "template.roles.unknown";

    /// <summary>
    /// The duration is missing or not an ISO 8601 duration such as <c>P730D</c> or <c>P2Y</c>; the engine's
    /// <see cref="Rules.RuleCodes.DurationInvalid"/>, so every layer refuses the same text with the same code.
    /// </summary>
    public const string DurationInvalid = Rules.RuleCodes.DurationInvalid;

    /// <summary>A security group id is not a canonical GUID; the engine's <see cref="Rules.RuleCodes.AssignmentGroupIdInvalid"/>.</summary>
    public const string GroupIdInvalid = Rules.RuleCodes.AssignmentGroupIdInvalid;

    /// <summary>A group's roles are not a subset of the template's roles, or the group has none.</summary>
    public const string GroupRolesNotSubset = "template.groups.roles.notSubset";

    /// <summary>The same security group (or group label) appears twice.</summary>
    public const string GroupDuplicate = "template.groups.duplicate";

    /// <summary>A group slot has no security group id yet; bind one with <see cref="AccessTemplate.WithSecurityGroup"/>.</summary>
    public const string GroupUnbound = "template.groups.unbound";

    /// <summary>A customer's tenant id is not a canonical GUID; the engine's <see cref="Rules.RuleCodes.CustomerTenantIdInvalid"/>.</summary>
    public const string CustomerTenantIdInvalid = Rules.RuleCodes.CustomerTenantIdInvalid;
    /// <summary>A group slot names a security group by display name that does not exist (and groups are not being created).</summary>
    public const string GroupNameUnresolved = "template.groups.securityGroupName.unresolved";

    /// <summary>A group slot gives both a security group id and a name, or a name that is not a valid group name.</summary>
    public const string GroupNameInvalid = "template.groups.securityGroupName.invalid";

    /// <summary>The same customer tenant appears twice in a desired state.</summary>
    public const string CustomerDuplicate = "desiredState.customer.duplicate";

    /// <summary>A customer asks for a template the desired state does not define.</summary>
    public const string TemplateUnknown = "desiredState.template.unknown";
}
