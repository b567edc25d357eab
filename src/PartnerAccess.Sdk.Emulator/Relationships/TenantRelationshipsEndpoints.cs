using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Emulator.Hosting;
using PartnerAccess.Sdk.Emulator.Wire;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Emulator.Relationships;

/// <summary>
/// The Graph v1.0 <c>/tenantRelationships</c> surface (wire spec §3). Each handler translates HTTP to one engine call
/// and the result back to Graph's JSON; the engine owns every rule and transition.
/// </summary>
internal static class TenantRelationshipsEndpoints
{
    private const string Relationships = "/v1.0/tenantRelationships/delegatedAdminRelationships";
    private const string Customers = "/v1.0/tenantRelationships/delegatedAdminCustomers";

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapGet(Relationships, ctx => ListRelationships(ctx, state));
        app.MapPost(Relationships, ctx => CreateRelationship(ctx, state));
        app.MapGet(Relationships + "/{id}", ctx => GetRelationship(ctx, state));
        app.MapPatch(Relationships + "/{id}", ctx => UpdateRelationship(ctx, state));
        app.MapDelete(Relationships + "/{id}", ctx => DeleteRelationship(ctx, state));

        app.MapGet(Relationships + "/{id}/requests", ctx => ListRequests(ctx, state));
        app.MapPost(Relationships + "/{id}/requests", ctx => CreateRequest(ctx, state));
        app.MapGet(Relationships + "/{id}/requests/{requestId}", ctx => GetRequest(ctx, state));

        app.MapGet(Relationships + "/{id}/accessAssignments", ctx => ListAssignments(ctx, state));
        app.MapPost(Relationships + "/{id}/accessAssignments", ctx => CreateAssignment(ctx, state));
        app.MapGet(Relationships + "/{id}/accessAssignments/{assignmentId}", ctx => GetAssignment(ctx, state));
        app.MapPatch(Relationships + "/{id}/accessAssignments/{assignmentId}", ctx => UpdateAssignment(ctx, state));
        app.MapDelete(Relationships + "/{id}/accessAssignments/{assignmentId}", ctx => DeleteAssignment(ctx, state));

        app.MapGet(Relationships + "/{id}/operations", ctx => ListOperations(ctx, state));
        app.MapGet(Relationships + "/{id}/operations/{operationId}", ctx => GetOperation(ctx, state));

