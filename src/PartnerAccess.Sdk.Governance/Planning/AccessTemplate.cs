using System.Globalization;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Planning;

/// <summary>
/// A named access tier: the roles a partner asks every customer on the tier for, for how long, whether the
/// relationship extends itself, and which partner security groups receive which of those roles.
/// </summary>
/// <remarks>
/// A template is identified by its <see cref="Name"/> (compared case-insensitively): relationship display names are
/// derived from it, so renaming a template makes the planner treat it as a new tier. Load templates from JSON with
/// <see cref="FromJson"/> or start from <see cref="StarterTemplates"/>; both check every GDAP rule up front.
/// </remarks>
public sealed record AccessTemplate
{
    /// <summary>The longest template name, leaving room for the customer's name in relationship display names.</summary>
    public const int MaxNameLength = 30;

    /// <summary>The tier's name, for example <c>Service desk</c>; at most <see cref="MaxNameLength"/> characters.</summary>
    public required string Name { get; init; }

    /// <summary>What the tier is for.</summary>
    public string? Description { get; init; }

    /// <summary>The roles every relationship of this tier asks the customer for.</summary>
    public required IReadOnlyList<RoleGrant> Roles { get; init; }

    /// <summary>How long each relationship lasts once active: 1 to 730 whole days.</summary>
    public required Duration Duration { get; init; }

    /// <summary>Whether relationships extend themselves by 180 days at their end. Never with Global Administrator.</summary>
    public bool AutoExtend { get; init; }

    /// <summary>Which partner security groups receive which subset of <see cref="Roles"/>.</summary>
    public IReadOnlyList<TemplateGroup> Groups { get; init; } = [];

    /// <summary>The relationship's <c>autoExtendDuration</c>: 180 days or zero.</summary>
    public Duration AutoExtendDuration => AutoExtend ? GdapDurations.AutoExtendPeriod : Duration.Zero;

    /// <summary>Whether every group slot names a security group, so the template can be applied.</summary>
    public bool IsBound => Groups.All(g => g.SecurityGroupId is not null);

    /// <summary>Reads one template from JSON and checks it. See docs/templates.md for the format.</summary>
    /// <param name="json">A template object, an array of one, or <c>{"templates":[…]}</c> holding one.</param>
    /// <param name="rules">The rule engine; <see cref="GdapRules.Default"/> when <see langword="null"/>.</param>
    /// <param name="catalog">Resolves role names; <see cref="RoleCatalog.Default"/> when <see langword="null"/>.</param>
    /// <returns>The template.</returns>
    /// <exception cref="PartnerAccessException">Validation, listing every problem found.</exception>
    public static AccessTemplate FromJson(string json, GdapRules? rules = null, RoleCatalog? catalog = null)
    {
        var templates = ListFromJson(json, rules, catalog);
        if (templates.Count != 1)
        {
            throw PartnerAccessException.FromViolations(
                [new RuleViolation(TemplateRuleCodes.JsonInvalid, "$", $"Expected exactly one template; the JSON holds {templates.Count}.", null)]);
        }

        return templates[0];
    }

    /// <summary>Reads any number of templates from JSON and checks them all.</summary>
    /// <param name="json">A template object, an array of them, or <c>{"templates":[…]}</c>.</param>
    /// <param name="rules">The rule engine; <see cref="GdapRules.Default"/> when <see langword="null"/>.</param>
    /// <param name="catalog">Resolves role names; <see cref="RoleCatalog.Default"/> when <see langword="null"/>.</param>
    /// <returns>The templates, in file order.</returns>
    /// <exception cref="PartnerAccessException">Validation, listing every problem in every template.</exception>
    public static IReadOnlyList<AccessTemplate> ListFromJson(string json, GdapRules? rules = null, RoleCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return AccessTemplateJson.Parse(json, rules ?? GdapRules.Default, catalog ?? RoleCatalog.Default);
    }

