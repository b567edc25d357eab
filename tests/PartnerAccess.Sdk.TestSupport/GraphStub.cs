using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PartnerAccess.Sdk.TestSupport;

/// <summary>An in-process stand-in for Graph (no sockets): routes by method and path, answers in sequence.</summary>
public sealed class GraphStub : HttpMessageHandler
{
    public const string PartnerTenant = "8777b240-c6f0-4469-9e98-a3205431b836";
    public const string CustomerTenant = "4b827261-d21f-4aa9-b7db-7fa1f56fb163";
    public const string ExchangeAdministrator = "29232cdf-9323-42fd-ade2-1d097af3e4de";
    public const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    public const string Group = "869713c9-0b28-4d08-8949-ae07ae1bf528";
    public const string RelationshipPath = "^/v1.0/tenantRelationships/delegatedAdminRelationships/[^/]+$";
    public const string AssignmentsPath = "^/v1.0/tenantRelationships/delegatedAdminRelationships/[^/]+/accessAssignments$";
    public const string OperationPath = "^/v1.0/tenantRelationships/delegatedAdminRelationships/[^/]+/operations/[^/]+$";

    private readonly List<(HttpMethod Method, Regex Path, Func<HttpResponseMessage>[] Answers)> _routes = [];
    private readonly ConcurrentDictionary<string, int> _calls = new();

    /// <summary>Every Authorization header the stub received.</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    public static string RelationshipPathOf(string id) => "^/v1.0/tenantRelationships/delegatedAdminRelationships/" + Regex.Escape(id) + "$";

    public static string RelationshipId(int n) => $"{n:00000000}-d21f-4aa9-b7db-7fa1f56fb163-{PartnerTenant}";

    /// <summary>Answers the n-th matching call with the n-th answer; the last one repeats.</summary>
    public GraphStub On(string method, string pathPattern, params Func<HttpResponseMessage>[] answers)
    {
        _routes.Add((new HttpMethod(method), new Regex(pathPattern, RegexOptions.CultureInvariant), answers));
        return this;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, JsonNode body, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    public static HttpResponseMessage Error(HttpStatusCode status, string code, params (string Name, string Value)[] headers) =>
        Json(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = $"Stub says {code}." } }, headers);

    public static JsonObject Relationship(string id, string status = "active", string[]? roles = null) => new()
    {
        ["@odata.type"] = "#microsoft.graph.delegatedAdminRelationship",
        ["@odata.etag"] = "W/\"etag-1\"",
        ["id"] = id,
        ["displayName"] = "Contoso admin relationship",
        ["duration"] = "P730D",
        ["customer"] = new JsonObject { ["tenantId"] = CustomerTenant, ["displayName"] = "Contoso" },
        ["accessDetails"] = new JsonObject
        {
            ["unifiedRoles"] = new JsonArray((roles ?? [ExchangeAdministrator]).Select(r => (JsonNode)new JsonObject { ["roleDefinitionId"] = r }).ToArray()),
        },
        ["status"] = status,
        ["autoExtendDuration"] = "PT0S",
        ["createdDateTime"] = "2025-03-01T09:00:00Z",
        ["lastModifiedDateTime"] = "2025-03-01T09:00:00Z",
        ["activatedDateTime"] = status == "active" ? "2025-03-01T09:30:00Z" : null,
        ["endDateTime"] = status == "active" ? "2027-03-01T09:30:00Z" : null,
    };

    public static JsonObject Assignment(string id, string status = "pending") => new()
    {
        ["@odata.type"] = "#microsoft.graph.delegatedAdminAccessAssignment",
        ["@odata.etag"] = "W/\"aa-1\"",
        ["id"] = id,
        ["status"] = status,
        ["createdDateTime"] = "2025-03-01T09:40:00Z",
        ["lastModifiedDateTime"] = "2025-03-01T09:40:00Z",
        ["accessContainer"] = new JsonObject { ["accessContainerId"] = Group, ["accessContainerType"] = "securityGroup" },
        ["accessDetails"] = new JsonObject { ["unifiedRoles"] = new JsonArray(new JsonObject { ["roleDefinitionId"] = ExchangeAdministrator }) },
    };

    public static JsonObject Operation(string id, string status) => new()
    {
        ["@odata.type"] = "#microsoft.graph.delegatedAdminRelationshipOperation",
        ["@odata.etag"] = "W/\"op-1\"",
        ["id"] = id,
        ["operationType"] = "delegatedAdminRelationshipUpdate",
        ["data"] = "{}",
        ["status"] = status,
        ["createdDateTime"] = "2025-03-01T09:50:00Z",
        ["lastModifiedDateTime"] = "2025-03-01T09:50:00Z",
    };

    public static JsonObject Page(params JsonNode[] items) => new() { ["value"] = new JsonArray(items) };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is { } authorization)
        {
            Authorizations.Enqueue(authorization.ToString());
        }

        var path = request.RequestUri!.AbsolutePath;
        foreach (var (method, pattern, answers) in _routes)
        {
            if (method == request.Method && pattern.IsMatch(path))
            {
                var key = method + " " + pattern;
                var call = _calls.AddOrUpdate(key, 1, (_, n) => n + 1);
                return Task.FromResult(answers[Math.Min(call, answers.Length) - 1]());
            }
        }

        return Task.FromResult(Error(HttpStatusCode.NotFound, "notFound"));
    }
}
