using Azure.Core;
using Microsoft.Graph;
using Microsoft.Graph.Authentication;
using PartnerAccess.Sdk.Graph.Authentication;
using PartnerAccess.Sdk.Graph.Tests.Support;

namespace PartnerAccess.Sdk.Graph.Tests.Authentication;

/// <summary>Tokens reach the base URL's host in every cloud, the loopback emulator included, and no other host.</summary>
public sealed class AuthenticationTests
{
    private readonly StubGraphHandler _stub = new();
    private readonly ObservableTimeProvider _time = new();

    public AuthenticationTests()
    {
        _stub.On("GET", Paths.Relationships, _ => Responses.Page([]));
    }

    [Theory]
    [InlineData(GraphCloud.Global, "graph.microsoft.com", "https://graph.microsoft.com/.default")]
    [InlineData(GraphCloud.UsGovL4, "graph.microsoft.us", "https://graph.microsoft.us/.default")]
    [InlineData(GraphCloud.UsGovL5Dod, "dod-graph.microsoft.us", "https://dod-graph.microsoft.us/.default")]
    [InlineData(GraphCloud.China, "microsoftgraph.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn/.default")]
    public async Task Credential_NationalCloud_CallsThatCloudWithItsScope(GraphCloud cloud, string host, string scope)
    {
        var credential = new RecordingCredential();
        using var client = new GraphPartnerAccessClient(credential, TestClients.Options(o =>
        {
            o.Cloud = cloud;
            o.Transport = _stub;
        }), _time);

        await client.ListRelationshipsAsync().ToListAsync();

        var request = _stub.Requests.Single();
        request.Uri.Host.Should().Be(host);
        request.Path.Should().Be("/v1.0/tenantRelationships/delegatedAdminRelationships");
        credential.Scopes.Should().ContainSingle().Which.Should().Equal(scope);
        request.Header("Authorization").Should().Be("Bearer token-for-" + scope);
        client.BaseUrl.Should().Be(new Uri($"https://{host}/v1.0"));
    }

    [Fact]
    public async Task Credential_LoopbackBaseUrl_SendsTheToken()
    {
        var credential = new RecordingCredential();
        using var client = new GraphPartnerAccessClient(credential, TestClients.Options(o =>
        {
            o.BaseUrl = new Uri("http://127.0.0.1:5080/v1.0");
            o.Transport = _stub;
        }), _time);

        await client.ListRelationshipsAsync().ToListAsync();

        var request = _stub.Requests.Single();
        request.Uri.Should().Be(new Uri("http://127.0.0.1:5080/v1.0/tenantRelationships/delegatedAdminRelationships?$top=300"));
        request.Header("Authorization").Should().Be("Bearer token-for-https://graph.microsoft.com/.default");
    }

    [Fact]
    public async Task GraphDefaultProvider_LoopbackHost_SendsNoToken()
    {
        // The gotcha the client works around (gdap-wire-spec.md §10): without explicit allowed hosts, nothing is sent.
        var credential = new RecordingCredential();
        using var http = new HttpClient(_stub, disposeHandler: false);
        var graph = new GraphServiceClient(http, new AzureIdentityAuthenticationProvider(credential, null, null, true, "https://graph.microsoft.com/.default"), "http://127.0.0.1:5080/v1.0");

        await graph.TenantRelationships.DelegatedAdminRelationships.GetAsync();

        _stub.Requests.Single().Header("Authorization").Should().BeNull();
    }

    [Fact]
    public async Task StaticToken_SentToTheBaseHostOnly()
    {
        const string foreignLink = "https://elsewhere.example/v1.0/tenantRelationships/delegatedAdminRelationships?$skipToken=x";
        _stub.On("GET", Paths.Relationships, request => request.Uri.Host == "127.0.0.1"
            ? Responses.Page([GraphJson.Relationship(GraphJson.RelationshipId(1))], foreignLink)
            : Responses.Page([]));
        using var client = new GraphPartnerAccessClient(TestClients.Options(o =>
        {
            o.BaseUrl = new Uri("http://127.0.0.1:5080/v1.0/");
            o.StaticAccessToken = "emulator-token";
            o.Transport = _stub;
        }), _time);

        await client.ListRelationshipsAsync().ToListAsync();

        _stub.Requests[0].Header("Authorization").Should().Be("Bearer emulator-token");
        _stub.Requests[1].Uri.Host.Should().Be("elsewhere.example");
        _stub.Requests[1].Header("Authorization").Should().BeNull("a token never follows a link to another host");
    }

    [Fact]
    public void StaticAccessTokenProvider_NoAllowedHosts_IsRefused()
    {
        var create = () => new StaticAccessTokenProvider("t", []);

        create.Should().Throw<ArgumentException>();
    }

    private sealed class RecordingCredential : TokenCredential
    {
        private readonly List<string[]> _scopes = [];

        public IReadOnlyList<string[]> Scopes
        {
            get
            {
                lock (_scopes)
                {
                    return _scopes.ToList();
                }
            }
        }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (_scopes)
            {
                _scopes.Add(requestContext.Scopes);
            }

            return new AccessToken("token-for-" + string.Join(" ", requestContext.Scopes), new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
