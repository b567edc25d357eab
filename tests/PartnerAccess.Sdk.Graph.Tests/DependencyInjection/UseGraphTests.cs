using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using PartnerAccess.Sdk.Graph.Tests.Support;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Graph.Tests.DependencyInjection;

/// <summary><c>AddPartnerAccess().UseGraph(...)</c> registers the Graph client over the container's one time source and its HttpClient factory.</summary>
public sealed class UseGraphTests
{
    private static readonly Uri EmulatorUrl = new("http://127.0.0.1:5080/v1.0");

    [Fact]
    public async Task UseGraph_ResolvesGraphClientWithTheContainersTimeProvider()
    {
        var stub = new StubGraphHandler().On("GET", Paths.Customers, _ => Responses.Page([]));
        var time = new ObservableTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddPartnerAccess(o => o.PartnerTenantId = GraphJson.PartnerTenant).UseGraph(o =>
        {
            o.BaseUrl = EmulatorUrl;
            o.StaticAccessToken = "emulator-token";
            o.Transport = stub;
        });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IPartnerAccessClient>();
        await client.ListCustomersAsync().ToListAsync();

        client.Should().BeOfType<GraphPartnerAccessClient>().And.BeSameAs(provider.GetRequiredService<GraphPartnerAccessClient>());
        client.TimeProvider.Should().BeSameAs(time);
        provider.GetRequiredService<IClock>().GetCurrentInstant().Should().Be(Instant.FromDateTimeOffset(ObservableTimeProvider.Start));
        stub.Requests.Single().Header("Authorization").Should().Be("Bearer emulator-token");
    }

    [Fact]
    public async Task UseGraph_PartnerGroups_GoThroughTheSameClientToGraph()
    {
        await using var host = await EmulatorHost.StartAsync();
        host.Emulator.PartnerGroups.Add("GDAP - Helpdesk");
        var services = new ServiceCollection();
        services.AddPartnerAccess().UseGraph(o =>
        {
            o.BaseUrl = host.Emulator.GraphBaseUrl;
            o.StaticAccessToken = host.Token;
        });
        await using var provider = services.BuildServiceProvider();

        var groups = provider.GetRequiredService<PartnerAccess.Sdk.Groups.IPartnerGroups>();
        var found = await groups.FindGroupByNameAsync("GDAP - Helpdesk");

        groups.Should().BeOfType<GraphPartnerGroups>();
        found!.DisplayName.Should().Be("GDAP - Helpdesk");
        host.Emulator.Requests.Should().ContainSingle(r => r.Path.StartsWith("/v1.0/groups?", StringComparison.Ordinal) && r.Status == 200);
    }