    /// <summary>Reads templates from a JSON stream, for example a file, and checks them all.</summary>
    /// <param name="stream">The JSON.</param>
    /// <param name="rules">The rule engine; <see cref="GdapRules.Default"/> when <see langword="null"/>.</param>
    /// <param name="catalog">Resolves role names; <see cref="RoleCatalog.Default"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The templates, in file order.</returns>
    /// <exception cref="PartnerAccessException">Validation, listing every problem in every template.</exception>
    public static async Task<IReadOnlyList<AccessTemplate>> LoadAsync(Stream stream, GdapRules? rules = null, RoleCatalog? catalog = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream);
        var json = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        return ListFromJson(json, rules, catalog);
    }

    /// <summary>Checks the template against the GDAP rules and its own rules, reporting every problem.</summary>
    /// <param name="rules">The rule engine; <see cref="GdapRules.Default"/> when <see langword="null"/>.</param>
    /// <returns>The violations; empty when the template is valid. Unbound group slots are not violations here.</returns>
    public IReadOnlyList<RuleViolation> Validate(GdapRules? rules = null) => Validate(rules ?? GdapRules.Default, $"templates['{Name}']");

    /// <summary>Throws when <see cref="Validate(GdapRules?)"/> finds anything.</summary>
    /// <param name="rules">The rule engine; <see cref="GdapRules.Default"/> when <see langword="null"/>.</param>
    /// <returns>This template, for chaining.</returns>
    /// <exception cref="PartnerAccessException">Validation, listing every problem.</exception>
    public AccessTemplate ThrowIfInvalid(GdapRules? rules = null)
    {
        GdapRules.ThrowIfAny(Validate(rules));
        return this;
    }

    /// <summary>Binds a group slot (for example one of a starter template's) to a partner security group.</summary>
    /// <param name="label">The slot's label, compared case-insensitively.</param>
    /// <param name="securityGroupId">The partner-tenant security group id (a GUID).</param>
    /// <returns>A copy of the template with the slot bound.</returns>
    /// <exception cref="ArgumentException">No slot has that label.</exception>
    public AccessTemplate WithSecurityGroup(string label, string securityGroupId)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(securityGroupId);
        var groups = Groups.ToArray();
        var index = SlotIndex(label);
        groups[index] = groups[index] with { SecurityGroupId = securityGroupId, SecurityGroupName = null };
        return this with { Groups = groups };
    }

    /// <summary>
    /// Binds a group slot to a partner security group by its display name; <see cref="TemplateGroupResolver"/> finds
    /// (or creates) the group before planning.
    /// </summary>
    /// <param name="label">The slot's label, compared case-insensitively.</param>
    /// <param name="securityGroupName">The group's display name, for example <c>GDAP - Helpdesk agents</c>.</param>
    /// <returns>A copy of the template with the slot bound by name.</returns>
    /// <exception cref="ArgumentException">No slot has that label.</exception>
    public AccessTemplate WithSecurityGroupName(string label, string securityGroupName)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentException.ThrowIfNullOrWhiteSpace(securityGroupName);
        var groups = Groups.ToArray();
        var index = SlotIndex(label);
        groups[index] = groups[index] with { SecurityGroupId = null, SecurityGroupName = securityGroupName };
        return this with { Groups = groups };
    }

    private int SlotIndex(string label)
    {
        var index = Groups.ToList().FindIndex(g => string.Equals(g.Label, label, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            var labels = string.Join(", ", Groups.Select(g => $"'{g.Label}'"));
            throw new ArgumentException($"Template '{Name}' has no group slot '{label}'. Slots: {labels}.", nameof(label));
        }

        return index;
    }

    /// <summary>Adds a security group that receives some of the template's roles.</summary>
    /// <param name="securityGroupId">The partner-tenant security group id (a GUID).</param>
    /// <param name="roles">The roles; a subset of <see cref="Roles"/>. All of them when empty.</param>
    /// <returns>A copy of the template with the group added.</returns>
    public AccessTemplate WithGroup(string securityGroupId, params RoleGrant[] roles)
    {
        ArgumentNullException.ThrowIfNull(securityGroupId);
        ArgumentNullException.ThrowIfNull(roles);
        var group = new TemplateGroup { SecurityGroupId = securityGroupId, Roles = roles.Length == 0 ? Roles : roles };
        return this with { Groups = [.. Groups, group] };
    }

    /// <summary>The request that creates a relationship of this tier.</summary>
    /// <param name="displayName">The relationship's display name.</param>
    /// <param name="customer">The customer.</param>
    /// <returns>The request.</returns>
    public CreateRelationshipRequest ToCreateRequest(string displayName, CustomerParticipant customer) => new()
    {
        DisplayName = displayName,
        Customer = customer,
        Duration = Duration,
        Roles = Roles,
        AutoExtendDuration = AutoExtendDuration,
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: {Roles.Count} role(s), {GdapDurations.Format(Duration)}, auto-extend {(AutoExtend ? "on" : "off")}, {Groups.Count} group(s)";

    internal IReadOnlyList<RuleViolation> Validate(GdapRules rules, string path)
    {
        var violations = new List<RuleViolation>();
        var label = string.IsNullOrWhiteSpace(Name) ? path : $"Template '{Name}'";
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > MaxNameLength || Name.Any(char.IsControl))
        {
            violations.Add(new RuleViolation(TemplateRuleCodes.NameInvalid, path + ".name",
                $"{label}: name is required, at most {MaxNameLength} characters, without control characters.", Name));
        }

        var probe = new CreateRelationshipRequest
        {
            DisplayName = "template",
            Duration = Duration,
            Roles = Roles ?? [],
            AutoExtendDuration = AutoExtendDuration,
        };
        foreach (var violation in rules.ValidateCreate(probe))
        {
            var target = violation.Target switch
            {
                "accessDetails.unifiedRoles" => ".roles",
                "autoExtendDuration" => ".autoExtend",
                _ => "." + violation.Target,
            };
            violations.Add(violation with { Target = path + target, Message = $"{label}: {violation.Message}" });
        }

        var templateRoles = (Roles ?? []).Select(r => r.RoleDefinitionId).ToHashSet();
        var seenIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var seenLabels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Groups.Count; i++)
        {
            var group = Groups[i];
            var groupPath = string.Create(CultureInfo.InvariantCulture, $"{path}.groups[{i}]");
            var groupName = group.Label ?? group.SecurityGroupId ?? groupPath;
            if (group.SecurityGroupId is { } id)
            {
                if (!GdapIds.TryParseGuid(id, out var guid) || guid == Guid.Empty)
                {
                    violations.Add(new RuleViolation(TemplateRuleCodes.GroupIdInvalid, groupPath + ".securityGroupId",
                        $"{label}: group '{groupName}' has securityGroupId '{id}', which is not a GUID.", id));
                }
                else if (!seenIds.Add(guid.ToString()))
                {
                    violations.Add(new RuleViolation(TemplateRuleCodes.GroupDuplicate, groupPath + ".securityGroupId",
                        $"{label}: security group {id} is listed more than once; give each group one entry with all its roles.", id));
                }
            }

            violations.AddRange(TemplateGroupResolver.ValidateName(group, label, groupPath, groupName));
            if (group.Label is { } groupLabel && !seenLabels.Add(groupLabel))
            {
                violations.Add(new RuleViolation(TemplateRuleCodes.GroupDuplicate, groupPath + ".label",
                    $"{label}: group label '{groupLabel}' is used more than once.", groupLabel));
            }

            var extra = (group.Roles ?? []).Where(r => !templateRoles.Contains(r.RoleDefinitionId)).ToList();
            if (group.Roles is not { Count: > 0 } || extra.Count > 0)
            {
                var detail = extra.Count > 0
                    ? "these roles are not among the template's roles: " + string.Join(", ", extra.Select(r => r.ToString()))
                    : "it has no roles";
                violations.Add(new RuleViolation(TemplateRuleCodes.GroupRolesNotSubset, groupPath + ".roles",
                    $"{label}: group '{groupName}' must receive a non-empty subset of the template's roles; {detail}.",
                    string.Join(", ", extra.Select(r => r.RoleDefinitionId))));
            }
        }

        return violations;
    }

    internal IReadOnlyList<RuleViolation> ValidateBound(string path)
    {
        var violations = new List<RuleViolation>();
        for (var i = 0; i < Groups.Count; i++)
        {
            if (Groups[i].SecurityGroupId is null && Groups[i].SecurityGroupName is { } groupName)
            {
                violations.Add(TemplateGroupResolver.Unresolved(this, i, groupName, path));
            }
            else if (Groups[i].SecurityGroupId is null)
            {
                violations.Add(new RuleViolation(TemplateRuleCodes.GroupUnbound, string.Create(CultureInfo.InvariantCulture, $"{path}.groups[{i}].securityGroupId"),
                    $"Template '{Name}': group slot '{Groups[i].Label}' names no security group; bind one with WithSecurityGroup(\"{Groups[i].Label}\", groupId).",
                    Groups[i].Label));
            }
        }

        return violations;
    }
}

/// <summary>A partner security group of a template and the subset of the template's roles it receives.</summary>
public sealed record TemplateGroup
{
    /// <summary>A human label for the slot, for example <c>Service desk agents</c>; used to bind starter templates.</summary>
    public string? Label { get; init; }

    /// <summary>The partner-tenant security group id (a GUID); <see langword="null"/> for an unbound slot.</summary>
    public string? SecurityGroupId { get; init; }

    /// <summary>
    /// The partner security group's display name, for a slot bound by name instead of id. <see cref="TemplateGroupResolver"/>
    /// turns it into <see cref="SecurityGroupId"/> (creating the group when asked) before planning.
    /// </summary>
    public string? SecurityGroupName { get; init; }

    /// <summary>The roles the group receives in every customer: a non-empty subset of the template's roles.</summary>
    public required IReadOnlyList<RoleGrant> Roles { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Label ?? SecurityGroupName ?? SecurityGroupId} ({SecurityGroupId ?? (SecurityGroupName is null ? "unbound" : $"group '{SecurityGroupName}'")}): {string.Join(", ", Roles.Select(r => r.Name))}";
}
