using System.Net;
using PartnerAccess.Sdk.Graph.Authentication;
using PartnerAccess.Sdk.Graph.Tests.Support;

namespace PartnerAccess.Sdk.Graph.Tests.Relationships;

/// <summary>A client disposes what it created and nothing it was given.</summary>
public sealed class DisposalTests
{
    private static readonly Uri Customers = new("http://127.0.0.1:5080/v1.0/tenantRelationships/delegatedAdminCustomers");

    [Fact]
    public async Task DisposeAsync_OwnPipeline_DisposesItsHttpClient()
    {
        var client = new GraphPartnerAccessClient(new GraphPartnerAccessOptions { StaticAccessToken = "t", BaseUrl = new Uri("http://127.0.0.1:5080/v1.0") });

        await client.DisposeAsync();
        var send = () => client.HttpClient.GetAsync(Customers);

        await send.Should().ThrowAsync<ObjectDisposedException>();
    }

    [Fact]
    public async Task DisposeAsync_TransportPassedIn_DisposesThePipelineButNotTheTransport()
    {
        var transport = new StubGraphHandler().On("GET", Paths.Customers, _ => Responses.Page([]));
        var options = new GraphPartnerAccessOptions { BaseUrl = new Uri("http://127.0.0.1:5080/v1.0") };
        var client = new GraphPartnerAccessClient(transport, GraphAuthentication.ForStaticToken("t", options.GetEffectiveBaseUrl()), options);
        await client.ListCustomersAsync().ToListAsync();

        await client.DisposeAsync();
        var send = () => client.HttpClient.GetAsync(Customers);

        await send.Should().ThrowAsync<ObjectDisposedException>();
        transport.Disposed.Should().BeFalse();
        using var invoker = new HttpMessageInvoker(transport, disposeHandler: false);
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, Customers), CancellationToken.None);
        response.StatusCode.Should().Be(HttpStatusCode.OK, "the caller's transport still works");
    }

    [Fact]
    public void Dispose_TransportInOptions_IsNotDisposedAndSecondDisposeIsHarmless()
    {
        var transport = new StubGraphHandler();
        var client = new GraphPartnerAccessClient(new GraphPartnerAccessOptions { StaticAccessToken = "t", Transport = transport });

        client.Dispose();
        client.Dispose();

        transport.Disposed.Should().BeFalse();
    }
}
