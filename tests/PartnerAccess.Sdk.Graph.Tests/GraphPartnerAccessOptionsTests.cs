using Microsoft.Extensions.Options;
using PartnerAccess.Sdk.Graph.Tests.Support;

namespace PartnerAccess.Sdk.Graph.Tests;

/// <summary>One validator reports every problem of the options at once.</summary>
public sealed class GraphPartnerAccessOptionsTests
{
    [Fact]
    public void Validate_ManyProblems_ReportsEveryOne()
    {
        var options = new GraphPartnerAccessOptions
        {
            BaseUrl = new Uri("http://graph.example.com/v1.0"),
            MaxAttempts = 0,
            BaseDelay = TimeSpan.FromMinutes(2),
            MaxDelay = TimeSpan.FromSeconds(30),
            AttemptTimeout = TimeSpan.FromMinutes(10),
            TotalTimeout = TimeSpan.FromMinutes(1),
            RelationshipPageSize = 500,
            EventualConsistencyMaxRetries = 11,
            PartnerTenantId = "contoso",
        };

        var errors = GraphPartnerAccessOptionsValidator.Check(options, requireAuthentication: true);

        errors.Should().HaveCount(8);
        errors.Should().Contain(e => e.Contains("not loopback", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("Credential", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("MaxAttempts", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("RelationshipPageSize", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("PartnerTenantId", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TimeoutsOutsidePollysBounds_AreReported()
    {
        var options = new GraphPartnerAccessOptions { StaticAccessToken = "t", AttemptTimeout = TimeSpan.FromMilliseconds(1), TotalTimeout = TimeSpan.FromDays(2) };

        GraphPartnerAccessOptionsValidator.Check(options, requireAuthentication: true).Should().HaveCount(2).And.OnlyContain(e => e.Contains("between 10 ms and 1 day", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_WithStaticToken_AreValid()
    {
        GraphPartnerAccessOptionsValidator.Check(new GraphPartnerAccessOptions { StaticAccessToken = "t" }, requireAuthentication: true).Should().BeEmpty();
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithAllFailures()
    {
        var create = () => new GraphPartnerAccessClient(new GraphPartnerAccessOptions { MaxAttempts = 11, RelationshipPageSize = 0 });

        create.Should().Throw<OptionsValidationException>().Which.Failures.Should().HaveCount(3);
    }

    [Fact]
    public void GetEffectiveBaseUrl_CustomUrlWithTrailingSlash_IsNormalised()
    {
        var options = new GraphPartnerAccessOptions { BaseUrl = new Uri("http://127.0.0.1:5080/v1.0/") };

        options.GetEffectiveBaseUrl().Should().Be(new Uri("http://127.0.0.1:5080/v1.0"));
        options.GetEffectiveScopes().Should().Equal("https://graph.microsoft.com/.default");
    }

    [Fact]
    public void Constructor_KiotaRetryHandler_IsNotInThePipeline()
    {
        var stub = new StubGraphHandler();
        using var client = TestClients.Create(stub, new ObservableTimeProvider());

        var handlers = new List<Type>();
        HttpMessageHandler? handler = typeof(HttpMessageInvoker)
            .GetField("_handler", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(GetHttpClient(client)) as HttpMessageHandler;
        while (handler is DelegatingHandler delegating)
        {
            handlers.Add(delegating.GetType());
            handler = delegating.InnerHandler;
        }

        handlers.Should().NotContain(typeof(Microsoft.Kiota.Http.HttpClientLibrary.Middleware.RetryHandler));
        handlers.Should().ContainSingle(t => t.Name == "GraphResilienceHandler");
        handler.Should().BeSameAs(stub);
    }

    private static HttpClient GetHttpClient(GraphPartnerAccessClient client) =>
        (HttpClient)typeof(GraphPartnerAccessClient).GetField("_httpClient", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(client)!;
}
