using System.Text.Json;
using Microsoft.AspNetCore.Http;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Emulator.Wire;

/// <summary>A relationship body read from the wire, with the problems found while reading it.</summary>
internal sealed record RelationshipBody<T>(T Value, IReadOnlyList<RuleViolation> WireViolations, string? AutoExtendText);

/// <summary>
/// Reads Graph request bodies into the domain's request types. It only translates: malformed JSON and wrong JSON types
/// are 400s here; whether the values are allowed is decided by the rule engine. Role ids that are not GUIDs
/// (<see cref="GdapIds.TryParseGuid"/>) cannot become a <see cref="RoleGrant"/>, and text that is no duration
/// (<see cref="GdapDurations.TryParse"/>) cannot become a <see cref="Duration"/>, so they are reported here as
/// <see cref="RuleCodes.RoleInvalidId"/> and <see cref="RuleCodes.DurationInvalid"/>.
/// </summary>
internal static class GraphReader
{
    private const string RolesTarget = "accessDetails.unifiedRoles";

    /// <summary>Reads the body as JSON. Returns <see langword="null"/> for an empty body unless one is required.</summary>
    public static async Task<JsonElement?> ReadBodyAsync(HttpContext context, bool required = true)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var bytes = buffer.ToArray();
        if (bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return required ? throw GraphErrorException.BadRequest("A JSON request body is required.") : null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw GraphErrorException.BadRequest($"The request body is not valid JSON: {exception.Message}");
        }
    }

    public static JsonElement RequireObject(JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } element)
        {
            throw GraphErrorException.BadRequest("The request body must be a JSON object.");
        }

        return element;
    }

    public static RelationshipBody<CreateRelationshipRequest> ReadCreateRelationship(JsonElement body)
    {
        var violations = new List<RuleViolation>();
        var autoExtend = ReadAutoExtend(body, violations, out var autoExtendText);
        var request = new CreateRelationshipRequest
        {
            DisplayName = ReadString(body, "displayName") ?? string.Empty,
            Duration = ReadDuration(body, "duration", violations) ?? Duration.Zero,
            Roles = ReadRoles(body, violations) ?? [],
            Customer = ReadCustomer(body),
            AutoExtendDuration = autoExtend ?? Duration.Zero,
        };
        return new RelationshipBody<CreateRelationshipRequest>(request, violations, autoExtendText);
    }

    public static RelationshipBody<RelationshipUpdate> ReadRelationshipUpdate(JsonElement body)
    {
        var violations = new List<RuleViolation>();
        var autoExtend = ReadAutoExtend(body, violations, out var autoExtendText);
        var update = new RelationshipUpdate
        {
            DisplayName = ReadString(body, "displayName"),
            Duration = ReadDuration(body, "duration", violations),
            Roles = ReadRoles(body, violations),
            Customer = ReadCustomer(body),
            AutoExtendDuration = autoExtend,
        };
        return new RelationshipBody<RelationshipUpdate>(update, violations, autoExtendText);
    }

    public static RelationshipRequestAction ReadAction(JsonElement body)
    {
        var text = ReadString(body, "action") ?? throw GraphErrorException.BadRequest("action is required.");
        var action = GraphNames.Parse<RelationshipRequestAction>(text);
        return action == RelationshipRequestAction.Unknown
            ? throw GraphErrorException.BadRequest($"action '{text}' is not a delegatedAdminRelationshipRequestAction (lockForApproval, approve, terminate, reject).")
            : action;
    }

    public static RelationshipBody<CreateAccessAssignmentRequest> ReadCreateAssignment(JsonElement body)
    {
        var violations = new List<RuleViolation>();
        string? groupId = null;
        if (body.TryGetProperty("accessContainer", out var container) && container.ValueKind != JsonValueKind.Null)
        {
            if (container.ValueKind != JsonValueKind.Object)
            {
                throw GraphErrorException.BadRequest("accessContainer must be an object.");
            }

            groupId = ReadString(container, "accessContainerId");
            if (ReadString(container, "accessContainerType") is { } type && !type.Equals("securityGroup", StringComparison.Ordinal))
            {
                throw GraphErrorException.BadRequest($"accessContainerType '{type}' is not supported; it must be 'securityGroup'.");
            }
        }

        var request = new CreateAccessAssignmentRequest
        {
            SecurityGroupId = groupId ?? string.Empty,
            Roles = ReadRoles(body, violations) ?? [],
        };
        return new RelationshipBody<CreateAccessAssignmentRequest>(request, violations, null);
    }

    public static RelationshipBody<IReadOnlyList<RoleGrant>> ReadAssignmentUpdate(JsonElement body)
    {
        var other = body.EnumerateObject()
            .Select(p => p.Name)
            .Where(n => n != "accessDetails" && n != "id" && !n.StartsWith("@odata.", StringComparison.Ordinal))
            .ToList();
        if (other.Count > 0)
        {
            throw GraphErrorException.BadRequest(
                $"Only accessDetails can be changed on an access assignment; the body also sets {string.Join(", ", other)}.");
        }

        var violations = new List<RuleViolation>();
        IReadOnlyList<RoleGrant> roles = ReadRoles(body, violations) ?? [];
        return new RelationshipBody<IReadOnlyList<RoleGrant>>(roles, violations, null);
    }

    /// <summary>Reads an optional string property; a value of another JSON type is a 400.</summary>
    public static string? ReadString(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw GraphErrorException.BadRequest($"{name} must be a string.");
    }

    private static Duration? ReadDuration(JsonElement body, string name, List<RuleViolation> violations)
    {
        var text = ReadString(body, name);
        if (text is null)
        {
            return null;
        }

        if (GdapDurations.TryParse(text, out var duration))
        {
            return duration;
        }

        violations.Add(new RuleViolation(RuleCodes.DurationInvalid, name,
            $"{name} '{text}' is not an ISO 8601 duration such as P730D or P2Y.", text));
        return null;
    }

    private static Duration? ReadAutoExtend(JsonElement body, List<RuleViolation> violations, out string? text)
    {
        text = ReadString(body, "autoExtendDuration");
        if (text is null)
        {
            return null;
        }

        if (GdapDurations.TryParse(text, out var duration))
        {
            return duration;
        }

        violations.Add(new RuleViolation(RuleCodes.AutoExtendInvalid, "autoExtendDuration",
            $"autoExtendDuration must be PT0S, P0D or P180D; '{text}' is not an ISO 8601 duration.", text));
        text = null;
        return null;
    }

    private static CustomerParticipant? ReadCustomer(JsonElement body)
    {
        if (!body.TryGetProperty("customer", out var customer) || customer.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (customer.ValueKind != JsonValueKind.Object)
        {
            throw GraphErrorException.BadRequest("customer must be an object with tenantId and displayName.");
        }

        // Spec §9.2 checks tenantId only when present; without one the object names no tenant, as Graph reads it back.
        var tenantId = ReadString(customer, "tenantId");
        var displayName = ReadString(customer, "displayName");
        return tenantId is null ? null : new CustomerParticipant(tenantId, displayName);
    }

    private static List<RoleGrant>? ReadRoles(JsonElement body, List<RuleViolation> violations)
    {
        if (!body.TryGetProperty("accessDetails", out var details) || details.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (details.ValueKind != JsonValueKind.Object)
        {
            throw GraphErrorException.BadRequest("accessDetails must be an object with a unifiedRoles array.");
        }

        var roles = new List<RoleGrant>();
        if (!details.TryGetProperty("unifiedRoles", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return roles;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw GraphErrorException.BadRequest("accessDetails.unifiedRoles must be an array.");
        }

        foreach (var role in list.EnumerateArray())
        {
            if (role.ValueKind != JsonValueKind.Object)
            {
                throw GraphErrorException.BadRequest("Each accessDetails.unifiedRoles item must be an object with roleDefinitionId.");
            }

            var id = ReadString(role, "roleDefinitionId");
            if (GdapIds.TryParseGuid(id, out var guid))
            {
                roles.Add(new RoleGrant(guid));
            }
            else
            {
                violations.Add(new RuleViolation(RuleCodes.RoleInvalidId, RolesTarget,
                    $"Role id '{id}' is not a role template id (a GUID).", id));
            }
        }

        return roles;
    }
}
