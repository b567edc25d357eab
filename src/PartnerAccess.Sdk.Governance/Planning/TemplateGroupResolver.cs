using System.Globalization;
using PartnerAccess.Sdk.Groups;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Planning;

/// <summary>What <see cref="TemplateGroupResolver"/> does with a slot whose named group does not exist.</summary>
public enum MissingGroupHandling
{
    /// <summary>Fail with <see cref="TemplateRuleCodes.GroupNameUnresolved"/>, listing every missing group.</summary>
    Fail = 0,

    /// <summary>Create the missing security groups (each name once, however many slots use it).</summary>
    Create,

    /// <summary>Change nothing: leave the slots out of the returned templates and report the groups as missing (a plan preview).</summary>
    Report,
}

/// <summary>How one named group was resolved.</summary>
public enum GroupResolutionOutcome
{
    /// <summary>A group with the name exists.</summary>
    Found = 0,

    /// <summary>The resolver created the group.</summary>
    Created,

    /// <summary>No group has the name, and none was created.</summary>
    Missing,
}

/// <summary>One group name that template slots use, and what it resolved to.</summary>
/// <param name="DisplayName">The group's display name, as the slots give it.</param>
/// <param name="SecurityGroupId">The group's id; <see langword="null"/> when it is missing.</param>
/// <param name="Outcome">Found, created, or missing.</param>
public sealed record ResolvedTemplateGroup(string DisplayName, string? SecurityGroupId, GroupResolutionOutcome Outcome);

/// <summary>Templates with their named slots bound to group ids, and what happened to each name.</summary>
public sealed record TemplateGroupResolution
{
    /// <summary>The templates, every slot that was bound by name now bound by id (missing ones left out under <see cref="MissingGroupHandling.Report"/>).</summary>
    public required IReadOnlyList<AccessTemplate> Templates { get; init; }

    /// <summary>Each distinct group name, in first-use order.</summary>
    public required IReadOnlyList<ResolvedTemplateGroup> Groups { get; init; }

    /// <summary>The names that no group has.</summary>
    public IReadOnlyList<ResolvedTemplateGroup> Missing => Groups.Where(g => g.Outcome == GroupResolutionOutcome.Missing).ToList();

    /// <summary>The groups this resolution created.</summary>
    public IReadOnlyList<ResolvedTemplateGroup> Created => Groups.Where(g => g.Outcome == GroupResolutionOutcome.Created).ToList();
}

/// <summary>
/// Binds template slots that name a partner security group (<see cref="TemplateGroup.SecurityGroupName"/>) to the
/// group's id, through <see cref="IPartnerGroups"/>; optionally creates the groups that do not exist yet. Run it before
/// building the <see cref="DesiredState"/>.
/// </summary>
/// <remarks>
/// Idempotent: a name is looked up before anything is created, each name is created at most once, and a create whose
/// answer is lost is resolved by reading (see <see cref="IPartnerGroups.CreateSecurityGroupAsync"/>). A name several
/// groups share is a Conflict, never a guess.
/// </remarks>
public sealed class TemplateGroupResolver
{
    private readonly IPartnerGroups _groups;

    /// <summary>Creates a resolver.</summary>
    /// <param name="groups">The partner's groups.</param>
    public TemplateGroupResolver(IPartnerGroups groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        _groups = groups;
    }

