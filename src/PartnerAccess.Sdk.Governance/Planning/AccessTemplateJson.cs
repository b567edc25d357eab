using System.Globalization;
using System.Text.Json;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Planning;

/// <summary>
/// Reads templates from JSON by hand rather than with a serializer, so that one pass reports every problem
/// (unknown role names, bad durations, typos in property names) instead of stopping at the first.
/// </summary>
internal static class AccessTemplateJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly string[] TemplateProperties = ["name", "description", "roles", "duration", "autoExtend", "groups"];
    private static readonly string[] GroupProperties = ["label", "securityGroupId", "securityGroupName", "roles"];

    public static IReadOnlyList<AccessTemplate> Parse(string json, GdapRules rules, RoleCatalog catalog)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw PartnerAccessException.FromViolations(
                [new RuleViolation(TemplateRuleCodes.JsonInvalid, "$", $"The template JSON is not valid JSON: {ex.Message}", null)]);
        }

        using (document)
        {
            var violations = new List<RuleViolation>();
            var elements = TemplateElements(document.RootElement, violations);
            var templates = new List<AccessTemplate>();
            for (var i = 0; i < elements.Count; i++)
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"templates[{i}]");
                var before = violations.Count;
                if (ReadTemplate(elements[i], path, catalog, violations) is { } template)
                {
                    // Rule checks run on what could be read; a rule about a value that could not be read repeats the
                    // reading error, so it is left out.
                    var unreadable = violations.Skip(before).Select(v => v.Target).ToList();
                    violations.AddRange(template.Validate(rules, path)
                        .Where(v => !unreadable.Any(t => t == v.Target || (v.Code == RuleCodes.RolesRequired && t.StartsWith(v.Target, StringComparison.Ordinal)))));
                    templates.Add(template);
                }
            }

            foreach (var clash in templates.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                violations.Add(new RuleViolation(TemplateRuleCodes.NameNotUnique, "templates",
                    $"Template name '{clash.Key}' is used {clash.Count()} times; names identify templates and must be unique.", clash.Key));
            }

            GdapRules.ThrowIfAny(violations);
            return templates;
        }
    }

    private static List<JsonElement> TemplateElements(JsonElement root, List<RuleViolation> violations)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return [.. root.EnumerateArray()];
        }

        if (root.ValueKind == JsonValueKind.Object)
        {
            if (TryGet(root, "templates", out var list))
            {
                if (list.ValueKind == JsonValueKind.Array)
                {
                    return [.. list.EnumerateArray()];
                }

                violations.Add(new RuleViolation(TemplateRuleCodes.JsonInvalid, "templates", "'templates' must be an array of template objects.", list.ValueKind.ToString()));
                return [];
            }

            return [root];
        }

        violations.Add(new RuleViolation(TemplateRuleCodes.JsonInvalid, "$", "Expected a template object, an array of them, or {\"templates\":[…]}.", root.ValueKind.ToString()));
        return [];
    }

    private static AccessTemplate? ReadTemplate(JsonElement element, string path, RoleCatalog catalog, List<RuleViolation> violations)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            violations.Add(new RuleViolation(TemplateRuleCodes.JsonInvalid, path, $"{path} must be an object.", element.ValueKind.ToString()));
            return null;
        }

        CheckProperties(element, path, TemplateProperties, violations);
        var name = ReadString(element, "name", path, violations) ?? string.Empty;
        var description = ReadString(element, "description", path, violations);
        var roles = ReadRoles(element, path, catalog, violations, required: true) ?? [];

        var duration = Duration.Zero;
        if (ReadString(element, "duration", path, violations) is { } durationText)
        {
            if (!GdapDurations.TryParse(durationText, out duration))
            {
                violations.Add(new RuleViolation(TemplateRuleCodes.DurationInvalid, path + ".duration",
                    $"{path}.duration '{durationText}' is not an ISO 8601 duration such as P730D, P365D or P2Y.", durationText));
            }
        }
        else if (!TryGet(element, "duration", out _))
        {
            violations.Add(new RuleViolation(TemplateRuleCodes.DurationInvalid, path + ".duration",
                $"{path}.duration is required, for example \"P730D\" or \"P2Y\".", null));
        }

        var autoExtend = false;
        if (TryGet(element, "autoExtend", out var autoExtendElement))
        {
            if (autoExtendElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                autoExtend = autoExtendElement.GetBoolean();
            }
            else
            {
                violations.Add(new RuleViolation(TemplateRuleCodes.JsonInvalid, path + ".autoExtend", $"{path}.autoExtend must be true or false.", autoExtendElement.GetRawText()));
            }
        }

        var groups = new List<TemplateGroup>();
        if (TryGet(element, "groups", out var groupsElement))
        {
            if (groupsElement.ValueKind != JsonValueKind.Array)
            {
                violations.Add(new RuleViolation(TemplateRuleCodes.JsonInvalid, path + ".groups", $"{path}.groups must be an array.", groupsElement.ValueKind.ToString()));
            }
            else
            {
                var index = 0;
                foreach (var groupElement in groupsElement.EnumerateArray())
                {
                    var groupPath = string.Create(CultureInfo.InvariantCulture, $"{path}.groups[{index++}]");
                    if (groupElement.ValueKind != JsonValueKind.Object)
                    {
                        violations.Add(new RuleViolation(TemplateRuleCodes.JsonInvalid, groupPath, $"{groupPath} must be an object.", groupElement.ValueKind.ToString()));
                        continue;
                    }

                    CheckProperties(groupElement, groupPath, GroupProperties, violations);
                    var label = ReadString(groupElement, "label", groupPath, violations);
                    var groupId = ReadString(groupElement, "securityGroupId", groupPath, violations);
                    var groupName = ReadString(groupElement, "securityGroupName", groupPath, violations);
                    if (label is null && groupId is null && groupName is null)
                    {
                        violations.Add(new RuleViolation(TemplateRuleCodes.GroupUnbound, groupPath,
                            $"{groupPath} needs a securityGroupId or securityGroupName, or a label to bind one to later.", null));
                    }

                    var groupRoles = ReadRoles(groupElement, groupPath, catalog, violations, required: false) ?? roles;
                    groups.Add(new TemplateGroup { Label = label, SecurityGroupId = groupId, SecurityGroupName = groupName, Roles = groupRoles });
                }
            }
        }

        return new AccessTemplate
        {
            Name = name,
            Description = description,
            Roles = roles,
            Duration = duration,
            AutoExtend = autoExtend,
            Groups = groups,
        };
    }

    private static List<RoleGrant>? ReadRoles(JsonElement element, string path, RoleCatalog catalog, List<RuleViolation> violations, bool required)
    {
        if (!TryGet(element, "roles", out var rolesElement))
        {
            if (required)
            {
                violations.Add(new RuleViolation(TemplateRuleCodes.JsonInvalid, path + ".roles", $"{path}.roles is required: role names or role template ids.", null));
            }

            return null;
        }

        if (rolesElement.ValueKind != JsonValueKind.Array)
        {
            violations.Add(new RuleViolation(TemplateRuleCodes.JsonInvalid, path + ".roles", $"{path}.roles must be an array of role names or role template ids.", rolesElement.ValueKind.ToString()));
            return null;
        }

        var roles = new List<RoleGrant>();
        var index = 0;
        foreach (var roleElement in rolesElement.EnumerateArray())
        {
            var rolePath = string.Create(CultureInfo.InvariantCulture, $"{path}.roles[{index++}]");
            var text = roleElement.ValueKind == JsonValueKind.String ? roleElement.GetString() : null;
            if (string.IsNullOrWhiteSpace(text))
            {
                violations.Add(new RuleViolation(TemplateRuleCodes.RoleUnknown, rolePath, $"{rolePath} must be a role name or role template id.", roleElement.GetRawText()));
                continue;
            }

            if (GdapIds.TryParseGuid(text, out var id))
            {
                roles.Add(new RoleGrant(id));
            }
            else if (Guid.TryParse(text, out _))
            {
                // Braces, no hyphens or spaces: a GUID, but not in the one form the engine and Graph accept.
                violations.Add(new RuleViolation(RuleCodes.RoleInvalidId, rolePath,
                    $"{rolePath} '{text}' is not a role template id in canonical form, such as 62e90394-69f5-4237-9190-012177145e10.", text));
            }
            else if (catalog.FindByName(text.Trim()) is { } definition)
            {
                roles.Add(new RoleGrant(definition.TemplateId));
            }
            else
            {
                violations.Add(new RuleViolation(TemplateRuleCodes.RoleUnknown, rolePath,
                    $"{rolePath} '{text}' is neither a role template id nor the name of a GDAP-eligible role in the catalog.{Suggest(text, catalog)}", text));
            }
        }

        return roles;
    }

    private static string Suggest(string text, RoleCatalog catalog)
    {
        // Rank catalog names by how many of the typed words start one of their words ("Exchange Admin" → "Exchange Administrator").
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(w => w.Length > 2).ToList();
        var candidates = catalog.Roles
            .Select(r => (r.Name, Score: words.Count(w => r.Name.Split(' ').Any(n => n.StartsWith(w, StringComparison.OrdinalIgnoreCase)))))
            .Where(c => c.Score > 0)
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Name.Length)
            .Select(c => c.Name)
            .Take(3)
            .ToList();
        return candidates.Count == 0 ? string.Empty : " Did you mean: " + string.Join(", ", candidates.Select(c => $"'{c}'")) + "?";
    }

    private static string? ReadString(JsonElement element, string property, string path, List<RuleViolation> violations)
    {
        if (!TryGet(element, property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            violations.Add(new RuleViolation(TemplateRuleCodes.JsonInvalid, $"{path}.{property}", $"{path}.{property} must be a string.", value.GetRawText()));
            return null;
        }

        return value.GetString();
    }

    private static void CheckProperties(JsonElement element, string path, string[] known, List<RuleViolation> violations)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.StartsWith('$') || known.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            violations.Add(new RuleViolation(TemplateRuleCodes.UnknownProperty, $"{path}.{property.Name}",
                $"{path} has an unknown property '{property.Name}'; known properties are {string.Join(", ", known)}.", property.Name));
        }
    }

    private static bool TryGet(JsonElement element, string property, out JsonElement value)
    {
        foreach (var candidate in element.EnumerateObject())
        {
            if (string.Equals(candidate.Name, property, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
