using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PartnerAccess.Sdk.Emulator.Hosting;
using PartnerAccess.Sdk.Emulator.Wire;

namespace PartnerAccess.Sdk.Emulator.Batch;

/// <summary>
/// Graph JSON batching (<c>POST /v1.0/$batch</c>, at most 20 requests). Each item is sent back through the emulator's
/// own HTTP surface, so it meets the throttle, the faults and the latency on its own, as in Graph: an item over the
/// limit comes back as a 429 inside a 200 envelope. Items run in parallel unless <c>dependsOn</c> orders them; an item
/// whose dependency failed gets 424.
/// </summary>
internal static class BatchEndpoints
{
    private const int MaxRequests = 20;

    private static readonly HttpClient Loopback = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private static readonly HashSet<string> ForwardedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Prefer", "client-request-id",
    };

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapPost("/v1.0/$batch", ctx => HandleAsync(ctx, state, "v1.0"));
        app.MapPost("/beta/$batch", ctx => HandleAsync(ctx, state, "beta"));
    }

    private static async Task HandleAsync(HttpContext ctx, EmulatorState state, string version)
    {
        var body = GraphReader.RequireObject(await GraphReader.ReadBodyAsync(ctx).ConfigureAwait(false));
        if (!body.TryGetProperty("requests", out var requests) || requests.ValueKind != JsonValueKind.Array)
        {
            throw GraphErrorException.BadRequest("A batch needs a 'requests' array.");
        }

        var items = requests.EnumerateArray().Select(Read).ToList();
        if (items.Count == 0 || items.Count > MaxRequests)
        {
            throw GraphErrorException.BadRequest($"A batch holds 1 to {MaxRequests} requests; this one has {items.Count}.");
        }

        if (items.GroupBy(i => i.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw GraphErrorException.BadRequest($"The request id '{duplicate.Key}' is used more than once in the batch.");
        }

        var baseUrl = GraphResponses.GraphBase(ctx.Request, version);
        var results = new ConcurrentDictionary<string, Task<JsonObject>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            results[item.Id] = RunAsync(item, results, baseUrl, ctx, state);
        }

        var responses = new JsonArray();
        foreach (var item in items)
        {
            responses.Add(await results[item.Id].ConfigureAwait(false));
        }

        await GraphResponses.WriteJsonAsync(ctx, StatusCodes.Status200OK, new JsonObject { ["responses"] = responses }).ConfigureAwait(false);
    }

    private static async Task<JsonObject> RunAsync(BatchItem item, ConcurrentDictionary<string, Task<JsonObject>> results, string baseUrl, HttpContext outer, EmulatorState state)
    {
        foreach (var dependency in item.DependsOn)
        {
            var status = results.TryGetValue(dependency, out var earlier) ? (await earlier.ConfigureAwait(false))["status"]!.GetValue<int>() : 400;
            if (status is < 200 or > 299)
            {
                return Response(item.Id, StatusCodes.Status424FailedDependency, null,
                    Error("failedDependency", $"Request '{item.Id}' depends on '{dependency}', which failed.", state));
            }
        }

        if (item.Url is null || !item.Url.StartsWith('/') || item.Method is null)
        {
            return Response(item.Id, StatusCodes.Status400BadRequest, null, Error("badRequest", "Each batch request needs a method and a relative url starting with '/'.", state));
        }

        using var request = new HttpRequestMessage(new HttpMethod(item.Method), baseUrl + item.Url);
        foreach (var header in outer.Request.Headers.Where(h => ForwardedHeaders.Contains(h.Key)))
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }

        if (item.Body is { } json)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(item.ContentType ?? "application/json");
        }

        foreach (var (name, value) in item.Headers.Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await Loopback.SendAsync(request, outer.RequestAborted).ConfigureAwait(false);
            var headers = new JsonObject();
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                headers[header.Key] = string.Join(", ", header.Value);
            }

            var text = await response.Content.ReadAsStringAsync(outer.RequestAborted).ConfigureAwait(false);
            return Response(item.Id, (int)response.StatusCode, headers, text.Length == 0 ? null : JsonNode.Parse(text));
        }
        catch (HttpRequestException)
        {
            // The item's connection was dropped (an injected fault): Graph reports an item it could not run as 503.
            return Response(item.Id, StatusCodes.Status503ServiceUnavailable, new JsonObject { ["Retry-After"] = "1" },
                Error("serviceNotAvailable", "The request in the batch could not be completed.", state));
        }
    }

    private static JsonObject Response(string id, int status, JsonObject? headers, JsonNode? body)
    {
        var response = new JsonObject { ["id"] = id, ["status"] = status };
        if (headers is not null)
        {
            response["headers"] = headers;
        }

        if (body is not null)
        {
            response["body"] = body;
        }

        return response;
    }

    private static JsonObject Error(string code, string message, EmulatorState state) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["innerError"] = new JsonObject { ["date"] = GraphResponses.FormatInstant(state.Clock.Now) },
        },
    };

    private static BatchItem Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw GraphErrorException.BadRequest("Each entry of 'requests' must be an object.");
        }

        var id = element.TryGetProperty("id", out var idElement) && idElement.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? idElement.ToString()
            : throw GraphErrorException.BadRequest("Each batch request needs an 'id'.");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (element.TryGetProperty("headers", out var headerElement) && headerElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in headerElement.EnumerateObject())
            {
                headers[header.Name] = header.Value.ToString();
            }
        }

        string? body = null;
        if (element.TryGetProperty("body", out var bodyElement) && bodyElement.ValueKind != JsonValueKind.Null)
        {
            if (!headers.ContainsKey("Content-Type"))
            {
                throw GraphErrorException.BadRequest($"Batch request '{id}' has a body but no Content-Type header.");
            }

            body = bodyElement.GetRawText();
        }

        var dependsOn = element.TryGetProperty("dependsOn", out var dependsElement) && dependsElement.ValueKind == JsonValueKind.Array
            ? dependsElement.EnumerateArray().Select(d => d.ToString()).ToList()
            : [];
        return new BatchItem(
            id,
            element.TryGetProperty("method", out var method) ? method.GetString() : null,
            element.TryGetProperty("url", out var url) ? url.GetString() : null,
            headers,
            body,
            headers.GetValueOrDefault("Content-Type"),
            dependsOn);
    }

    private sealed record BatchItem(string Id, string? Method, string? Url, Dictionary<string, string> Headers, string? Body, string? ContentType, List<string> DependsOn);
}
