using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Emulator.Faults;
using PartnerAccess.Sdk.Emulator.Hosting;
using PartnerAccess.Sdk.Emulator.Wire;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Emulator.Control;

/// <summary>
/// The control surface under <c>/_emulator/</c>: what the customer, the reseller and time do, plus faults, reset and
/// what the emulator captured. Never throttled, never faulted, never behind the bearer-token setting.
/// </summary>
internal static class ControlEndpoints
{
    private const string Root = "/_emulator";

    private static readonly JsonSerializerOptions FaultsJson = new()
    {
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly string[] Index =
    [
        "POST /_emulator/relationships/{id}/approve  body (optional): {\"customerTenantId\",\"customerDisplayName\"}",
        "POST /_emulator/relationships/{id}/terminate",
        "POST /_emulator/relationships/{id}/reseller/approve",
        "POST /_emulator/relationships/{id}/reseller/reject",
        "POST /_emulator/resellerRelationships  body: a relationship create body plus \"indirectProviderTenantId\"",
        "GET  /_emulator/clock",
        "POST /_emulator/clock/advance  body: {\"duration\":\"P30D\"}",
        "GET|PUT|DELETE /_emulator/faults",
        "PUT  /_emulator/faults/production  body (optional): settings that replace the preset's, e.g. {\"seed\":7}",
        "POST /_emulator/reset",
        "GET|DELETE /_emulator/requests",
        "GET|DELETE /_emulator/mail",
        "GET|POST|DELETE /_emulator/signins",
        "GET  /_emulator/audit?relationshipId=&customerTenantId=",
        "GET|POST /_emulator/groups  body: {\"displayName\",\"id\",\"description\",\"members\":[{\"displayName\",\"userPrincipalName\",\"id\"}]}",
        "POST /_emulator/groups/{id}/members  body: {\"displayName\",\"userPrincipalName\",\"id\"}",
        "DELETE /_emulator/groups/{id}",
    ];

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapGet(Root, ctx => GraphResponses.WriteJsonAsync(ctx, StatusCodes.Status200OK, new JsonObject
        {
            ["graphBaseUrl"] = GraphResponses.GraphBase(ctx.Request),
            ["betaBaseUrl"] = GraphResponses.GraphBase(ctx.Request, "beta"),
            ["now"] = GraphResponses.FormatInstant(state.Clock.Now),
            ["partnerTenantId"] = state.Simulator.Options.PartnerTenantId,
            ["controlEndpoints"] = new JsonArray(Index.Select(e => (JsonNode?)e).ToArray()),
        }));
        app.MapPost(Root + "/relationships/{id}/approve", ctx => Approve(ctx, state));
        app.MapPost(Root + "/relationships/{id}/terminate", ctx => Terminate(ctx, state));
        app.MapPost(Root + "/relationships/{id}/reseller/approve", ctx => ResellerDecision(ctx, state, RelationshipRequestAction.Approve));
        app.MapPost(Root + "/relationships/{id}/reseller/reject", ctx => ResellerDecision(ctx, state, RelationshipRequestAction.Reject));
        app.MapPost(Root + "/resellerRelationships", ctx => CreateResellerRelationship(ctx, state));

        app.MapGet(Root + "/clock", ctx => WriteClock(ctx, state));
        app.MapPost(Root + "/clock/advance", ctx => AdvanceClock(ctx, state));

        app.MapGet(Root + "/faults", ctx => GraphResponses.WriteObjectAsync(ctx, StatusCodes.Status200OK, state.Faults.Faults));
        app.MapPut(Root + "/faults", ctx => PutFaults(ctx, state, preset: null));
        app.MapPut(Root + "/faults/production", ctx => PutFaults(ctx, state, EmulatorFaults.Production));
        app.MapDelete(Root + "/faults", ctx =>
        {
            state.Faults.Faults = EmulatorFaults.None;
            ctx.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });

        app.MapPost(Root + "/reset", ctx =>
        {
            state.Reset();
            ctx.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });

        app.MapGet(Root + "/requests", ctx => GraphResponses.WriteObjectAsync(ctx, StatusCodes.Status200OK, state.Requests.Snapshot()));
        app.MapDelete(Root + "/requests", ctx => Clear(ctx, state.Requests.Clear));

        app.MapGet(Root + "/mail", ctx => WriteMail(ctx, state));
        app.MapDelete(Root + "/mail", ctx => Clear(ctx, state.Mail.Clear));

        app.MapPost(Root + "/signins", ctx => SeedSignIns(ctx, state));
        app.MapGet(Root + "/signins", ctx => GraphResponses.WriteJsonAsync(ctx, StatusCodes.Status200OK,
            new JsonArray(state.SignIns.Snapshot().Select(s => JsonNode.Parse(s.Record.GetRawText())).ToArray())));
        app.MapDelete(Root + "/signins", ctx => Clear(ctx, state.SignIns.Clear));

        app.MapGet(Root + "/audit", ctx => WriteAudit(ctx, state));
    }

