using System.Net.Http.Json;
using System.Text.Json;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Groups;

namespace PartnerAccess.Sdk.ContractTests.Groups;

/// <summary>The groups suite against <see cref="GraphPartnerGroups"/> over HTTP to the emulator, seeded through its control surface.</summary>
public sealed class GraphOverEmulatorGroupsContractTests : PartnerGroupsContractTests
{
    protected override async Task<IPartnerGroupsHarness> CreateHarnessAsync() =>
        new EmulatorGroupsHarness(await EmulatorHost.StartAsync(configureClient: o => o.RelationshipPageSize = 2));

    [Fact]
    public async Task CreateSecurityGroup_SendsGraphsSecurityGroupBody()
    {
        var host = ((EmulatorGroupsHarness)Harness).Host;

        await Groups.CreateSecurityGroupAsync(new CreatePartnerGroupRequest { DisplayName = "GDAP - Auditors" });

        host.Emulator.Requests.Should().Contain(r => r.Method == "POST" && r.Path == "/v1.0/groups" && r.Status == 201);
        var stored = host.Emulator.PartnerGroups.List().Should().ContainSingle().Subject;
        stored.SecurityEnabled.Should().BeTrue();
        stored.MailEnabled.Should().BeFalse();
        stored.MailNickname.Should().Be("GDAP--Auditors");
    }

    [Fact]
    public async Task CreateSecurityGroup_ResponseLostAfterTheServiceCreatedIt_ResolvesByReadingAndCreatesOneGroup()
    {
        var host = ((EmulatorGroupsHarness)Harness).Host;
        using var transport = new LoseFirstCreateResponse(new SocketsHttpHandler());
        using var client = host.CreateClient(o => o.Transport = transport);
        var groups = new GraphPartnerGroups(client);

        var created = await groups.CreateSecurityGroupAsync(new CreatePartnerGroupRequest { DisplayName = "GDAP - Escalations" });

        transport.Lost.Should().Be(1);
        host.Emulator.PartnerGroups.List().Should().ContainSingle().Which.Id.Should().Be(created.Id);
        host.Emulator.Requests.Count(r => r.Method == "POST" && r.Path == "/v1.0/groups").Should().Be(1);
    }

    [Fact]
    public async Task ListGroups_UnsupportedFilter_AnswersInGraphsDirectoryDialect()
    {
        var host = ((EmulatorGroupsHarness)Harness).Host;

        using var response = await host.Control.SendAsync(new HttpRequestMessage(HttpMethod.Get, "v1.0/groups?$filter=endswith(displayName,'x')")
        {
            Headers = { { "Authorization", "Bearer " + host.Token } },
        });

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("error").GetProperty("code").GetString().Should().Be("Request_BadRequest");
    }

    internal sealed class EmulatorGroupsHarness(EmulatorHost host) : IPartnerGroupsHarness
    {
        private readonly GraphPartnerGroups _groups = new(host.Client);

        public EmulatorHost Host => host;

        public IPartnerGroups Groups => _groups;

        public async Task<string> SeedGroupAsync(string displayName, params string[] members)
        {
            var body = new
            {
                displayName,
                members = members.Select(m => new { displayName = m, userPrincipalName = m.ToLowerInvariant() + "@partner.example" }).ToArray(),
            };
            using var response = await host.Control.PostAsJsonAsync("_emulator/groups", body);
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        public async Task DeleteGroupAsync(string groupId)
        {
            using var response = await host.Control.DeleteAsync($"_emulator/groups/{groupId}");
            response.EnsureSuccessStatusCode();
        }

        public ValueTask DisposeAsync() => host.DisposeAsync();
    }

    /// <summary>Lets the first POST /groups reach the service, then loses its answer: the ambiguous failure.</summary>
    private sealed class LoseFirstCreateResponse(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int Lost { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/groups", StringComparison.Ordinal) && Lost == 0)
            {
                Lost++;
                response.Dispose();
                throw new HttpRequestException("The connection was reset (simulated after the service processed the request).");
            }

            return response;
        }
    }
}
