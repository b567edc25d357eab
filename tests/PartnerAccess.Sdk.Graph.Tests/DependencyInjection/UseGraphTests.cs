using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using PartnerAccess.Sdk.DependencyInjection;
using PartnerAccess.Sdk.Graph.Tests.Support;

namespace PartnerAccess.Sdk.Graph.Tests.DependencyInjection;

/// <summary><c>AddPartnerAccess().UseGraph(...)</c> registers the Graph client over the container's one time source.</summary>
public sealed class UseGraphTests
{
    [Fact]
    public async Task UseGraph_ResolvesGraphClientWithTheContainersTimeProvider()
    {
        var stub = new StubGraphHandler().On("GET", Paths.Customers, _ => Responses.Page([]));
        var time = new ObservableTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddPartnerAccess(o => o.PartnerTenantId = GraphJson.PartnerTenant).UseGraph(o =>
        {
            o.BaseUrl = new Uri("http://127.0.0.1:5080/v1.0");
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
        options.Validate().Should().BeEmpty();
    }
}
