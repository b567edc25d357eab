using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PartnerAccess.Sdk.Emulator.Hosting;
using PartnerAccess.Sdk.Emulator.Wire;

namespace PartnerAccess.Sdk.Emulator.SignIns;

/// <summary>
/// Graph beta <c>GET /auditLogs/signIns</c> over seeded records. <c>$filter</c> supports <c>createdDateTime</c>
/// comparisons joined by <c>and</c>; a record without a readable <c>createdDateTime</c> passes every date filter, so
/// clients can test how they skip malformed records.
/// </summary>
internal static class SignInEndpoints
{
    public static void Map(IEndpointRouteBuilder app, EmulatorState state) =>
        app.MapGet("/beta/auditLogs/signIns", ctx => GraphCollection.WriteAsync(ctx, state.SignIns.Snapshot(), Spec(ctx)));

    private static CollectionSpec<SeededSignIn> Spec(HttpContext ctx) => new()
    {
        ContextUrl = $"{GraphResponses.GraphBase(ctx.Request, "beta")}/$metadata#auditLogs/signIns",
        Write = GraphCollection.Nodes<SeededSignIn>(record => JsonNode.Parse(record.Record.GetRawText())!),
        Filter = DateFilter,
        FilterHelp = "'createdDateTime' with eq, ge, gt, le or lt and a DateTimeOffset, joined by 'and'",
        OrderBy = new Dictionary<string, Func<SeededSignIn, string?>>
        {
            ["createdDateTime"] = r => r.CreatedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        },
        SupportsCount = false,
        MaxTop = 1000,
    };

    private static Func<SeededSignIn, bool>? DateFilter(FilterClause clause)
    {
        if (!clause.Property.Equals("createdDateTime", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(clause.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var bound))
        {
            throw GraphErrorException.BadRequest($"Invalid $filter value '{clause.Value}' for createdDateTime: expected a DateTimeOffset such as 2025-01-01T00:00:00Z.");
        }

        Func<DateTimeOffset, bool>? compare = clause.Operator switch
        {
            "eq" => d => d == bound,
            "ge" => d => d >= bound,
            "gt" => d => d > bound,
            "le" => d => d <= bound,
            "lt" => d => d < bound,
            _ => null,
        };
        return compare is null ? null : record => record.CreatedAt is not { } created || compare(created);
    }
}