    [Fact]
    public async Task UseGraph_InvalidOptions_FailOnStartWithEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddPartnerAccess().UseGraph(o =>
        {
            o.MaxAttempts = 0;
            o.RelationshipPageSize = 301;
        });
        await using var provider = services.BuildServiceProvider();

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        validate.Should().Throw<OptionsValidationException>().Which.Failures.Should().HaveCount(3, "no credential, attempts and page size");
    }

    [Fact]
    public async Task UseGraph_WithCredential_UsesIt()
    {
        var services = new ServiceCollection();
        services.AddPartnerAccess().UseGraph(new Azure.Identity.ClientSecretCredential(GraphJson.PartnerTenant, "00000000-0000-0000-0000-000000000001", "not-used"));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<GraphPartnerAccessOptions>>().Value;

        options.Credential.Should().BeOfType<Azure.Identity.ClientSecretCredential>();
        provider.GetRequiredService<IStartupValidator>().Invoking(v => v.Validate()).Should().NotThrow();
    }

    [Fact]
    public async Task UseInMemory_AfterUseGraph_ResolvesTheInMemoryClient()
    {
        var services = new ServiceCollection();
        services.AddPartnerAccess().UseGraph(o => o.StaticAccessToken = "t").UseInMemory();
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IPartnerAccessClient>().Should().BeOfType<InMemoryPartnerAccessClient>();
        provider.GetServices<IPartnerAccessClient>().Should().ContainSingle("the last Use* replaces the earlier choice");
    }

    [Fact]
    public async Task UseGraph_AfterUseInMemory_ResolvesTheGraphClient()
    {
        var services = new ServiceCollection();
        services.AddPartnerAccess().UseInMemory().UseGraph(o => o.StaticAccessToken = "t");
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IPartnerAccessClient>().Should().BeOfType<GraphPartnerAccessClient>();
        provider.GetServices<IPartnerAccessClient>().Should().ContainSingle("the last Use* replaces the earlier choice");
    }

    [Fact]
    public async Task UseGraph_HandlerAddedThroughTheHttpClientBuilder_SeesEveryRequestOnce()
    {
        var stub = new StubGraphHandler().On("GET", Paths.Customers, _ => Responses.Page([]));
        var seen = new RecordingHandler();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ObservableTimeProvider());
        var gdap = services.AddPartnerAccess();
        gdap.UseGraph(o =>
        {
            o.BaseUrl = EmulatorUrl;
            o.StaticAccessToken = "t";
        });
        gdap.AddGraphHttpClient()
            .ConfigurePrimaryHttpMessageHandler(() => stub)
            .AddHttpMessageHandler(() => seen);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IPartnerAccessClient>().ListCustomersAsync().ToListAsync();

        seen.Paths.Should().ContainSingle().Which.Should().Be("/v1.0/tenantRelationships/delegatedAdminCustomers");
        stub.Requests.Should().ContainSingle().Which.Header("Authorization").Should().Be("Bearer t", "the factory's pipeline carries the client's authentication");
    }

    [Fact]
    public async Task UseGraph_ThrottledThroughTheFactoryPipeline_TheRetryLayerRetriesInsideTheAddedHandler()
    {
        var stub = new StubGraphHandler().OnSequence("GET", Paths.Customers,
            _ => Responses.Status(429, ("Retry-After", "0")),
            _ => Responses.Page([]));
        var seen = new RecordingHandler();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ObservableTimeProvider());
        var gdap = services.AddPartnerAccess();
        gdap.UseGraph(o =>
        {
            o.BaseUrl = EmulatorUrl;
            o.StaticAccessToken = "t";
            o.Transport = stub;
        });
        gdap.UseGraph(o => o.MaxAttempts = 3);
        gdap.AddGraphHttpClient().AddHttpMessageHandler(() => seen);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IPartnerAccessClient>().ListCustomersAsync().ToListAsync();

        stub.Requests.Should().HaveCount(2, "one retry layer, even when UseGraph is called twice");
        seen.Paths.Should().HaveCount(2, "a handler added by the application runs once per attempt");
    }

    [Fact]
    public async Task AddGraphHttpClient_RequestPacerHandler_SeesTheThrottleTheRetryLayerHides()
    {
        var stub = new StubGraphHandler().OnSequence("GET", Paths.Customers,
            _ => Responses.Status(429, ("Retry-After", "0")),
            _ => Responses.Page([]));
        var time = new ObservableTimeProvider();
        var pacer = new PartnerAccess.Sdk.Planning.RequestPacer(time);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        var gdap = services.AddPartnerAccess().UseGraph(o =>
        {
            o.BaseUrl = EmulatorUrl;
            o.StaticAccessToken = "t";
            o.Transport = stub;
        });
        gdap.AddGraphHttpClient().AddHttpMessageHandler(() => new PartnerAccess.Sdk.Planning.RequestPacerHandler(pacer));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IPartnerAccessClient>().ListCustomersAsync().ToListAsync();

        pacer.ThrottledCount.Should().Be(1);
        stub.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task DisposeAsync_ClientFromTheFactory_LeavesTheFactorysHttpClientUsable()
    {
        var stub = new StubGraphHandler().On("GET", Paths.Customers, _ => Responses.Page([]));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ObservableTimeProvider());
        services.AddPartnerAccess().UseGraph(o =>
        {
            o.BaseUrl = EmulatorUrl;
            o.StaticAccessToken = "t";
            o.Transport = stub;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<GraphPartnerAccessClient>();

        await client.DisposeAsync();
        using var response = await client.HttpClient.GetAsync(new Uri(EmulatorUrl + "/tenantRelationships/delegatedAdminCustomers"));

        response.StatusCode.Should().Be(HttpStatusCode.OK, "an HttpClient from the factory is not the client's to dispose");
        stub.Disposed.Should().BeFalse();
    }

    private sealed class RecordingHandler : DelegatingHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _paths = new();

        public IReadOnlyList<string> Paths => _paths.ToList();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _paths.Enqueue(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
