using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PartnerAccess.Sdk.Emulator.Wire;

/// <summary>What a collection endpoint supports: its context, how items are written, filtered, ordered and selected.</summary>
internal sealed class CollectionSpec<T>
{
    public required string ContextUrl { get; init; }

    /// <summary>Writes one item as a JSON value, keeping only what the selection keeps.</summary>
    public required Action<Utf8JsonWriter, T, PropertySelection> Write { get; init; }

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

/// <summary>
/// Answers a collection GET: query options, paging with an opaque offset <c>$skiptoken</c>, and the OData envelope.
/// Without <c>$orderby</c> and <c>$count</c> a page walks the source only up to its last item (plus one, to know whether
/// there is a next page) and copies only the page: its cost is the walk to its offset and the page, never the rest.
/// </summary>
internal static class GraphCollection
{
    private const string TokenPrefix = "o:";

    public static Task WriteAsync<T>(HttpContext context, IEnumerable<T> source, CollectionSpec<T> spec) =>
        WriteAsync(context, read => read(source), spec);

    /// <summary>
    /// Answers from a source that hands its items, in their natural order, to a callback: the callback runs once, and
    /// what it copies out is the page, so a source can run it under its own lock to give a consistent snapshot.
    /// </summary>
    public static Task WriteAsync<T>(HttpContext context, Func<Func<IEnumerable<T>, Window<T>>, Window<T>> source, CollectionSpec<T> spec)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(spec);
        var query = context.Request.Query;
        var top = spec.DefaultTop;
        var offset = 0;
        var count = false;
        var select = PropertySelection.All;
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
                    select = PropertySelection.Of(ParseSelect(value, spec.Properties));
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

        // Both are checked before anything is read, filter first, so a bad query fails the same way on any collection.
        var predicate = filter is null ? null : ParseFilter(filter, spec);
        var order = orderBy is null ? null : ParseOrderBy(orderBy, spec);
        Window<T> window;
        if (order is null)
        {
            window = source(items => Window<T>.Read(predicate is null ? items : items.Where(predicate), offset, top, count));
        }
        else
        {
            // Sorting needs every match: copy them out (a window of all of them), then sort outside the source's lock.
            var matches = source(items => new Window<T>([.. predicate is null ? items : items.Where(predicate)], hasMore: false, total: 0)).Items;
            window = Window<T>.Read(order(matches), offset, top, count);
        }

        return GraphResponses.WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("@odata.context", spec.ContextUrl);
            if (count)
            {
                json.WriteNumber("@odata.count", window.Total);
            }

            if (window.HasMore)
            {
                json.WriteString("@odata.nextLink", NextLink(context.Request, offset + top));
            }

            json.WriteStartArray("value");
            foreach (var item in window.Items)
            {
                spec.Write(json, item, select);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    /// <summary>Adapts an item writer that builds a <see cref="JsonNode"/> to <see cref="CollectionSpec{T}.Write"/>.</summary>
    public static Action<Utf8JsonWriter, T, PropertySelection> Nodes<T>(Func<T, JsonNode> write) => (json, item, select) =>
    {
        var node = write(item);
        if (node is JsonObject entity)
        {
            select.Apply(entity);
        }

        node.WriteTo(json, GraphResponses.SerializerOptions);
    };

    /// <summary>Wraps a property writer, such as <see cref="GraphWriter"/>'s, so that each item is a whole JSON object.</summary>
    public static Action<Utf8JsonWriter, T, PropertySelection> Objects<T>(Action<Utf8JsonWriter, T, PropertySelection> writeProperties) => (json, item, select) =>
    {
        json.WriteStartObject();
        writeProperties(json, item, select);
        json.WriteEndObject();
    };

    /// <summary>The <c>$select</c> of a single-entity GET; any other query option is refused.</summary>
    public static PropertySelection EntitySelection(HttpContext context, IReadOnlySet<string> properties)
    {
        var select = PropertySelection.All;
        foreach (var key in context.Request.Query.Keys.Where(k => k.StartsWith('$')))
        {
            if (key.Equals("$select", StringComparison.OrdinalIgnoreCase) && properties.Count > 0)
            {
                select = PropertySelection.Of(ParseSelect(context.Request.Query[key].ToString(), properties));
            }
            else
            {
                throw GraphErrorException.BadRequest($"The query option '{key}' is not supported on this endpoint by the emulator.");
            }
        }

        return select;
    }

    private static Func<T, bool> ParseFilter<T>(string filter, CollectionSpec<T> spec)
    {
        var predicates = new List<Func<T, bool>>();
        foreach (var clause in GraphFilter.Parse(filter))
        {
            var predicate = spec.Filter!(clause) ?? throw GraphErrorException.BadRequest(
                $"Unsupported $filter '{clause.Property} {clause.Operator} ...'. The emulator supports {spec.FilterHelp} here.");
            predicates.Add(predicate);
        }

        return item => predicates.TrueForAll(p => p(item));
    }

    private static Func<IEnumerable<T>, IEnumerable<T>> ParseOrderBy<T>(string orderBy, CollectionSpec<T> spec)
    {
        var keys = new List<(Func<T, string?> Key, bool Descending)>();
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

            keys.Add((key, descending));
        }

        if (keys.Count == 0)
        {
            throw GraphErrorException.BadRequest("$orderby is empty.");
        }

        return items =>
        {
            IOrderedEnumerable<T>? ordered = null;
            foreach (var (key, descending) in keys)
            {
                ordered = (ordered, descending) switch
                {
                    (null, false) => items.OrderBy(key, StringComparer.OrdinalIgnoreCase),
                    (null, true) => items.OrderByDescending(key, StringComparer.OrdinalIgnoreCase),
                    (_, false) => ordered.ThenBy(key, StringComparer.OrdinalIgnoreCase),
                    (_, true) => ordered.ThenByDescending(key, StringComparer.OrdinalIgnoreCase),
                };
            }

            return ordered!;
        };
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

    internal static string NextLink(HttpRequest request, int offset)
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

/// <summary>One page of a collection: its items, whether more follow, and how many matched in all when that was counted.</summary>
internal sealed class Window<T>
{
    public Window(List<T> items, bool hasMore, int total)
    {
        Items = items;
        HasMore = hasMore;
        Total = total;
    }

    public List<T> Items { get; }

    public bool HasMore { get; }

    /// <summary>How many items the source held; only known when the whole source was walked (<c>$count</c>).</summary>
    public int Total { get; }

    /// <summary>
    /// Copies the items from <paramref name="offset"/> up to <paramref name="top"/>, looking one further to know whether a
    /// next page exists; walks the rest of the source only when <paramref name="countAll"/> asks for the total.
    /// </summary>
    public static Window<T> Read(IEnumerable<T> items, int offset, int top, bool countAll)
    {
        var page = new List<T>(Math.Min(top + 1, 1024));
        var index = 0;
        foreach (var item in items)
        {
            if (index >= offset && page.Count <= top)
            {
                page.Add(item);
            }

            index++;
            if (page.Count > top && !countAll)
            {
                break;
            }
        }

        var hasMore = page.Count > top;
        if (hasMore)
        {
            page.RemoveAt(top);
        }

        return new Window<T>(page, hasMore, index);
    }
}
