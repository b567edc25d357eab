using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PartnerAccess.Sdk.Emulator.Hosting;
using PartnerAccess.Sdk.Emulator.Wire;
using PartnerAccess.Sdk.Groups;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Emulator.Groups;

/// <summary>
/// The partner tenant's <c>/v1.0/groups</c> and <c>/v1.0/groups/{id}/members</c>, in Graph's shape and its directory
/// error dialect (<c>Request_ResourceNotFound</c>, <c>Request_BadRequest</c>), over a <see cref="PartnerGroupDirectory"/>.
/// Like Entra ID it accepts a second group with a name already in use.
/// </summary>
internal static class GroupsEndpoints
{
    private const string Groups = "/v1.0/groups";
    private const string Control = "/_emulator/groups";
    private const int DefaultTop = 100;
    private const int MaxTop = 999;

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapGet(Groups, ctx => ListGroups(ctx, state.Groups));
        app.MapPost(Groups, ctx => CreateGroup(ctx, state.Groups));
        app.MapGet(Groups + "/{id}", ctx => GetGroup(ctx, state.Groups));
        app.MapGet(Groups + "/{id}/members", ctx => ListMembers(ctx, state.Groups));

        app.MapGet(Control, ctx => GraphResponses.WriteJsonAsync(ctx, StatusCodes.Status200OK,
            new JsonObject { ["value"] = new JsonArray(state.Groups.List().Select(g => (JsonNode?)WriteGroup(g)).ToArray()) }));
        app.MapPost(Control, ctx => SeedGroup(ctx, state.Groups));
        app.MapPost(Control + "/{id}/members", ctx => SeedMember(ctx, state.Groups));
        app.MapDelete(Control + "/{id}", ctx => DeleteGroup(ctx, state.Groups));
    }

    internal static JsonObject WriteGroup(PartnerGroup group) => new()
    {
        ["id"] = group.Id,
        ["deletedDateTime"] = null,
        ["classification"] = null,
        ["createdDateTime"] = group.CreatedAt is { } created ? GraphResponses.FormatInstant(created) : null,
        ["creationOptions"] = new JsonArray(),
        ["description"] = group.Description,
        ["displayName"] = group.DisplayName,
        ["expirationDateTime"] = null,
        ["groupTypes"] = new JsonArray(),
        ["isAssignableToRole"] = null,
        ["mail"] = null,
        ["mailEnabled"] = group.MailEnabled,
        ["mailNickname"] = group.MailNickname,
        ["membershipRule"] = null,
        ["membershipRuleProcessingState"] = null,
        ["proxyAddresses"] = new JsonArray(),
        ["renewedDateTime"] = group.CreatedAt is { } renewed ? GraphResponses.FormatInstant(renewed) : null,
        ["securityEnabled"] = group.SecurityEnabled,
        ["securityIdentifier"] = SecurityIdentifier(group.Id),
        ["visibility"] = null,
    };

    private static Task ListGroups(HttpContext ctx, PartnerGroupDirectory directory)
    {
        var (predicate, top, offset) = ReadListQuery(ctx.Request.Query, "/groups", filterable: true);
        var all = directory.List().Where(predicate).ToList();
        return WritePage(ctx, "groups", all.Skip(offset).Take(top).Select(g => (JsonNode)WriteGroup(g)), offset + top < all.Count ? offset + top : null);
    }

    // One reader of $filter, $top and $skiptoken for both list endpoints; an option an endpoint lacks is refused as Graph does.
    private static (Func<PartnerGroup, bool> Predicate, int Top, int Offset) ReadListQuery(IQueryCollection query, string path, bool filterable)
    {
        Func<PartnerGroup, bool> predicate = _ => true;
        var top = DefaultTop;
        var offset = 0;
        foreach (var key in query.Keys)
        {
            var value = query[key].ToString();
            switch (key.ToLowerInvariant())
            {
                case "$filter" when filterable:
                    predicate = ParseFilter(value);
                    break;
                case "$top":
                    top = ParseTop(value);
                    break;
                case "$skiptoken":
                    offset = DecodeSkipToken(value);
                    break;
                default:
                    if (key.StartsWith('$'))
                    {
                        throw BadRequest($"The query option '{key}' is not supported on {path} by the emulator.");
                    }

                    break;
            }
        }

        return (predicate, top, offset);
    }

    private static async Task CreateGroup(HttpContext ctx, PartnerGroupDirectory directory)
    {
        var body = GraphReader.RequireObject(await GraphReader.ReadBodyAsync(ctx).ConfigureAwait(false));
        var displayName = ReadString(body, "displayName");
        var mailNickname = ReadString(body, "mailNickname");
        var description = ReadString(body, "description");
        var securityEnabled = ReadBool(body, "securityEnabled");
        var mailEnabled = ReadBool(body, "mailEnabled");
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Length > PartnerGroupRules.MaxDisplayNameLength)
        {
            throw BadRequest("Invalid value specified for property 'displayName' of resource 'Group'.");
        }

        if (string.IsNullOrWhiteSpace(mailNickname) || PartnerGroupRules.ValidateCreate(new CreatePartnerGroupRequest { DisplayName = displayName, MailNickname = mailNickname }).Count > 0)
        {
            throw BadRequest("Invalid value specified for property 'mailNickname' of resource 'Group'.");
        }

        if (securityEnabled is null || mailEnabled is null)
        {
            throw BadRequest($"A value is required for property '{(securityEnabled is null ? "securityEnabled" : "mailEnabled")}' of resource 'Group'.");
        }

        if (mailEnabled == true && !IsUnified(body))
        {
            throw BadRequest("Mail-enabled security groups and distribution groups can't be created through Microsoft Graph.");
        }

        var group = directory.Create(displayName, mailNickname, description, securityEnabled.Value, mailEnabled.Value);
        ctx.Response.Headers.Location = $"{GraphResponses.GraphBase(ctx.Request)}/directoryObjects/{group.Id}/Microsoft.DirectoryServices.Group";
        var json = WriteGroup(group);
        json.Insert(0, "@odata.context", $"{GraphResponses.GraphBase(ctx.Request)}/$metadata#groups/$entity");
        await GraphResponses.WriteJsonAsync(ctx, StatusCodes.Status201Created, json).ConfigureAwait(false);
    }

    private static Task GetGroup(HttpContext ctx, PartnerGroupDirectory directory)
    {
        var json = WriteGroup(Find(ctx, directory).Group);
        json.Insert(0, "@odata.context", $"{GraphResponses.GraphBase(ctx.Request)}/$metadata#groups/$entity");
        return GraphResponses.WriteJsonAsync(ctx, StatusCodes.Status200OK, json);
    }

    private static Task ListMembers(HttpContext ctx, PartnerGroupDirectory directory)
    {
        var (_, id) = Find(ctx, directory);
        var (_, top, offset) = ReadListQuery(ctx.Request.Query, "/groups/{id}/members", filterable: false);
        var members = directory.Members(id);
        return WritePage(ctx, "directoryObjects", members.Skip(offset).Take(top).Select(WriteMember), offset + top < members.Count ? offset + top : null);
    }

    private static async Task SeedGroup(HttpContext ctx, PartnerGroupDirectory directory)
    {
        var body = GraphReader.RequireObject(await GraphReader.ReadBodyAsync(ctx).ConfigureAwait(false));
        var displayName = ReadString(body, "displayName") ?? throw BadRequest("displayName is required.");
        PartnerGroup group;
        try
        {
            group = directory.Add(displayName, ReadString(body, "id"), ReadString(body, "description"));
        }
        catch (ArgumentException exception)
        {
            throw BadRequest(exception.Message);
        }

        if (body.TryGetProperty("members", out var members) && members.ValueKind == JsonValueKind.Array)
        {
            foreach (var member in members.EnumerateArray())
            {
                AddMember(directory, group.Id, member);
            }
        }

        await GraphResponses.WriteJsonAsync(ctx, StatusCodes.Status201Created, WriteGroup(group)).ConfigureAwait(false);
    }

    private static async Task SeedMember(HttpContext ctx, PartnerGroupDirectory directory)
    {
        var body = GraphReader.RequireObject(await GraphReader.ReadBodyAsync(ctx).ConfigureAwait(false));
        var (group, _) = Find(ctx, directory);
        var member = AddMember(directory, group.Id, body);
        await GraphResponses.WriteJsonAsync(ctx, StatusCodes.Status201Created, WriteMember(member)).ConfigureAwait(false);
    }

    private static Task DeleteGroup(HttpContext ctx, PartnerGroupDirectory directory)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        if (!directory.Delete(id))
        {
            throw NotFound(id);
        }

        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static PartnerGroupMember AddMember(PartnerGroupDirectory directory, string groupId, JsonElement member)
    {
        var displayName = ReadString(member, "displayName") ?? throw BadRequest("A member needs a displayName.");
        return directory.AddMember(groupId, displayName, ReadString(member, "userPrincipalName"), ReadString(member, "id"));
    }

    private static (PartnerGroup Group, string Id) Find(HttpContext ctx, PartnerGroupDirectory directory)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        if (!Guid.TryParse(id, out _))
        {
            throw BadRequest($"Invalid object identifier '{id}'.");
        }

        var group = directory.List().FirstOrDefault(g => string.Equals(g.Id, id, StringComparison.OrdinalIgnoreCase)) ?? throw NotFound(id);
        return (group, group.Id);
    }

    private static JsonNode WriteMember(PartnerGroupMember member) => new JsonObject
    {
        ["@odata.type"] = member.Kind switch
        {
            PartnerGroupMemberKind.Group => "#microsoft.graph.group",
            PartnerGroupMemberKind.ServicePrincipal => "#microsoft.graph.servicePrincipal",
            PartnerGroupMemberKind.Device => "#microsoft.graph.device",
            _ => "#microsoft.graph.user",
        },
        ["id"] = member.Id,
        ["displayName"] = member.DisplayName,
        ["userPrincipalName"] = member.UserPrincipalName,
    };

    private static Task WritePage(HttpContext ctx, string entitySet, IEnumerable<JsonNode> items, int? nextOffset)
    {
        var body = new JsonObject { ["@odata.context"] = $"{GraphResponses.GraphBase(ctx.Request)}/$metadata#{entitySet}" };
        if (nextOffset is { } next)
        {
            body["@odata.nextLink"] = NextLink(ctx.Request, next);
        }

        body["value"] = new JsonArray(items.Select(i => (JsonNode?)i).ToArray());
        return GraphResponses.WriteJsonAsync(ctx, StatusCodes.Status200OK, body);
    }

    /// <summary>The subset Graph serves on <c>displayName</c> without advanced query headers: <c>eq</c> and <c>startswith</c>.</summary>
    private static Func<PartnerGroup, bool> ParseFilter(string filter)
    {
        var text = filter.Trim();
        const string startsWith = "startswith(";
        if (text.StartsWith(startsWith, StringComparison.OrdinalIgnoreCase) && text.EndsWith(')'))
        {
            var inner = text[startsWith.Length..^1];
            var comma = inner.IndexOf(',', StringComparison.Ordinal);
            if (comma > 0 && inner[..comma].Trim().Equals("displayName", StringComparison.OrdinalIgnoreCase) &&
                TryReadLiteral(inner[(comma + 1)..], out var prefix))
            {
                return g => g.DisplayName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
            }
        }

        var parts = text.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 3 && parts[0].Equals("displayName", StringComparison.OrdinalIgnoreCase) &&
            parts[1].Equals("eq", StringComparison.OrdinalIgnoreCase) && TryReadLiteral(parts[2], out var name))
        {
            return g => string.Equals(g.DisplayName, name, StringComparison.OrdinalIgnoreCase);
        }

        throw BadRequest($"Unsupported or invalid query filter clause specified: '{filter}'. The emulator supports displayName eq '…' and startswith(displayName,'…') on /groups.");
    }

    private static bool TryReadLiteral(string text, out string value)
    {
        var trimmed = text.Trim();
        value = string.Empty;
        if (trimmed.Length < 2 || trimmed[0] != '\'' || trimmed[^1] != '\'')
        {
            return false;
        }

        var inner = trimmed[1..^1];
        if (inner.Replace("''", string.Empty, StringComparison.Ordinal).Contains('\'', StringComparison.Ordinal))
        {
            return false;
        }

        value = inner.Replace("''", "'", StringComparison.Ordinal);
        return true;
    }

    private static int ParseTop(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var top) && top is >= 1 and <= MaxTop
            ? top
            : throw BadRequest($"Invalid page size specified: '{value}'. Must be between 1 and {MaxTop} inclusive.");

    private static string NextLink(HttpRequest request, int offset)
    {
        var builder = new StringBuilder($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?");
        foreach (var (key, values) in request.Query)
        {
            if (!key.Equals("$skiptoken", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in values)
                {
                    builder.Append(Uri.EscapeDataString(key).Replace("%24", "$", StringComparison.Ordinal)).Append('=').Append(Uri.EscapeDataString(value ?? string.Empty)).Append('&');
                }
            }
        }

        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes("g:" + offset.ToString(CultureInfo.InvariantCulture))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return builder.Append("$skiptoken=").Append(token).ToString();
    }

    private static int DecodeSkipToken(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            if (text.StartsWith("g:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        throw BadRequest("The specified page token value has expired or is invalid.");
    }

    private static string? ReadString(JsonElement body, string property) =>
        body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool? ReadBool(JsonElement body, string property) =>
        body.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    private static bool IsUnified(JsonElement body) =>
        body.TryGetProperty("groupTypes", out var types) && types.ValueKind == JsonValueKind.Array &&
        types.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && string.Equals(t.GetString(), "Unified", StringComparison.OrdinalIgnoreCase));

    /// <summary>A stable, well-formed SID derived from the object id, as Entra ID derives <c>S-1-12-1-…</c> from it.</summary>
    private static string SecurityIdentifier(string id)
    {
        var bytes = Guid.Parse(id).ToByteArray();
        var parts = Enumerable.Range(0, 4).Select(i => BitConverter.ToUInt32(bytes, i * 4).ToString(CultureInfo.InvariantCulture));
        return "S-1-12-1-" + string.Join("-", parts);
    }

    private static GraphErrorException BadRequest(string message) => new(StatusCodes.Status400BadRequest, "Request_BadRequest", message);

    private static GraphErrorException NotFound(string id) =>
        new(StatusCodes.Status404NotFound, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");
}
