using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Graph;
using PartnerAccess.Sdk.Graph;

namespace PartnerAccess.Sdk.Benchmarks;

/// <summary>
/// (c) The cost of one call through GraphPartnerAccessClient against the same call on the raw GraphServiceClient, over
/// the same in-process handler (no network, no emulator): CPU and allocations of the layers above the wire.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PerCallBenchmarks
{
    private const string RelationshipId = "5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836";
    private static readonly Uri BaseUrl = new("http://127.0.0.1:5080/v1.0");

    private GraphPartnerAccessClient _sdk = null!;
    private GraphServiceClient _raw = null!;

    [GlobalSetup]
    public void Setup()
    {
        var handler = new CannedHandler();
        _sdk = new GraphPartnerAccessClient(new GraphPartnerAccessOptions { BaseUrl = BaseUrl, StaticAccessToken = "benchmark", Transport = handler }, TimeProvider.System);
        _raw = Workload.RawGraph(BaseUrl, handler);
    }

    [GlobalCleanup]
    public void Cleanup() => _sdk.Dispose();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Get one relationship")]
    public async Task<string?> RawGraphServiceClient_Get() =>
        (await _raw.TenantRelationships.DelegatedAdminRelationships[RelationshipId].GetAsync())!.DisplayName;

    [Benchmark]
    [BenchmarkCategory("Get one relationship")]
    public async Task<string?> GraphPartnerAccessClient_Get() =>
        (await _sdk.GetRelationshipAsync(RelationshipId)).DisplayName;

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("List a page of 300")]
    public async Task<int> RawGraphServiceClient_ListPage() =>
        (await _raw.TenantRelationships.DelegatedAdminRelationships.GetAsync(rc => rc.QueryParameters.Top = 300))!.Value!.Count;

    [Benchmark]
    [BenchmarkCategory("List a page of 300")]
    public async Task<int> GraphPartnerAccessClient_ListPage()
    {
        var count = 0;
        await foreach (var relationship in _sdk.ListRelationshipsAsync())
        {
            count++;
        }

        return count;
    }

    /// <summary>Answers every request from memory: one relationship, or a page of 300 without a next link.</summary>
    private sealed class CannedHandler : HttpMessageHandler
    {
        private static readonly byte[] One = Encoding.UTF8.GetBytes(Relationship(RelationshipId, "@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#tenantRelationships/delegatedAdminRelationships/$entity\",\""));
        private static readonly byte[] Page = Encoding.UTF8.GetBytes(
            "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#tenantRelationships/delegatedAdminRelationships\",\"value\":[" +
            string.Join(",", Enumerable.Range(0, 300).Select(i => Relationship($"{Guid.NewGuid()}-8777b240-c6f0-4469-9e98-a3205431b836", string.Empty))) + "]}");

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.RequestUri!.AbsolutePath.EndsWith("delegatedAdminRelationships", StringComparison.Ordinal) ? Page : One;
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body), RequestMessage = request };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return Task.FromResult(response);
        }

        private static string Relationship(string id, string prefix) =>
            "{\"" + prefix + "@odata.etag\":\"W/\\\"JyIwMDAwIic=\\\"\",\"id\":\"" + id + "\",\"displayName\":\"Service desk - Contoso Ltd [42BA7H]\"," +
            "\"duration\":\"P730D\",\"status\":\"active\",\"autoExtendDuration\":\"P180D\",\"createdDateTime\":\"2026-01-05T10:00:00Z\"," +
            "\"lastModifiedDateTime\":\"2026-01-06T10:00:00Z\",\"activatedDateTime\":\"2026-01-06T10:00:00Z\",\"endDateTime\":\"2028-01-06T10:00:00Z\"," +
            "\"customer\":{\"tenantId\":\"3f1e0d2c-4b5a-4978-8a6b-5c4d3e2f1a0b\",\"displayName\":\"Contoso Ltd\"}," +
            "\"accessDetails\":{\"unifiedRoles\":[{\"roleDefinitionId\":\"729827e3-9c14-49f7-bb1b-9608f156bbb8\"},{\"roleDefinitionId\":\"f023fd81-a637-4b56-95fd-791ac0226033\"}]}}";
    }
}