    /// <summary>Resolves every named slot of the templates.</summary>
    /// <param name="templates">The templates.</param>
    /// <param name="missing">What to do with names no group has.</param>
    /// <param name="cancellationToken">Cancels the reads and creates.</param>
    /// <returns>The bound templates and what each name resolved to.</returns>
    /// <exception cref="PartnerAccessException">
    /// Validation (<see cref="TemplateRuleCodes.GroupNameUnresolved"/> for every missing name) under
    /// <see cref="MissingGroupHandling.Fail"/>; Conflict when several groups share a name.
    /// </exception>
    public async Task<TemplateGroupResolution> ResolveAsync(IReadOnlyList<AccessTemplate> templates, MissingGroupHandling missing = MissingGroupHandling.Fail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(templates);
        var names = templates.SelectMany(t => t.Groups).Where(g => g.SecurityGroupId is null).Select(g => g.SecurityGroupName).OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var resolved = new List<ResolvedTemplateGroup>();
        foreach (var name in names)
        {
            var group = await _groups.FindGroupByNameAsync(name, cancellationToken).ConfigureAwait(false);
            if (group is not null)
            {
                resolved.Add(new ResolvedTemplateGroup(name, group.Id, GroupResolutionOutcome.Found));
            }
            else if (missing == MissingGroupHandling.Create)
            {
                var (created, isNew) = await _groups.EnsureSecurityGroupAsync(
                    new CreatePartnerGroupRequest { DisplayName = name, Description = "GDAP access group, created by PartnerAccess.Sdk." }, cancellationToken).ConfigureAwait(false);
                resolved.Add(new ResolvedTemplateGroup(name, created.Id, isNew ? GroupResolutionOutcome.Created : GroupResolutionOutcome.Found));
            }
            else
            {
                resolved.Add(new ResolvedTemplateGroup(name, null, GroupResolutionOutcome.Missing));
            }
        }

        if (missing == MissingGroupHandling.Fail && resolved.Any(r => r.Outcome == GroupResolutionOutcome.Missing))
        {
            var violations = new List<RuleViolation>();
            foreach (var template in templates)
            {
                for (var i = 0; i < template.Groups.Count; i++)
                {
                    if (template.Groups[i] is { SecurityGroupId: null, SecurityGroupName: { } name } &&
                        resolved.Exists(r => r.Outcome == GroupResolutionOutcome.Missing && string.Equals(r.DisplayName, name, StringComparison.OrdinalIgnoreCase)))
                    {
                        violations.Add(Unresolved(template, i, name, $"templates['{template.Name}']"));
                    }
                }
            }

            GdapRules.ThrowIfAny(violations);
        }

        var ids = resolved.Where(r => r.SecurityGroupId is not null).ToDictionary(r => r.DisplayName, r => r.SecurityGroupId!, StringComparer.OrdinalIgnoreCase);
        var bound = templates.Select(t => t with
        {
            Groups = t.Groups
                .Where(g => g.SecurityGroupId is not null || g.SecurityGroupName is null || ids.ContainsKey(g.SecurityGroupName))
                .Select(g => g.SecurityGroupId is null && g.SecurityGroupName is { } name ? g with { SecurityGroupId = ids[name], SecurityGroupName = null } : g)
                .ToList(),
        }).ToList();
        return new TemplateGroupResolution { Templates = bound, Groups = resolved };
    }

    internal static RuleViolation Unresolved(AccessTemplate template, int index, string groupName, string path) =>
        new(TemplateRuleCodes.GroupNameUnresolved, string.Create(CultureInfo.InvariantCulture, $"{path}.groups[{index}].securityGroupName"),
            $"Template '{template.Name}': group slot '{template.Groups[index].Label ?? groupName}' names security group '{groupName}', which does not exist; create it, or apply with --create-groups.",
            groupName);

    internal static IEnumerable<RuleViolation> ValidateName(TemplateGroup group, string label, string groupPath, string groupName)
    {
        if (group.SecurityGroupName is not { } name)
        {
            yield break;
        }

        if (group.SecurityGroupId is not null)
        {
            yield return new RuleViolation(TemplateRuleCodes.GroupNameInvalid, groupPath + ".securityGroupName",
                $"{label}: group '{groupName}' gives both securityGroupId and securityGroupName; give one.", name);
        }
        else if (PartnerGroupRules.ValidateCreate(new CreatePartnerGroupRequest { DisplayName = name }).Count > 0)
        {
            yield return new RuleViolation(TemplateRuleCodes.GroupNameInvalid, groupPath + ".securityGroupName",
                $"{label}: securityGroupName '{name}' is not a valid group name (1 to {PartnerGroupRules.MaxDisplayNameLength} characters, no control characters).", name);
        }
    }
}
