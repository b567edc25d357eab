using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NodaTime;

namespace PartnerAccess.Sdk.Emulator.Tests;

/// <summary>Starts one in-process emulator per test on a free loopback port (an <see cref="EmulatorHost"/>) and talks to it over raw HTTP.</summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    protected const string Relationships = "v1.0/tenantRelationships/delegatedAdminRelationships";
    protected const string CustomerTenantId = "4b827261-d21f-4aa9-b7db-7fa1f56fb163";
    protected const string ExchangeAdministrator = "29232cdf-9323-42fd-ade2-1d097af3e4de";
    protected const string IntuneAdministrator = "3a2c62db-5318-420d-8d74-23affee5d9d5";
    protected const string GlobalReader = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
    protected const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    protected const string GroupA = "869713c9-0b28-4d08-8949-ae07ae1bf528";
    protected const string GroupB = "a1b2c3d4-0b28-4d08-8949-ae07ae1bf529";

    private EmulatorHost? _host;
    private int _names;

    /// <summary>The emulator with its control client; its Graph client is there for tests that want one.</summary>
    protected EmulatorHost Host => _host ?? throw new InvalidOperationException("Not started.");

    protected GdapEmulator Emulator => Host.Emulator;

    protected HttpClient Http => Host.Control;

    public async Task InitializeAsync() => _host = await EmulatorHost.StartAsync(CreateOptions());

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    protected virtual GdapEmulatorOptions CreateOptions() => new() { StartTime = Instant.FromUtc(2025, 1, 1, 0, 0) };

    protected string UniqueName(string prefix = "Contoso") => $"{prefix} {Interlocked.Increment(ref _names)}";

    protected static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    protected async Task<Reply> SendAsync(HttpMethod method, string path, string? body = null, Action<HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = Json(body);
        }

        headers?.Invoke(request.Headers);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement? json = text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone();
        return new Reply(response.StatusCode, json, response.Headers, text);
    }

    protected Task<Reply> GetAsync(string path, Action<HttpRequestHeaders>? headers = null) => SendAsync(HttpMethod.Get, path, headers: headers);

    protected Task<Reply> PostAsync(string path, string? body = null, Action<HttpRequestHeaders>? headers = null) => SendAsync(HttpMethod.Post, path, body, headers);

    protected static string RelationshipBody(
        string name,
        string duration = "P730D",
        string? autoExtend = null,
        string? customerTenantId = CustomerTenantId,
        params string[] roles)
    {
        roles = roles.Length == 0 ? [ExchangeAdministrator, IntuneAdministrator] : roles;
        var customer = customerTenantId is null ? string.Empty : $"\"customer\":{{\"tenantId\":\"{customerTenantId}\",\"displayName\":\"Contoso Inc\"}},";
        var extend = autoExtend is null ? string.Empty : $",\"autoExtendDuration\":\"{autoExtend}\"";
        var unifiedRoles = string.Join(",", roles.Select(r => $"{{\"roleDefinitionId\":\"{r}\"}}"));
        return $"{{\"displayName\":\"{name}\",\"duration\":\"{duration}\",{customer}\"accessDetails\":{{\"unifiedRoles\":[{unifiedRoles}]}}{extend}}}";
    }

    protected async Task<JsonElement> CreateRelationshipAsync(string? name = null, params string[] roles)
    {
        var reply = await PostAsync(Relationships, RelationshipBody(name ?? UniqueName(), roles: roles));
        reply.Status.Should().Be(HttpStatusCode.Created, reply.Text);
        return reply.Body;
    }

    /// <summary>Creates a relationship and takes it through lock and customer approval to active.</summary>
    protected async Task<JsonElement> CreateActiveRelationshipAsync(params string[] roles)
    {
        var id = (await CreateRelationshipAsync(roles: roles)).GetProperty("id").GetString()!;
        (await PostAsync($"{Relationships}/{id}/requests", "{\"action\":\"lockForApproval\"}")).Status.Should().Be(HttpStatusCode.Created);
        (await PostAsync($"_emulator/relationships/{id}/approve")).Status.Should().Be(HttpStatusCode.OK);
        var current = await GetAsync($"{Relationships}/{id}");
        current.Body.GetProperty("status").GetString().Should().Be("active");
        return current.Body;
    }

    protected async Task<JsonElement> CreateAssignmentAsync(string relationshipId, string group, params string[] roles)
    {
        roles = roles.Length == 0 ? [ExchangeAdministrator] : roles;
        var unifiedRoles = string.Join(",", roles.Select(r => $"{{\"roleDefinitionId\":\"{r}\"}}"));
        var reply = await PostAsync($"{Relationships}/{relationshipId}/accessAssignments",
            $"{{\"accessContainer\":{{\"accessContainerId\":\"{group}\",\"accessContainerType\":\"securityGroup\"}},\"accessDetails\":{{\"unifiedRoles\":[{unifiedRoles}]}}}}");
        reply.Status.Should().Be(HttpStatusCode.Created, reply.Text);
        return reply.Body;
    }

    protected Task AdvanceClockAsync(string duration) => PostAsync("_emulator/clock/advance", $"{{\"duration\":\"{duration}\"}}");

    protected static Action<HttpRequestHeaders> IfMatch(string etag) => h => h.TryAddWithoutValidation("If-Match", etag);

    protected static string ETagOf(JsonElement entity) => entity.GetProperty("@odata.etag").GetString()!;

    protected static string IdOf(JsonElement entity) => entity.GetProperty("id").GetString()!;
}

/// <summary>A response: status, parsed JSON body (if any), headers and raw text.</summary>
public sealed record Reply(HttpStatusCode Status, JsonElement? Json, HttpResponseHeaders Headers, string Text)
{
    public JsonElement Body => Json ?? throw new InvalidOperationException($"No body ({Status}).");

    public string ErrorCode => Body.GetProperty("error").GetProperty("code").GetString()!;

    public string ErrorMessage => Body.GetProperty("error").GetProperty("message").GetString()!;

    public IReadOnlyList<string> RuleCodes => Body.GetProperty("error").GetProperty("innerError").TryGetProperty("ruleViolations", out var list)
        ? list.EnumerateArray().Select(v => v.GetProperty("code").GetString()!).ToList()
        : [];

    public IReadOnlyList<JsonElement> Values => Body.GetProperty("value").EnumerateArray().ToList();
}
