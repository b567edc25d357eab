using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using PartnerAccess.Sdk.Emulator.Hosting;
using PartnerAccess.Sdk.Emulator.Wire;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Testing;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Emulator.JustInTime;

/// <summary>
/// Graph v1.0 PIM for Groups (<c>/identityGovernance/privilegedAccess/group</c>): schedule requests, schedules and
/// schedule instances, membership only. Each handler translates HTTP to one <see cref="PimForGroupsSimulator"/> call;
/// refusals go out as Graph's PIM error codes, without the emulator's rule codes.
/// </summary>
internal static class PimForGroupsEndpoints
{
    private const string Root = "/v1.0/identityGovernance/privilegedAccess/group";

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapPost(Root + "/eligibilityScheduleRequests", ctx => Submit(ctx, state, JustInTimeRequestTarget.Eligibility));
        app.MapPost(Root + "/assignmentScheduleRequests", ctx => Submit(ctx, state, JustInTimeRequestTarget.Assignment));
        app.MapGet(Root + "/eligibilityScheduleRequests", ctx => ListRequests(ctx, state, JustInTimeRequestTarget.Eligibility, "eligibilityScheduleRequests"));
        app.MapGet(Root + "/assignmentScheduleRequests", ctx => ListRequests(ctx, state, JustInTimeRequestTarget.Assignment, "assignmentScheduleRequests"));
        app.MapGet(Root + "/eligibilityScheduleRequests/{id}", ctx => GetRequest(ctx, state, JustInTimeRequestTarget.Eligibility, "eligibilityScheduleRequests"));
        app.MapGet(Root + "/assignmentScheduleRequests/{id}", ctx => GetRequest(ctx, state, JustInTimeRequestTarget.Assignment, "assignmentScheduleRequests"));
        app.MapGet(Root + "/eligibilitySchedules", ctx => ListSchedules(ctx, state, JustInTimeRequestTarget.Eligibility, "eligibilitySchedules", instances: false));
        app.MapGet(Root + "/assignmentSchedules", ctx => ListSchedules(ctx, state, JustInTimeRequestTarget.Assignment, "assignmentSchedules", instances: false));
        app.MapGet(Root + "/eligibilityScheduleInstances", ctx => ListSchedules(ctx, state, JustInTimeRequestTarget.Eligibility, "eligibilityScheduleInstances", instances: true));
        app.MapGet(Root + "/assignmentScheduleInstances", ctx => ListSchedules(ctx, state, JustInTimeRequestTarget.Assignment, "assignmentScheduleInstances", instances: true));
    }

    private static async Task Submit(HttpContext ctx, EmulatorState state, JustInTimeRequestTarget target)
    {
        var body = GraphReader.RequireObject(await GraphReader.ReadBodyAsync(ctx).ConfigureAwait(false));
        var submission = Read(body, target, state.Clock.Now);
        JustInTimeRequest request;
        try
        {
            request = state.JustInTime.Submit(submission);
        }
        catch (PartnerAccessException exception)
        {
            throw ToGraphError(exception, submission.GroupId);
        }

        var json = WriteRequest(request, state, target);
        json["@odata.context"] = Metadata(ctx, CollectionName(target) + "/$entity");
        await GraphResponses.WriteJsonAsync(ctx, StatusCodes.Status201Created, json).ConfigureAwait(false);
    }

    private static Task ListRequests(HttpContext ctx, EmulatorState state, JustInTimeRequestTarget target, string collection)
    {
        RequireScope(ctx);
        var spec = new CollectionSpec<JustInTimeRequest>
        {
            ContextUrl = Metadata(ctx, collection),
            Write = GraphCollection.Nodes<JustInTimeRequest>(r => WriteRequest(r, state, target)),
            Filter = clause => ScopeFilter<JustInTimeRequest>(clause, r => r.GroupId, r => r.PrincipalId),
            FilterHelp = "'groupId eq' and 'principalId eq', joined by 'and'",
        };
        return GraphCollection.WriteAsync(ctx, state.JustInTime.ListRequests(target), spec);
    }

    private static Task GetRequest(HttpContext ctx, EmulatorState state, JustInTimeRequestTarget target, string collection)
    {
        var id = ctx.Request.RouteValues["id"] as string ?? string.Empty;
        var request = state.JustInTime.ListRequests(target).FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase))
            ?? throw new GraphErrorException(404, "ResourceNotFound", $"The request '{id}' was not found.");
        var json = WriteRequest(request, state, target);
        json["@odata.context"] = Metadata(ctx, collection + "/$entity");
        return GraphResponses.WriteJsonAsync(ctx, StatusCodes.Status200OK, json);
    }

    private static Task ListSchedules(HttpContext ctx, EmulatorState state, JustInTimeRequestTarget target, string collection, bool instances)
    {
        RequireScope(ctx);
        var spec = new CollectionSpec<PimSchedule>
        {
            ContextUrl = Metadata(ctx, collection),
            Write = GraphCollection.Nodes<PimSchedule>(s => instances ? WriteInstance(s) : WriteSchedule(s)),
            Filter = clause => ScopeFilter<PimSchedule>(clause, s => s.GroupId, s => s.PrincipalId),
            FilterHelp = "'groupId eq' and 'principalId eq', joined by 'and'",
        };

        // Schedules and instances list what is in force now: a window that closed on the emulator clock is gone.
        return GraphCollection.WriteAsync(ctx, state.JustInTime.ListInForce(target), spec);
    }

    /// <summary>Graph requires these lists to be scoped with <c>$filter</c> on a group or a principal.</summary>
    private static void RequireScope(HttpContext ctx)
    {
        var filter = ctx.Request.Query["$filter"].ToString();
        var scoped = !string.IsNullOrWhiteSpace(filter) && GraphFilter.Parse(filter).Any(c =>
            c.Operator.Equals("eq", StringComparison.OrdinalIgnoreCase) &&
            (c.Property.Equals("groupId", StringComparison.OrdinalIgnoreCase) || c.Property.Equals("principalId", StringComparison.OrdinalIgnoreCase)));
        if (!scoped)
        {
            throw GraphErrorException.BadRequest("This request requires a $filter on groupId or principalId (eq).");
        }
    }

    private static Func<T, bool>? ScopeFilter<T>(FilterClause clause, Func<T, string> group, Func<T, string> principal) =>
        !clause.Operator.Equals("eq", StringComparison.OrdinalIgnoreCase) ? null : clause.Property.ToLowerInvariant() switch
        {
            "groupid" => item => string.Equals(group(item), clause.Value, StringComparison.OrdinalIgnoreCase),
            "principalid" => item => string.Equals(principal(item), clause.Value, StringComparison.OrdinalIgnoreCase),
            "accessid" => _ => string.Equals(clause.Value, "member", StringComparison.OrdinalIgnoreCase),
            _ => null,
        };

    private static PimRequestSubmission Read(JsonElement body, JustInTimeRequestTarget target, Instant now)
    {
        var accessId = GraphReader.ReadString(body, "accessId");
        if (!string.Equals(accessId, "member", StringComparison.Ordinal))
        {
            throw GraphErrorException.BadRequest(accessId is null
                ? "accessId is required."
                : $"accessId '{accessId}' is not supported by the emulator; only 'member' is.");
        }

        var actionText = GraphReader.ReadString(body, "action") ?? throw GraphErrorException.BadRequest("action is required.");
        var action = ParseAction(actionText) ?? throw GraphErrorException.BadRequest($"action '{actionText}' is not valid.");
        Instant? start = null;
        Instant? end = null;
        if (body.TryGetProperty("scheduleInfo", out var schedule) && schedule.ValueKind == JsonValueKind.Object)
        {
            var startText = GraphReader.ReadString(schedule, "startDateTime");
            if (startText is not null)
            {
                start = InstantText.TryParseIso(startText, out var parsed) ? parsed : throw GraphErrorException.BadRequest($"startDateTime '{startText}' is not a date and time.");
            }

            if (schedule.TryGetProperty("expiration", out var expiration) && expiration.ValueKind == JsonValueKind.Object)
            {
                var from = start ?? now;
                end = (GraphReader.ReadString(expiration, "type") ?? "notSpecified") switch
                {
                    "afterDuration" => GdapDurations.TryParse(GraphReader.ReadString(expiration, "duration"), out var duration)
                        ? from + duration
                        : throw GraphErrorException.BadRequest("expiration.duration must be an ISO 8601 duration such as PT4H."),
                    "afterDateTime" => InstantText.TryParseIso(GraphReader.ReadString(expiration, "endDateTime"), out var at)
                        ? at
                        : throw GraphErrorException.BadRequest("expiration.endDateTime must be a date and time."),
                    "noExpiration" or "notSpecified" => null,
                    var other => throw GraphErrorException.BadRequest($"expiration.type '{other}' is not valid."),
                };
            }
        }

        string? ticketNumber = null, ticketSystem = null;
        if (body.TryGetProperty("ticketInfo", out var ticket) && ticket.ValueKind == JsonValueKind.Object)
        {
            ticketNumber = GraphReader.ReadString(ticket, "ticketNumber");
            ticketSystem = GraphReader.ReadString(ticket, "ticketSystem");
        }

        return new PimRequestSubmission
        {
            Target = target,
            Action = action,
            GroupId = GraphReader.ReadString(body, "groupId") ?? string.Empty,
            PrincipalId = GraphReader.ReadString(body, "principalId") ?? string.Empty,
            StartsAt = start,
            EndsAt = end,
            Justification = GraphReader.ReadString(body, "justification"),
            TicketNumber = ticketNumber,
            TicketSystem = ticketSystem,
        };
    }

    /// <summary>The error Graph's PIM service sends for each refusal.</summary>
    internal static GraphErrorException ToGraphError(PartnerAccessException exception, string groupId)
    {
        var codes = exception.Violations.Select(v => v.Code).ToHashSet(StringComparer.Ordinal);
        if (codes.Contains(RuleCodes.JustInTimeGroupIdInvalid) || codes.Contains(RuleCodes.JustInTimePrincipalIdInvalid) || codes.Count == 0)
        {
            return GraphErrorException.BadRequest(exception.Message);
        }

        if (codes.Contains(RuleCodes.JustInTimeUnknownGroup))
        {
            return new GraphErrorException(404, "Request_ResourceNotFound",
                $"Resource '{groupId}' does not exist or one of its queried reference-property objects are not present.");
        }

        if (codes.Contains(RuleCodes.JustInTimeLicenceMissing))
        {
            return new GraphErrorException(400, "AadPremiumLicenseRequired",
                "The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.");
        }

        var policyRules = new List<string>();
        if (codes.Contains(RuleCodes.JustInTimeDurationAbovePolicy) || codes.Contains(RuleCodes.JustInTimeDurationBelowMinimum) ||
            codes.Contains(RuleCodes.JustInTimeEligibilityWindowInvalid))
        {
            policyRules.Add("\"ExpirationRule\"");
        }

        if (codes.Contains(RuleCodes.JustInTimeJustificationRequired))
        {
            policyRules.Add("\"JustificationRule\"");
        }

        if (codes.Contains(RuleCodes.JustInTimeNotEligible) || codes.Contains(RuleCodes.JustInTimeNotActive))
        {
            return new GraphErrorException(400, "RoleAssignmentDoesNotExist", "The Role assignment does not exist.");
        }

        if (policyRules.Count > 0)
        {
            return new GraphErrorException(400, "RoleAssignmentRequestPolicyValidationFailed",
                $"The following policy rules failed: [{string.Join(",", policyRules)}]");
        }

        if (codes.Contains(RuleCodes.JustInTimeAlreadyActive) || codes.Contains(RuleCodes.JustInTimeAlreadyEligible))
        {
            return new GraphErrorException(400, "RoleAssignmentExists", "The Role assignment already exists.");
        }

        return GraphErrorException.BadRequest(exception.Message);
    }

    private static JsonObject WriteRequest(JustInTimeRequest request, EmulatorState state, JustInTimeRequestTarget target)
    {
        var targetSchedule = state.JustInTime.ListSchedules(target).LastOrDefault(s => s.CreatedUsing == request.Id)?.Id;
        return new JsonObject
        {
            ["id"] = request.Id,
            ["status"] = request.Status,
            ["completedDateTime"] = GraphResponses.FormatInstant(request.CreatedAt),
            ["createdDateTime"] = GraphResponses.FormatInstant(request.CreatedAt),
            ["approvalId"] = null,
            ["customData"] = null,
            ["createdBy"] = request.CreatedBy is null ? null : new JsonObject { ["user"] = new JsonObject { ["id"] = request.CreatedBy } },
            ["action"] = ActionName(request.Action),
            ["isValidationOnly"] = false,
            ["justification"] = request.Justification,
            ["scheduleInfo"] = WriteScheduleInfo(request.StartsAt ?? request.CreatedAt, request.EndsAt),
            ["ticketInfo"] = new JsonObject { ["ticketNumber"] = request.TicketNumber, ["ticketSystem"] = request.TicketSystem },
            ["accessId"] = "member",
            ["principalId"] = request.PrincipalId,
            ["groupId"] = request.GroupId,
            ["targetScheduleId"] = targetSchedule,
        };
    }

    private static JsonObject WriteSchedule(PimSchedule schedule)
    {
        var json = new JsonObject
        {
            ["id"] = schedule.Id,
            ["createdDateTime"] = GraphResponses.FormatInstant(schedule.CreatedAt),
            ["modifiedDateTime"] = GraphResponses.FormatInstant(schedule.ModifiedAt),
            ["createdUsing"] = schedule.CreatedUsing,
            ["status"] = "Provisioned",
            ["scheduleInfo"] = WriteScheduleInfo(schedule.StartsAt, schedule.EndsAt),
            ["accessId"] = "member",
            ["principalId"] = schedule.PrincipalId,
            ["memberType"] = "direct",
            ["groupId"] = schedule.GroupId,
        };
        if (schedule.Target == JustInTimeRequestTarget.Assignment)
        {
            json["assignmentType"] = AssignmentTypeName(schedule.Type);
        }

        return json;
    }

    private static JsonObject WriteInstance(PimSchedule schedule)
    {
        var json = new JsonObject
        {
            ["id"] = schedule.Id,
            ["principalId"] = schedule.PrincipalId,
            ["startDateTime"] = GraphResponses.FormatInstant(schedule.StartsAt),
            ["endDateTime"] = schedule.EndsAt is { } end ? GraphResponses.FormatInstant(end) : null,
            ["accessId"] = "member",
            ["groupId"] = schedule.GroupId,
            ["memberType"] = "direct",
        };
        if (schedule.Target == JustInTimeRequestTarget.Assignment)
        {
            json["assignmentType"] = AssignmentTypeName(schedule.Type);
            json["assignmentScheduleId"] = schedule.Id;
        }
        else
        {
            json["eligibilityScheduleId"] = schedule.Id;
        }

        return json;
    }

    private static JsonObject WriteScheduleInfo(Instant start, Instant? end) => new()
    {
        ["startDateTime"] = GraphResponses.FormatInstant(start),
        ["recurrence"] = null,
        ["expiration"] = end is { } e
            ? new JsonObject { ["type"] = "afterDateTime", ["endDateTime"] = GraphResponses.FormatInstant(e), ["duration"] = null }
            : new JsonObject { ["type"] = "noExpiration", ["endDateTime"] = null, ["duration"] = null },
    };

    private static string AssignmentTypeName(GroupAssignmentType type) => type == GroupAssignmentType.Activated ? "activated" : "assigned";

    private static string CollectionName(JustInTimeRequestTarget target) =>
        target == JustInTimeRequestTarget.Eligibility ? "eligibilityScheduleRequests" : "assignmentScheduleRequests";

    private static string Metadata(HttpContext ctx, string fragment) =>
        $"{GraphResponses.GraphBase(ctx.Request)}/$metadata#identityGovernance/privilegedAccess/group/{fragment}";

    private static JustInTimeAction? ParseAction(string text) => text switch
    {
        "adminAssign" => JustInTimeAction.AdminAssign,
        "adminUpdate" => JustInTimeAction.AdminUpdate,
        "adminRemove" => JustInTimeAction.AdminRemove,
        "adminExtend" => JustInTimeAction.AdminExtend,
        "adminRenew" => JustInTimeAction.AdminRenew,
        "selfActivate" => JustInTimeAction.SelfActivate,
        "selfDeactivate" => JustInTimeAction.SelfDeactivate,
        _ => null,
    };

    private static string ActionName(JustInTimeAction action) => action switch
    {
        JustInTimeAction.AdminAssign => "adminAssign",
        JustInTimeAction.AdminUpdate => "adminUpdate",
        JustInTimeAction.AdminRemove => "adminRemove",
        JustInTimeAction.AdminExtend => "adminExtend",
        JustInTimeAction.AdminRenew => "adminRenew",
        JustInTimeAction.SelfActivate => "selfActivate",
        JustInTimeAction.SelfDeactivate => "selfDeactivate",
        _ => "unknownFutureValue",
    };
}
