using System.Net;
using System.Net.Sockets;
using System.Text;
using PartnerAccess.Sdk.Graph.Tests.Support;

namespace PartnerAccess.Sdk.Graph.Tests.Authentication;

/// <summary>Over a real socket on 127.0.0.1 with the default transport, as against the emulator.</summary>
public sealed class LoopbackSocketTests
{
    [Fact]
    public async Task ListRelationships_RealLoopbackServer_SendsTokenAndReadsPage()
    {
        using var listener = StartListener(out var baseUrl);
        var serve = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            var seen = (context.Request.Headers["Authorization"], context.Request.RawUrl);
            using var page = Responses.Page([GraphJson.Relationship(GraphJson.RelationshipId(1))]);
            var body = Encoding.UTF8.GetBytes(await page.Content.ReadAsStringAsync());
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
            return seen;
        });
        using var client = new GraphPartnerAccessClient(new GraphPartnerAccessOptions
        {
            BaseUrl = new Uri(baseUrl, "v1.0"),
            StaticAccessToken = "emulator-token",
        }, new ObservableTimeProvider());

        var relationships = await client.ListRelationshipsAsync().ToListAsync();
        var (authorization, url) = await serve.WaitAsync(TimeSpan.FromSeconds(30));

        relationships.Should().ContainSingle().Which.Id.Should().Be(GraphJson.RelationshipId(1));
        authorization.Should().Be("Bearer emulator-token");
        url.Should().Be("/v1.0/tenantRelationships/delegatedAdminRelationships?$top=300");
    }

    private static HttpListener StartListener(out Uri baseUrl)
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            baseUrl = new Uri($"http://127.0.0.1:{port}/");
        }

        var listener = new HttpListener();
        listener.Prefixes.Add(baseUrl.ToString());
        listener.Start();
        return listener;
    }
}
