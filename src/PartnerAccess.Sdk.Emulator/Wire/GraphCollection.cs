using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PartnerAccess.Sdk.Emulator.Wire;

/// <summary>What a collection endpoint supports: its context, how items are written, filtered, ordered and selected.</summary>
internal sealed class CollectionSpec<T>
{
    public required string ContextUrl { get; init; }

    public required Func<T, JsonNode> Write { get; init; }

    /// <summary>Turns one <c>$filter</c> comparison into a predicate, or <see langword="null"/> when it is not supported.</summary>
    public Func<FilterClause, Func<T, bool>?>? Filter { get; init; }

    /// <summary>What the endpoint's <c>$filter</c> supports, for the error message.</summary>
    public string FilterHelp { get; init; } = string.Empty;

    /// <summary>Sort keys by property name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, Func<T, string?>> OrderBy { get; init; } = new Dictionary<string, Func<T, string?>>();

    /// <summary>Top-level properties <c>$select</c> may name; empty means <c>$select</c> is not supported.</summary>
    public IReadOnlySet<string> Properties { get; init; } = new HashSet<string>();

    public bool SupportsCount { get; init; } = true;

    public bool SupportsQueryOptions { get; init; } = true;

    public int DefaultTop { get; init; } = 100;

    public int MaxTop { get; init; } = 300;
}

/// <summary>Answers a collection GET: query options, paging with an opaque <c>$skiptoken</c>, and the OData envelope.</summary>
internal static class GraphCollection
{
    private const string TokenPrefix = "o:";

    public static Task WriteAsync<T>(HttpContext context, IEnumerable<T> source, CollectionSpec<T> spec)
    {
        var query = context.Request.Query;
        var top = spec.DefaultTop;
        var offset = 0;
        var count = false;
        IReadOnlyList<string>? select = null;
        string? filter = null, orderBy = null;

        foreach (var key in query.Keys.Where(k => k.StartsWith('$')))
        {
            var value = query[key].ToString();
            switch (key.ToLowerInvariant())
            {
                case "$top" when spec.SupportsQueryOptions:
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top < 1 || top > spec.MaxTop)
                    {
                        throw GraphErrorException.BadRequest($"Invalid $top '{value}': it must be a whole number from 1 to {spec.MaxTop}.");
                    }

                    break;
                case "$skiptoken" when spec.SupportsQueryOptions:
                    offset = DecodeSkipToken(value);
                    break;
                case "$count" when spec.SupportsQueryOptions && spec.SupportsCount:
                    count = value.ToLowerInvariant() switch
                    {
                        "true" => true,
                        "false" => false,
                        _ => throw GraphErrorException.BadRequest($"Invalid $count '{value}': it must be true or false."),
                    };
                    break;
                case "$select" when spec.SupportsQueryOptions && spec.Properties.Count > 0:
                    select = ParseSelect(value, spec.Properties);
                    break;
                case "$filter" when spec.SupportsQueryOptions && spec.Filter is not null:
                    filter = value;
                    break;
                case "$orderby" when spec.SupportsQueryOptions && spec.OrderBy.Count > 0:
                    orderBy = value;
                    break;
                default:
                    throw GraphErrorException.BadRequest($"The query option '{key}' is not supported on this endpoint by the emulator.");
            }
        }

        var items = filter is null ? source : ApplyFilter(source, filter, spec);
        var list = (orderBy is null ? items : ApplyOrderBy(items, orderBy, spec)).ToList();
        var page = list.Skip(offset).Take(top).ToList();
        var body = new JsonObject { ["@odata.context"] = spec.ContextUrl };
        if (count)
        {
            body["@odata.count"] = list.Count;
        }

        if (offset + top < list.Count)
        {
            body["@odata.nextLink"] = NextLink(context.Request, offset + top);
        }

        var values = new JsonArray();
        foreach (var item in page)
        {
            var node = spec.Write(item);
            if (select is not null && node is JsonObject entity)
            {
                ApplySelect(entity, select);
            }

            values.Add(node);
        }

