using System.Net;
using Azure.Core;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Authentication.Azure;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace PartnerAccess.Sdk.Emulator.Tests.GraphSdk;

/// <summary>
/// What docs/emulator.md promises a user who tests code built on the raw Microsoft Graph SDK: a GraphServiceClient
/// pointed at the emulator's base URL works end to end, and the loopback token gotcha shows up as the emulator's 401.
/// </summary>
public sealed class RawGraphServiceClientTests : EmulatorTestBase
{
    private const string Token = "emulator-token";

    protected override GdapEmulatorOptions CreateOptions() => base.CreateOptions() with { BearerToken = Token };

    private GraphServiceClient CreateGraphClient()
    {
        // One retry layer: take Kiota's RetryHandler out, as the wire spec §10 recommends.
        var handlers = GraphClientFactory.CreateDefaultHandlers().Where(h => h is not RetryHandler).ToList();
        var http = GraphClientFactory.Create(handlers);
        var auth = new BaseBearerTokenAuthenticationProvider(new StaticTokenProvider(Token, Emulator.GraphBaseUrl.Host));
        return new GraphServiceClient(http, auth, Emulator.GraphBaseUrl.ToString());
    }

    private static DelegatedAdminRelationship NewRelationship(string name) => new()
    {
        DisplayName = name,
        Duration = TimeSpan.FromDays(730),
        AutoExtendDuration = TimeSpan.Zero,
        Customer = new DelegatedAdminRelationshipCustomerParticipant { TenantId = CustomerTenantId, DisplayName = "Contoso Inc" },
        AccessDetails = new DelegatedAdminAccessDetails
        {
            UnifiedRoles = [new UnifiedRole { RoleDefinitionId = ExchangeAdministrator }, new UnifiedRole { RoleDefinitionId = IntuneAdministrator }],
        },
    };