        app.MapGet(Customers, ctx => ListCustomers(ctx, state));
        app.MapGet(Customers + "/{customerId}", ctx => GetCustomer(ctx, state));
        app.MapGet(Customers + "/{customerId}/serviceManagementDetails", ctx => ListServiceManagementDetails(ctx, state));
    }

    // ---- relationships

    private static Task ListRelationships(HttpContext ctx, EmulatorState state)
    {
        // The page is read under the simulator's lock straight from its ordered set: nothing beyond the page is copied.
        var hides = state.Faults.HidesFromLists;
        return GraphCollection.WriteAsync<Relationship>(
            ctx,
            read => state.Simulator.ReadRelationships(all => read(hides ? all.Where(r => !state.Faults.IsHiddenFromLists(r.Id)) : all)),
            RelationshipSpec(ctx, state));
    }

    private static async Task CreateRelationship(HttpContext ctx, EmulatorState state)
    {
        var body = GraphReader.RequireObject(await GraphReader.ReadBodyAsync(ctx).ConfigureAwait(false));
        var read = GraphReader.ReadCreateRelationship(body);
        if (read.WireViolations.Count > 0)
        {
            ThrowWithRuleViolations(read.WireViolations, state.Simulator.Rules.ValidateCreate(read.Value), RuleCodes.RolesRequired);
        }

        var relationship = state.Simulator.CreateRelationship(read.Value);
        state.RememberAutoExtendText(relationship.Id, read.AutoExtendText);
        state.Faults.RecordCreated(relationship.Id, isRelationship: true);
        ctx.Response.Headers.Location = $"{GraphResponses.GraphBase(ctx.Request)}/tenantRelationships/delegatedAdminRelationships/{relationship.Id}";
        var writer = state.Writer(ctx);
        await GraphResponses.WriteEntityAsync(ctx, StatusCodes.Status201Created, Metadata(ctx, "delegatedAdminRelationships"),
            json => writer.Relationship(json, relationship, PropertySelection.All)).ConfigureAwait(false);
    }

    private static Task GetRelationship(HttpContext ctx, EmulatorState state)
    {
        var relationship = state.Simulator.GetRelationship(Route(ctx, "id"));
        return WriteEntity(ctx, "delegatedAdminRelationships/$entity", GraphWriter.RelationshipProperties,
            (json, select) => state.Writer(ctx).Relationship(json, relationship, select));
    }

    private static async Task UpdateRelationship(HttpContext ctx, EmulatorState state)
    {
        var id = Route(ctx, "id");
        var ifMatch = IfMatch(ctx);
        var body = GraphReader.RequireObject(await GraphReader.ReadBodyAsync(ctx).ConfigureAwait(false));
        var read = GraphReader.ReadRelationshipUpdate(body);
        if (read.WireViolations.Count > 0)
        {
            var current = state.Simulator.GetRelationship(id);
            ThrowWithRuleViolations(read.WireViolations,
                [.. state.Simulator.Rules.ValidateETag(current.ETag, ifMatch), .. state.Simulator.Rules.ValidateUpdate(current, read.Value)],
                RuleCodes.RolesRequired);
        }

        var outcome = state.Simulator.UpdateRelationship(id, ifMatch, read.Value);
        if (read.Value.AutoExtendDuration is not null)
        {
            state.RememberAutoExtendText(id, read.AutoExtendText);
        }

        if (outcome.Operation is { } operation)
        {
            await WriteAccepted(ctx, state, id, operation, outcome.RetryAfter).ConfigureAwait(false);
            return;
        }

        var relationship = outcome.Value ?? state.Simulator.GetRelationship(id);
        var writer = state.Writer(ctx);
        await GraphResponses.WriteEntityAsync(ctx, StatusCodes.Status200OK, Metadata(ctx, "delegatedAdminRelationships/$entity"),
            json => writer.Relationship(json, relationship, PropertySelection.All)).ConfigureAwait(false);
    }

    private static Task DeleteRelationship(HttpContext ctx, EmulatorState state)
    {
        state.Simulator.DeleteRelationship(Route(ctx, "id"), IfMatch(ctx));
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    // ---- requests

    private static Task ListRequests(HttpContext ctx, EmulatorState state)
    {
        var writer = state.Writer(ctx);
        var spec = new CollectionSpec<RelationshipRequest>
        {
            ContextUrl = Metadata(ctx, "requests"),
            Write = GraphCollection.Objects<RelationshipRequest>(writer.Request),
            Filter = StatusFilter<RelationshipRequest>(r => GraphNames.ToGraphName(r.Status)),
            FilterHelp = "'status eq' only",
            Properties = GraphWriter.RequestProperties,
        };
        return GraphCollection.WriteAsync(ctx, state.Simulator.ListRequests(Route(ctx, "id")), spec);
    }

    private static async Task CreateRequest(HttpContext ctx, EmulatorState state)
    {
        var id = Route(ctx, "id");
        if (state.Faults.IsInMethodNotAllowedWindow(id))
        {
            ctx.Items[EmulatorItems.Fault] = "methodNotAllowed";
            throw new GraphErrorException(StatusCodes.Status405MethodNotAllowed, "methodNotAllowed",
                "The relationship was created moments ago; try again shortly. (Injected fault.)");
        }

        var body = GraphReader.RequireObject(await GraphReader.ReadBodyAsync(ctx).ConfigureAwait(false));
        var action = GraphReader.ReadAction(body);
        if (action == RelationshipRequestAction.LockForApproval &&
            state.Faults.RefusesLock(state.Clock.Now - state.Simulator.GetRelationship(id).CreatedAt))
        {
            ctx.Items[EmulatorItems.Fault] = "lockNotAllowed";
            throw new GraphErrorException(StatusCodes.Status405MethodNotAllowed, "methodNotAllowed",
                "The requested method is not allowed on this resource yet. (Injected fault.)");
        }

        var request = state.Simulator.CreateRequest(id, action);
        state.Faults.RecordCreated(request.Id);
        ctx.Response.Headers.Location = $"{GraphResponses.GraphBase(ctx.Request)}/tenantRelationships/delegatedAdminRelationships/{id}/requests/{request.Id}";
        var writer = state.Writer(ctx);
        await GraphResponses.WriteEntityAsync(ctx, StatusCodes.Status201Created, Metadata(ctx, "requests"),
            json => writer.Request(json, request, PropertySelection.All)).ConfigureAwait(false);
    }

    private static Task GetRequest(HttpContext ctx, EmulatorState state)
    {
        var request = state.Simulator.GetRequest(Route(ctx, "id"), Route(ctx, "requestId"));
        return WriteEntity(ctx, "requests/$entity", GraphWriter.RequestProperties, (json, select) => state.Writer(ctx).Request(json, request, select));
    }

    // ---- access assignments

    private static Task ListAssignments(HttpContext ctx, EmulatorState state)
    {
        var spec = new CollectionSpec<AccessAssignment>
        {
            ContextUrl = Metadata(ctx, "accessAssignments"),
            Write = GraphCollection.Objects<AccessAssignment>(GraphWriter.Assignment),
            Filter = clause => clause.Operator != "eq" ? null : clause.Property.ToLowerInvariant() switch
            {
                "status" => a => Same(GraphNames.ToGraphName(a.Status), clause.Value),
                "accesscontainer/accesscontainerid" => a => Same(a.SecurityGroupId, clause.Value),
                _ => null,
            },
            FilterHelp = "'status eq' and 'accessContainer/accessContainerId eq', joined by 'and'",
            Properties = GraphWriter.AssignmentProperties,
        };
        return GraphCollection.WriteAsync(ctx, state.Simulator.ListAccessAssignments(Route(ctx, "id")).Where(a => !state.Faults.IsHiddenFromLists(a.Id)), spec);
    }

    private static async Task CreateAssignment(HttpContext ctx, EmulatorState state)
    {
        var id = Route(ctx, "id");
        var body = GraphReader.RequireObject(await GraphReader.ReadBodyAsync(ctx).ConfigureAwait(false));
        var read = GraphReader.ReadCreateAssignment(body);
        if (read.WireViolations.Count > 0)
        {
            var relationship = state.Simulator.GetRelationship(id);
            ThrowWithRuleViolations(read.WireViolations,
                state.Simulator.Rules.ValidateCreateAssignment(relationship, read.Value, state.Simulator.ListAccessAssignments(id)),
                RuleCodes.AssignmentRolesRequired);
        }

        var assignment = state.Simulator.CreateAccessAssignment(id, read.Value);
        state.Faults.RecordCreated(assignment.Id);
        ctx.Response.Headers.Location = $"{GraphResponses.GraphBase(ctx.Request)}/tenantRelationships/delegatedAdminRelationships/{id}/accessAssignments/{assignment.Id}";
        await GraphResponses.WriteEntityAsync(ctx, StatusCodes.Status201Created, Metadata(ctx, "accessAssignments"),
            json => GraphWriter.Assignment(json, assignment, PropertySelection.All)).ConfigureAwait(false);
    }

    private static Task GetAssignment(HttpContext ctx, EmulatorState state)
    {
        var assignment = state.Simulator.GetAccessAssignment(Route(ctx, "id"), Route(ctx, "assignmentId"));
        return WriteEntity(ctx, "accessAssignments/$entity", GraphWriter.AssignmentProperties, (json, select) => GraphWriter.Assignment(json, assignment, select));
    }

    private static async Task UpdateAssignment(HttpContext ctx, EmulatorState state)
    {
        var id = Route(ctx, "id");
        var assignmentId = Route(ctx, "assignmentId");
        var ifMatch = IfMatch(ctx);
        var body = GraphReader.RequireObject(await GraphReader.ReadBodyAsync(ctx).ConfigureAwait(false));
        var read = GraphReader.ReadAssignmentUpdate(body);
        if (read.WireViolations.Count > 0)
        {
            var relationship = state.Simulator.GetRelationship(id);
            var current = state.Simulator.GetAccessAssignment(id, assignmentId);
            ThrowWithRuleViolations(read.WireViolations,
                [.. state.Simulator.Rules.ValidateETag(current.ETag, ifMatch), .. state.Simulator.Rules.ValidateUpdateAssignment(relationship, current, read.Value)],
                RuleCodes.AssignmentRolesRequired);
        }

        var outcome = state.Simulator.UpdateAccessAssignment(id, assignmentId, ifMatch, read.Value);
        if (outcome.Operation is { } operation)
        {
            await WriteAccepted(ctx, state, id, operation, outcome.RetryAfter).ConfigureAwait(false);
            return;
        }

        var assignment = outcome.Value ?? state.Simulator.GetAccessAssignment(id, assignmentId);
        await GraphResponses.WriteEntityAsync(ctx, StatusCodes.Status200OK, Metadata(ctx, "accessAssignments/$entity"),
            json => GraphWriter.Assignment(json, assignment, PropertySelection.All)).ConfigureAwait(false);
    }

    private static Task DeleteAssignment(HttpContext ctx, EmulatorState state)
    {
        state.Simulator.DeleteAccessAssignment(Route(ctx, "id"), Route(ctx, "assignmentId"), IfMatch(ctx));
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    // ---- operations

    private static Task ListOperations(HttpContext ctx, EmulatorState state)
    {
        var writer = state.Writer(ctx);
        var spec = new CollectionSpec<RelationshipOperation>
        {
            ContextUrl = Metadata(ctx, "operations"),
            Write = GraphCollection.Objects<RelationshipOperation>(writer.Operation),
            Filter = StatusFilter<RelationshipOperation>(o => GraphNames.ToGraphName(o.Status)),
            FilterHelp = "'status eq' only",
            OrderBy = new Dictionary<string, Func<RelationshipOperation, string?>> { ["status"] = o => GraphNames.ToGraphName(o.Status) },
            Properties = GraphWriter.OperationProperties,
        };
        return GraphCollection.WriteAsync(ctx, state.Simulator.ListOperations(Route(ctx, "id")), spec);
    }

    private static Task GetOperation(HttpContext ctx, EmulatorState state)
    {
        var operation = state.Simulator.GetOperation(Route(ctx, "id"), Route(ctx, "operationId"));
        return WriteEntity(ctx, "operations/$entity", GraphWriter.OperationProperties, (json, select) => state.Writer(ctx).Operation(json, operation, select));
    }

    // ---- customers

    private static Task ListCustomers(HttpContext ctx, EmulatorState state)
    {
        var spec = new CollectionSpec<DelegatedAdminCustomer>
        {
            ContextUrl = Metadata(ctx, "delegatedAdminCustomers"),
            Write = GraphCollection.Objects<DelegatedAdminCustomer>(GraphWriter.Customer),
            OrderBy = new Dictionary<string, Func<DelegatedAdminCustomer, string?>> { ["displayName"] = c => c.DisplayName },
            Properties = GraphWriter.CustomerProperties,
        };
        return GraphCollection.WriteAsync<DelegatedAdminCustomer>(ctx, read => state.Simulator.ReadCustomers(read), spec);
    }

    private static Task GetCustomer(HttpContext ctx, EmulatorState state)
    {
        var customer = state.Simulator.GetCustomer(Route(ctx, "customerId"));
        return WriteEntity(ctx, "delegatedAdminCustomers/$entity", GraphWriter.CustomerProperties, (json, select) => GraphWriter.Customer(json, customer, select));
    }

    private static Task ListServiceManagementDetails(HttpContext ctx, EmulatorState state)
    {
        var customerId = Route(ctx, "customerId");
        var spec = new CollectionSpec<ServiceManagementDetail>
        {
            ContextUrl = Metadata(ctx, $"delegatedAdminCustomers/{customerId}/serviceManagementDetails"),
            Write = GraphCollection.Objects<ServiceManagementDetail>(GraphWriter.ServiceManagementDetail),
            SupportsQueryOptions = false,
        };
        return GraphCollection.WriteAsync(ctx, state.Simulator.ListServiceManagementDetails(customerId), spec);
    }

    // ---- helpers

    private static CollectionSpec<Relationship> RelationshipSpec(HttpContext ctx, EmulatorState state)
    {
        var writer = state.Writer(ctx);
        return new CollectionSpec<Relationship>
        {
            ContextUrl = Metadata(ctx, "delegatedAdminRelationships"),
            Write = GraphCollection.Objects<Relationship>(writer.Relationship),
            Filter = clause => clause.Operator != "eq" ? null : clause.Property.ToLowerInvariant() switch
            {
                "status" => r => Same(GraphNames.ToGraphName(r.Status), clause.Value),
                "displayname" => r => Same(r.DisplayName, clause.Value),
                "customer/tenantid" => r => Same(r.Customer?.TenantId, clause.Value),
                _ => null,
            },
            FilterHelp = "'status eq', 'displayName eq' and 'customer/tenantId eq', joined by 'and'",
            OrderBy = new Dictionary<string, Func<Relationship, string?>> { ["status"] = r => GraphNames.ToGraphName(r.Status) },
            Properties = GraphWriter.RelationshipProperties,
        };
    }

    private static Func<FilterClause, Func<T, bool>?> StatusFilter<T>(Func<T, string> status) =>
        clause => clause.Operator == "eq" && clause.Property.Equals("status", StringComparison.OrdinalIgnoreCase)
            ? item => Same(status(item), clause.Value)
            : null;

    private static bool Same(string? left, string right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

    private static async Task WriteAccepted(HttpContext ctx, EmulatorState state, string relationshipId, RelationshipOperation operation, NodaTime.Duration? retryAfter)
    {
        state.Faults.RecordCreated(operation.Id);
        var seconds = (retryAfter ?? state.Simulator.Options.OperationRetryAfter).TotalSeconds;
        ctx.Response.Headers.Location = $"{GraphResponses.GraphBase(ctx.Request)}/tenantRelationships/delegatedAdminRelationships/{relationshipId}/operations/{operation.Id}";
        ctx.Response.Headers.RetryAfter = ((long)Math.Ceiling(seconds)).ToString(CultureInfo.InvariantCulture);
        await GraphResponses.WriteJsonAsync(ctx, StatusCodes.Status202Accepted, new JsonObject()).ConfigureAwait(false);
    }

    private static Task WriteEntity(HttpContext ctx, string context, IReadOnlySet<string> properties, Action<Utf8JsonWriter, PropertySelection> write)
    {
        var select = GraphCollection.EntitySelection(ctx, properties);
        return GraphResponses.WriteEntityAsync(ctx, StatusCodes.Status200OK, Metadata(ctx, context), json => write(json, select));
    }

    /// <summary>Rejects a body whose wire problems stop it reaching the engine, together with every rule it also breaks.</summary>
    private static void ThrowWithRuleViolations(IReadOnlyList<RuleViolation> wire, IReadOnlyList<RuleViolation> rules, string impliedByInvalidRoles)
    {
        // A role id that is not a GUID was left out of the list, so "no role" would only repeat that problem; a duration
        // that could not be read was taken as zero, so "out of range" would too.
        var dropRoles = wire.Any(v => v.Code == RuleCodes.RoleInvalidId);
        var dropDuration = wire.Any(v => v.Code == RuleCodes.DurationInvalid);
        throw PartnerAccessException.FromViolations([.. wire, .. rules.Where(v =>
            !(dropRoles && v.Code == impliedByInvalidRoles) &&
            !(dropDuration && v.Code is RuleCodes.DurationOutOfRange or RuleCodes.DurationNotWholeDays))]);
    }

    private static string Metadata(HttpContext ctx, string fragment) =>
        $"{GraphResponses.GraphBase(ctx.Request)}/tenantRelationships/$metadata#{fragment}";

    private static string Route(HttpContext ctx, string name) => ctx.Request.RouteValues[name] as string ?? string.Empty;

    private static ETag IfMatch(HttpContext ctx)
    {
        var value = ctx.Request.Headers.IfMatch.ToString().Trim();
        return value.Length == 0 ? default : new ETag(value);
    }
}