    private static async Task Approve(HttpContext ctx, EmulatorState state)
    {
        var body = await GraphReader.ReadBodyAsync(ctx, required: false).ConfigureAwait(false);
        CustomerParticipant? customer = null;
        if (body is { } element)
        {
            var json = GraphReader.RequireObject(element);
            var tenantId = GraphReader.ReadString(json, "customerTenantId");
            var displayName = GraphReader.ReadString(json, "customerDisplayName");
            if (tenantId is null && displayName is not null)
            {
                throw GraphErrorException.BadRequest("customerDisplayName needs customerTenantId.");
            }

            customer = tenantId is null ? null : new CustomerParticipant(tenantId, displayName);
        }

        var relationship = state.Simulator.Approve(Route(ctx), customer);
        await WriteRelationship(ctx, state, relationship, StatusCodes.Status200OK).ConfigureAwait(false);
    }

    private static Task Terminate(HttpContext ctx, EmulatorState state) =>
        WriteRelationship(ctx, state, state.Simulator.TerminateByCustomer(Route(ctx)), StatusCodes.Status200OK);

    private static Task ResellerDecision(HttpContext ctx, EmulatorState state, RelationshipRequestAction action)
    {
        var request = state.Simulator.CreateRequest(Route(ctx), action);
        var writer = state.Writer(includeUnknownEnumMembers: true);
        return GraphResponses.WriteEntityAsync(ctx, StatusCodes.Status201Created, odataContext: null, json => writer.Request(json, request, PropertySelection.All));
    }

    private static async Task CreateResellerRelationship(HttpContext ctx, EmulatorState state)
    {
        var body = GraphReader.RequireObject(await GraphReader.ReadBodyAsync(ctx).ConfigureAwait(false));
        var indirectProvider = GraphReader.ReadString(body, "indirectProviderTenantId");
        if (!GdapIds.IsGuid(indirectProvider))
        {
            throw GraphErrorException.BadRequest("indirectProviderTenantId is required and must be a GUID.");
        }

        var read = GraphReader.ReadCreateRelationship(body);
        if (read.WireViolations.Count > 0)
        {
            throw PartnerAccessException.FromViolations([.. read.WireViolations, .. state.Simulator.Rules.ValidateCreate(read.Value)]);
        }

        var relationship = state.Simulator.CreateResellerRelationship(read.Value, indirectProvider!);
        state.RememberAutoExtendText(relationship.Id, read.AutoExtendText);
        await WriteRelationship(ctx, state, relationship, StatusCodes.Status201Created).ConfigureAwait(false);
    }

    private static Task WriteClock(HttpContext ctx, EmulatorState state) =>
        GraphResponses.WriteJsonAsync(ctx, StatusCodes.Status200OK, new JsonObject
        {
            ["now"] = GraphResponses.FormatInstant(state.Clock.Now),
            ["realTime"] = state.Clock.IsRealTime,
        });

    private static async Task AdvanceClock(HttpContext ctx, EmulatorState state)
    {
        var body = GraphReader.RequireObject(await GraphReader.ReadBodyAsync(ctx).ConfigureAwait(false));
        var text = GraphReader.ReadString(body, "duration") ?? throw GraphErrorException.BadRequest("duration is required, for example {\"duration\":\"P30D\"}.");
        if (!GdapDurations.TryParse(text, out var duration) || duration < NodaTime.Duration.Zero)
        {
            throw GraphErrorException.BadRequest($"duration '{text}' is not a non-negative ISO 8601 duration such as P30D or PT2H.");
        }

        state.Clock.Advance(duration);

        // Any engine call brings the state up to the new "now", so the transitions run here rather than on the next request.
        _ = state.Simulator.ListRelationships();
        await WriteClock(ctx, state).ConfigureAwait(false);
    }