    [Fact]
    public async Task GraphServiceClient_FullLifecycle_WorksAgainstTheEmulator()
    {
        var graph = CreateGraphClient();

        var created = await graph.TenantRelationships.DelegatedAdminRelationships.PostAsync(NewRelationship("Contoso via Graph SDK"));

        created!.Status.Should().Be(DelegatedAdminRelationshipStatus.Created);
        created.Duration.Should().Be(TimeSpan.FromDays(730));
        created.AutoExtendDuration.Should().Be(TimeSpan.Zero);
        created.ActivatedDateTime.Should().BeNull();
        created.AdditionalData["@odata.etag"].Should().BeOfType<string>().Which.Should().StartWith("W/\"");

        var request = await graph.TenantRelationships.DelegatedAdminRelationships[created.Id].Requests.PostAsync(
            new DelegatedAdminRelationshipRequest { Action = DelegatedAdminRelationshipRequestAction.LockForApproval });
        request!.Status.Should().Be(DelegatedAdminRelationshipRequestStatus.Created);

        (await PostAsync($"_emulator/relationships/{created.Id}/approve")).Status.Should().Be(HttpStatusCode.OK);

        var active = await graph.TenantRelationships.DelegatedAdminRelationships[created.Id].GetAsync();
        active!.Status.Should().Be(DelegatedAdminRelationshipStatus.Active);
        active.EndDateTime.Should().Be(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var assignment = await graph.TenantRelationships.DelegatedAdminRelationships[created.Id].AccessAssignments.PostAsync(new DelegatedAdminAccessAssignment
        {
            AccessContainer = new DelegatedAdminAccessContainer { AccessContainerId = GroupA, AccessContainerType = DelegatedAdminAccessContainerType.SecurityGroup },
            AccessDetails = new DelegatedAdminAccessDetails { UnifiedRoles = [new UnifiedRole { RoleDefinitionId = ExchangeAdministrator }] },
        });
        assignment!.Status.Should().Be(DelegatedAdminAccessAssignmentStatus.Pending);
        var current = await graph.TenantRelationships.DelegatedAdminRelationships[created.Id].AccessAssignments[assignment.Id].GetAsync();

        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        await graph.TenantRelationships.DelegatedAdminRelationships[created.Id].AccessAssignments[assignment.Id].PatchAsync(
            new DelegatedAdminAccessAssignment { AccessDetails = new DelegatedAdminAccessDetails { UnifiedRoles = [new UnifiedRole { RoleDefinitionId = IntuneAdministrator }] } },
            rc =>
            {
                rc.Headers.Add("If-Match", (string)current!.AdditionalData["@odata.etag"]);
                rc.Options.Add(headers);
            });

        var location = headers.ResponseHeaders["Location"].Single();
        headers.ResponseHeaders["Retry-After"].Single().Should().Be("10");
        var operationId = location[(location.LastIndexOf('/') + 1)..];
        var operation = await graph.TenantRelationships.DelegatedAdminRelationships[created.Id].Operations[operationId].GetAsync();
        operation!.Status.Should().Be(LongRunningOperationStatus.Succeeded);
        operation.OperationType.Should().Be(DelegatedAdminRelationshipOperationType.DelegatedAdminAccessAssignmentUpdate);
        operation.Data.Should().Contain(IntuneAdministrator);

        var customers = await graph.TenantRelationships.DelegatedAdminCustomers.GetAsync();
        customers!.Value.Should().ContainSingle().Which.TenantId.Should().Be(CustomerTenantId);
    }

    [Fact]
    public async Task GraphServiceClient_PageIteratorWithFilterAndTop_FollowsNextLinks()
    {
        var graph = CreateGraphClient();
        for (var i = 0; i < 5; i++)
        {
            await graph.TenantRelationships.DelegatedAdminRelationships.PostAsync(NewRelationship(UniqueName()));
        }

        var first = await graph.TenantRelationships.DelegatedAdminRelationships.GetAsync(rc =>
        {
            rc.QueryParameters.Filter = "status eq 'created'";
            rc.QueryParameters.Top = 2;
            rc.QueryParameters.Count = true;
        });
        var seen = new List<string>();
        var iterator = PageIterator<DelegatedAdminRelationship, DelegatedAdminRelationshipCollectionResponse>.CreatePageIterator(graph, first!, r =>
        {
            seen.Add(r.Id!);
            return true;
        });
        await iterator.IterateAsync();

        first!.OdataCount.Should().Be(5);
        seen.Should().HaveCount(5).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task GraphServiceClient_ResellerRelationship_DeserializesAsResellerType()
    {
        var graph = CreateGraphClient();
        var body = RelationshipBody(UniqueName())[..^1] + ",\"indirectProviderTenantId\":\"60ea59db-a506-485e-94c5-d115f369e239\"}";
        (await PostAsync("_emulator/resellerRelationships", body)).Status.Should().Be(HttpStatusCode.Created);

        var page = await graph.TenantRelationships.DelegatedAdminRelationships.GetAsync();

        var reseller = page!.Value.Should().ContainSingle().Which.Should().BeOfType<ResellerDelegatedAdminRelationship>().Subject;
        reseller.IndirectProviderTenantId.Should().Be("60ea59db-a506-485e-94c5-d115f369e239");
        reseller.IsPartnerConsentPending.Should().BeTrue();
    }

    [Fact]
    public async Task GraphServiceClient_RuleViolation_SurfacesAsODataErrorInGraphsDialect()
    {
        var graph = CreateGraphClient();
        var invalid = NewRelationship(new string('x', 51));

        var act = () => graph.TenantRelationships.DelegatedAdminRelationships.PostAsync(invalid);

        var error = (await act.Should().ThrowAsync<ODataError>()).Which;
        error.ResponseStatusCode.Should().Be(400);
        error.Error!.Code.Should().Be("badRequest");
        error.Error.Message.Should().Contain("50 characters");
        error.Error.InnerError!.RequestId.Should().NotBeNullOrEmpty();
        error.Error.InnerError.ClientRequestId.Should().NotBeNullOrEmpty();
        error.Error.InnerError.AdditionalData.Should().NotContainKey("ruleViolations");
    }

    [Fact]
    public async Task GraphServiceClient_TokenCredentialWithoutAllowedHosts_SendsNoTokenAndGets401()
    {
        // The loopback gotcha: Azure's token provider silently sends no token to hosts it does not know.
        var graph = new GraphServiceClient(new StaticCredential(Token), ["https://graph.microsoft.com/.default"], Emulator.GraphBaseUrl.ToString());

        var act = () => graph.TenantRelationships.DelegatedAdminRelationships.GetAsync();

        (await act.Should().ThrowAsync<ODataError>()).Which.ResponseStatusCode.Should().Be(401);
    }

    [Fact]
    public async Task GraphServiceClient_TokenCredentialWithLoopbackAllowed_SendsTheToken()
    {
        var auth = new AzureIdentityAuthenticationProvider(new StaticCredential(Token), [Emulator.GraphBaseUrl.Host], null, true, "https://graph.microsoft.com/.default");
        var graph = new GraphServiceClient(auth, Emulator.GraphBaseUrl.ToString());

        var page = await graph.TenantRelationships.DelegatedAdminRelationships.GetAsync();

        page!.Value.Should().BeEmpty();
    }

    private sealed class StaticTokenProvider(string token, string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(AllowedHostsValidator.IsUrlHostValid(uri) ? token : string.Empty);
    }

    private sealed class StaticCredential(string token) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(token, DateTimeOffset.MaxValue);

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
