using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PartnerAccess.Sdk.Emulator.Hosting;
using PartnerAccess.Sdk.Emulator.Wire;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Testing;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Emulator.JustInTime;

/// <summary>
/// The tenant's side of PIM for Groups on the control surface, under <c>/_emulator/pim</c>: which groups PIM manages,
/// standing and eligible members to start from, per-user licences, and the service policy.
/// </summary>
internal static class PimControlEndpoints
{
    private const string Root = "/_emulator/pim";

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapGet(Root, ctx => WriteState(ctx, state));
        app.MapPost(Root + "/groups", ctx => AddGroup(ctx, state));
        app.MapPost(Root + "/groups/{groupId}/standingMembers", ctx => AddStandingMember(ctx, state));
        app.MapPost(Root + "/groups/{groupId}/eligibleMembers", ctx => AddEligibleMember(ctx, state));
        app.MapPut(Root + "/users/{principalId}/licence", ctx => SetLicence(ctx, state));
        app.MapPut(Root + "/policy", ctx => SetPolicy(ctx, state));
    }

    private static Task WriteState(HttpContext ctx, EmulatorState state)
    {
        var pim = state.JustInTime;
        var groups = new JsonArray();
        foreach (var (id, name) in pim.ListGroups())
        {
            groups.Add(new JsonObject { ["groupId"] = id, ["displayName"] = name });
        }

        return GraphResponses.WriteJsonAsync(ctx, StatusCodes.Status200OK, new JsonObject
        {
            ["groups"] = groups,
            ["policy"] = new JsonObject
            {
                ["maximumActivation"] = GdapDurations.Format(pim.Options.MaximumActivation),
                ["maximumEligibility"] = GdapDurations.Format(pim.Options.MaximumEligibility),
                ["requireJustificationOnActivation"] = pim.Options.RequireJustificationOnActivation,
            },
            ["endpoints"] = new JsonArray(
                "POST /_emulator/pim/groups  body: {\"groupId\",\"displayName\"}",
                "POST /_emulator/pim/groups/{groupId}/standingMembers  body: {\"principalId\"}",
                "POST /_emulator/pim/groups/{groupId}/eligibleMembers  body: {\"principalId\",\"endDateTime\"}",
                "PUT  /_emulator/pim/users/{principalId}/licence  body: {\"licensed\":false}",
                "PUT  /_emulator/pim/policy  body: {\"maximumActivation\":\"PT8H\",\"maximumEligibility\":\"P365D\",\"requireJustificationOnActivation\":true}"),
        });
    }

    private static async Task AddGroup(HttpContext ctx, EmulatorState state)
    {
        var body = await ReadAsync(ctx).ConfigureAwait(false);
        var groupId = GraphReader.ReadString(body, "groupId") ?? throw GraphErrorException.BadRequest("groupId is required.");
        Run(() => state.JustInTime.AddGroup(groupId, GraphReader.ReadString(body, "displayName")), groupId);
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task AddStandingMember(HttpContext ctx, EmulatorState state)
    {
        var groupId = Route(ctx, "groupId");
        var body = await ReadAsync(ctx).ConfigureAwait(false);
        var principalId = GraphReader.ReadString(body, "principalId") ?? throw GraphErrorException.BadRequest("principalId is required.");
        Run(() => state.JustInTime.AddStandingMember(groupId, principalId), groupId);
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task AddEligibleMember(HttpContext ctx, EmulatorState state)
    {
        var groupId = Route(ctx, "groupId");
        var body = await ReadAsync(ctx).ConfigureAwait(false);
        var principalId = GraphReader.ReadString(body, "principalId") ?? throw GraphErrorException.BadRequest("principalId is required.");
        var endText = GraphReader.ReadString(body, "endDateTime") ?? throw GraphErrorException.BadRequest("endDateTime is required.");
        if (!InstantText.TryParseIso(endText, out var end))
        {
            throw GraphErrorException.BadRequest($"endDateTime '{endText}' is not a date and time.");
        }

        Run(() => state.JustInTime.Submit(new PimRequestSubmission
        {
            Target = JustInTimeRequestTarget.Eligibility,
            Action = JustInTimeAction.AdminAssign,
            GroupId = groupId,
            PrincipalId = principalId,
            EndsAt = end,
            Justification = "Seeded eligibility",
        }), groupId);
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task SetLicence(HttpContext ctx, EmulatorState state)
    {
        var body = await ReadAsync(ctx).ConfigureAwait(false);
        if (!body.TryGetProperty("licensed", out var licensed) || licensed.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw GraphErrorException.BadRequest("licensed (true or false) is required.");
        }

        state.JustInTime.SetLicensed(Route(ctx, "principalId"), licensed.GetBoolean());
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task SetPolicy(HttpContext ctx, EmulatorState state)
    {
        var body = await ReadAsync(ctx).ConfigureAwait(false);
        var options = state.JustInTime.Options;
        if (GraphReader.ReadString(body, "maximumActivation") is { } activation)
        {
            options = options with { MaximumActivation = Positive(activation, "maximumActivation") };
        }

        if (GraphReader.ReadString(body, "maximumEligibility") is { } eligibility)
        {
            options = options with { MaximumEligibility = Positive(eligibility, "maximumEligibility") };
        }

        if (body.TryGetProperty("requireJustificationOnActivation", out var justification) && justification.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            options = options with { RequireJustificationOnActivation = justification.GetBoolean() };
        }

        state.JustInTime.Configure(options);
        await WriteState(ctx, state).ConfigureAwait(false);
    }

    private static NodaTime.Duration Positive(string text, string name) =>
        GdapDurations.TryParse(text, out var duration) && duration > NodaTime.Duration.Zero
            ? duration
            : throw GraphErrorException.BadRequest($"{name} '{text}' is not a positive ISO 8601 duration such as PT8H.");

    private static void Run(Action action, string groupId)
    {
        try
        {
            action();
        }
        catch (PartnerAccessException exception)
        {
            throw PimForGroupsEndpoints.ToGraphError(exception, groupId);
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpContext ctx) =>
        GraphReader.RequireObject(await GraphReader.ReadBodyAsync(ctx).ConfigureAwait(false));

    private static string Route(HttpContext ctx, string name) => ctx.Request.RouteValues[name] as string ?? string.Empty;
}