    private static async Task PutFaults(HttpContext ctx, EmulatorState state, EmulatorFaults? preset)
    {
        var read = await GraphReader.ReadBodyAsync(ctx, required: preset is null).ConfigureAwait(false);
        var body = read is null ? new JsonObject() : JsonNode.Parse(GraphReader.RequireObject(read).GetRawText())!.AsObject();
        if (preset is not null)
        {
            // The preset's settings, each replaced by the body's when it names it.
            var merged = JsonSerializer.SerializeToNode(preset)!.AsObject();
            foreach (var (name, value) in body.ToList())
            {
                var key = merged.Select(p => p.Key).FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name;
                merged[key] = value?.DeepClone();
            }

            body = merged;
        }

        EmulatorFaults faults;
        try
        {
            faults = body.Deserialize<EmulatorFaults>(FaultsJson) ?? EmulatorFaults.None;
        }
        catch (JsonException exception)
        {
            throw GraphErrorException.BadRequest($"Invalid faults: {exception.Message}");
        }

        var problems = faults.Validate();
        if (problems.Count > 0)
        {
            throw GraphErrorException.BadRequest("Invalid faults: " + string.Join(" ", problems));
        }

        state.Faults.Faults = faults;
        await GraphResponses.WriteObjectAsync(ctx, StatusCodes.Status200OK, faults).ConfigureAwait(false);
    }

    private static Task WriteMail(HttpContext ctx, EmulatorState state)
    {
        var mails = new JsonArray();
        foreach (var mail in state.Mail.Snapshot())
        {
            mails.Add(new JsonObject
            {
                ["sequence"] = mail.Sequence,
                ["userId"] = mail.UserId,
                ["receivedAt"] = GraphResponses.FormatInstant(mail.ReceivedAt),
                ["subject"] = mail.Subject,
                ["bodyContentType"] = mail.BodyContentType,
                ["body"] = mail.Body,
                ["toRecipients"] = new JsonArray(mail.ToRecipients.Select(a => (JsonNode?)a).ToArray()),
                ["ccRecipients"] = new JsonArray(mail.CcRecipients.Select(a => (JsonNode?)a).ToArray()),
                ["bccRecipients"] = new JsonArray(mail.BccRecipients.Select(a => (JsonNode?)a).ToArray()),
                ["saveToSentItems"] = mail.SaveToSentItems,
                ["message"] = JsonNode.Parse(mail.Message.GetRawText()),
            });
        }

        return GraphResponses.WriteJsonAsync(ctx, StatusCodes.Status200OK, mails);
    }

    private static async Task SeedSignIns(HttpContext ctx, EmulatorState state)
    {
        var body = await GraphReader.ReadBodyAsync(ctx).ConfigureAwait(false);
        var records = body!.Value.ValueKind == JsonValueKind.Array ? body.Value.EnumerateArray().ToList() : [body.Value];
        state.SignIns.Add(records);
        await GraphResponses.WriteJsonAsync(ctx, StatusCodes.Status200OK, new JsonObject
        {
            ["added"] = records.Count,
            ["total"] = state.SignIns.Snapshot().Count,
        }).ConfigureAwait(false);
    }

    private static Task WriteAudit(HttpContext ctx, EmulatorState state)
    {
        var query = new AuditQuery
        {
            RelationshipId = ctx.Request.Query["relationshipId"].FirstOrDefault(),
            CustomerTenantId = ctx.Request.Query["customerTenantId"].FirstOrDefault(),
        };
        var records = new JsonArray();
        foreach (var record in state.Simulator.ListAuditRecords(query))
        {
            records.Add(new JsonObject
            {
                ["id"] = record.Id,
                ["occurredAt"] = GraphResponses.FormatInstant(record.OccurredAt),
                ["kind"] = JsonNamingPolicy.CamelCase.ConvertName(record.Kind.ToString()),
                ["actor"] = new JsonObject
                {
                    ["kind"] = JsonNamingPolicy.CamelCase.ConvertName(record.Actor.Kind.ToString()),
                    ["id"] = record.Actor.Id,
                    ["displayName"] = record.Actor.DisplayName,
                },
                ["relationshipId"] = record.RelationshipId,
                ["accessAssignmentId"] = record.AccessAssignmentId,
                ["customerTenantId"] = record.CustomerTenantId,
                ["partnerTenantId"] = record.PartnerTenantId,
                ["summary"] = record.Summary,
                ["details"] = new JsonObject(record.Details.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))),
            });
        }

        return GraphResponses.WriteJsonAsync(ctx, StatusCodes.Status200OK, records);
    }

    private static Task WriteRelationship(HttpContext ctx, EmulatorState state, Relationship relationship, int status)
    {
        var writer = state.Writer(includeUnknownEnumMembers: true);
        return GraphResponses.WriteEntityAsync(ctx, status, odataContext: null, json => writer.Relationship(json, relationship, PropertySelection.All));
    }

    private static Task Clear(HttpContext ctx, Action clear)
    {
        clear();
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static string Route(HttpContext ctx) => ctx.Request.RouteValues["id"] as string ?? string.Empty;
}
