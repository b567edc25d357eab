using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PartnerAccess.Sdk.Graph.Tests.Support;

/// <summary>One request as the stub saw it on the wire.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    public string Path => Uri.AbsolutePath;

    public string DecodedQuery => Uri.UnescapeDataString(Uri.Query);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonNode? Json => string.IsNullOrEmpty(Body) ? null : JsonNode.Parse(Body);
}

/// <summary>
/// An in-process stand-in for Graph: no sockets. Routes match a method and a path regex; a route may answer
/// differently on each call, throw to simulate a dropped connection, or wait until the attempt is cancelled.
/// </summary>
public sealed class StubGraphHandler : HttpMessageHandler
{
    private readonly object _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<Route> _routes = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    public StubGraphHandler On(string method, string pathPattern, Func<RecordedRequest, HttpResponseMessage> respond) =>
        OnAsync(method, pathPattern, (request, _) => Task.FromResult(respond(request)));

    public StubGraphHandler OnAsync(string method, string pathPattern, Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> respond)
    {
        lock (_gate)
        {
            _routes.Add(new Route(new HttpMethod(method), new Regex(pathPattern, RegexOptions.CultureInvariant), respond));
        }

        return this;
    }

    /// <summary>Answers the n-th matching call with the n-th response; the last one repeats.</summary>
    public StubGraphHandler OnSequence(string method, string pathPattern, params Func<RecordedRequest, HttpResponseMessage>[] responses)
    {
        var calls = 0;
        return On(method, pathPattern, request =>
        {
            var index = Math.Min(Interlocked.Increment(ref calls) - 1, responses.Length - 1);
            return responses[index](request);
        });
    }

    public int Count(string method, string pathPattern) =>
        Requests.Count(r => r.Method.Method == method && Regex.IsMatch(r.Path, pathPattern, RegexOptions.CultureInvariant));

    /// <summary>Completes when at least <paramref name="count"/> requests have arrived.</summary>
    public Task WaitForRequestsAsync(int count)
    {
        lock (_gate)
        {
            if (_requests.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));

            // A guard against a hung test, not a timing assertion.
            return signal.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, headers, body);
        Route? route;
        lock (_gate)
        {
            _requests.Add(recorded);
            foreach (var waiter in _waiters.Where(w => w.Count <= _requests.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }

            route = _routes.LastOrDefault(r => r.Method == request.Method && r.Path.IsMatch(recorded.Path));
        }

        if (route is null)
        {
            return Responses.Error(HttpStatusCode.NotFound, "notFound", $"No stub route for {request.Method} {recorded.Path}.");
        }

        var response = await route.Respond(recorded, cancellationToken);
        response.RequestMessage = request;
        return response;
    }

    /// <summary>Whether anyone disposed the stub: a client must not dispose a transport it was given.</summary>
    public bool Disposed { get; private set; }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    private sealed record Route(HttpMethod Method, Regex Path, Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> Respond);
}

/// <summary>Wire responses in Graph's shapes.</summary>
public static class Responses
{
    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, JsonNode json, params (string Name, string Value)[] headers) =>
        Json(status, json.ToJsonString(), headers);

    public static HttpResponseMessage Ok(JsonNode json) => Json(HttpStatusCode.OK, json);

    public static HttpResponseMessage Page(IEnumerable<JsonNode> items, string? nextLink = null)
    {
        var page = new JsonObject { ["value"] = new JsonArray(items.Select(i => i.DeepClone()).ToArray()) };
        if (nextLink is not null)
        {
            page["@odata.nextLink"] = nextLink;
        }

        return Ok(page);
    }

    public static HttpResponseMessage Error(HttpStatusCode status, string code, string message, JsonArray? ruleViolations = null, params (string Name, string Value)[] headers)
    {
        var inner = new JsonObject { ["request-id"] = "req-" + (int)status, ["date"] = "2025-03-01T10:00:00Z" };
        if (ruleViolations is not null)
        {
            inner["ruleViolations"] = ruleViolations;
        }

        var envelope = new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["innerError"] = inner } };
        return Json(status, envelope, headers);
    }

    public static HttpResponseMessage Status(int status, params (string Name, string Value)[] headers) =>
        Error((HttpStatusCode)status, "status" + status, "Stub status " + status, null, headers);
}