        body["value"] = values;
        return GraphResponses.WriteJsonAsync(context, StatusCodes.Status200OK, body);
    }

    /// <summary>Applies <c>$select</c> to a single entity response, when the request has one.</summary>
    public static void ApplySelect(HttpContext context, JsonObject entity, IReadOnlySet<string> properties)
    {
        foreach (var key in context.Request.Query.Keys.Where(k => k.StartsWith('$')))
        {
            if (key.Equals("$select", StringComparison.OrdinalIgnoreCase) && properties.Count > 0)
            {
                ApplySelect(entity, ParseSelect(context.Request.Query[key].ToString(), properties));
            }
            else
            {
                throw GraphErrorException.BadRequest($"The query option '{key}' is not supported on this endpoint by the emulator.");
            }
        }
    }

    private static IEnumerable<T> ApplyFilter<T>(IEnumerable<T> items, string filter, CollectionSpec<T> spec)
    {
        var predicates = new List<Func<T, bool>>();
        foreach (var clause in GraphFilter.Parse(filter))
        {
            var predicate = spec.Filter!(clause) ?? throw GraphErrorException.BadRequest(
                $"Unsupported $filter '{clause.Property} {clause.Operator} ...'. The emulator supports {spec.FilterHelp} here.");
            predicates.Add(predicate);
        }

        return items.Where(item => predicates.TrueForAll(p => p(item)));
    }

    private static IOrderedEnumerable<T> ApplyOrderBy<T>(IEnumerable<T> items, string orderBy, CollectionSpec<T> spec)
    {
        IOrderedEnumerable<T>? ordered = null;
        foreach (var part in orderBy.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var descending = words.Length == 2 && words[1].Equals("desc", StringComparison.OrdinalIgnoreCase);
            var valid = words.Length == 1 || (words.Length == 2 && (descending || words[1].Equals("asc", StringComparison.OrdinalIgnoreCase)));
            var key = valid ? spec.OrderBy.FirstOrDefault(p => p.Key.Equals(words[0], StringComparison.OrdinalIgnoreCase)).Value : null;
            if (key is null)
            {
                throw GraphErrorException.BadRequest(
                    $"Unsupported $orderby '{part}'. The emulator supports {string.Join(", ", spec.OrderBy.Keys)} [asc|desc] here.");
            }

            ordered = (ordered, descending) switch
            {
                (null, false) => items.OrderBy(key, StringComparer.OrdinalIgnoreCase),
                (null, true) => items.OrderByDescending(key, StringComparer.OrdinalIgnoreCase),
                (_, false) => ordered.ThenBy(key, StringComparer.OrdinalIgnoreCase),
                (_, true) => ordered.ThenByDescending(key, StringComparer.OrdinalIgnoreCase),
            };
        }

        return ordered ?? throw GraphErrorException.BadRequest("$orderby is empty.");
    }

    private static List<string> ParseSelect(string value, IReadOnlySet<string> properties)
    {
        var names = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        var unknown = names.Where(n => !properties.Contains(n)).ToList();
        if (names.Count == 0 || unknown.Count > 0)
        {
            throw GraphErrorException.BadRequest(
                $"Invalid $select '{value}'. Selectable properties: {string.Join(", ", properties.Order(StringComparer.Ordinal))}.");
        }

        return names;
    }

    private static void ApplySelect(JsonObject entity, IReadOnlyList<string> select)
    {
        var drop = entity.Select(p => p.Key)
            .Where(k => !k.StartsWith("@odata.", StringComparison.Ordinal) && k != "id" &&
                        !select.Contains(k, StringComparer.OrdinalIgnoreCase))
            .ToList();
        foreach (var key in drop)
        {
            entity.Remove(key);
        }
    }

    private static string NextLink(HttpRequest request, int offset)
    {
        var builder = new StringBuilder($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?");
        foreach (var (key, values) in request.Query)
        {
            if (key.Equals("$skiptoken", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values)
            {
                builder.Append(Uri.EscapeDataString(key).Replace("%24", "$", StringComparison.Ordinal)).Append('=').Append(Uri.EscapeDataString(value ?? string.Empty)).Append('&');
            }
        }

        builder.Append("$skiptoken=").Append(EncodeSkipToken(offset));
        return builder.ToString();
    }

    private static string EncodeSkipToken(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(TokenPrefix + offset.ToString(CultureInfo.InvariantCulture)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static int DecodeSkipToken(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            if (text.StartsWith(TokenPrefix, StringComparison.Ordinal) &&
                int.TryParse(text.AsSpan(TokenPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        throw GraphErrorException.BadRequest("The $skiptoken is invalid.");
    }
}
