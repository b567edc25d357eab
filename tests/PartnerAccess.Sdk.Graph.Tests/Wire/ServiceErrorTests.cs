using System.Net;
using System.Text.Json.Nodes;
using PartnerAccess.Sdk.Graph.Tests.Support;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Graph.Tests.Wire;

/// <summary>Graph's error answers become <see cref="PartnerAccessException"/> with the right code, rules and request id.</summary>
public sealed class ServiceErrorTests
{
    private static readonly string Id = GraphJson.RelationshipId(5);
    private readonly StubGraphHandler _stub = new();
    private readonly ObservableTimeProvider _time = new();

    [Fact]
    public async Task Get_400WithoutRuleViolations_CarriesTheServiceMessageAsOneViolation()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Error(HttpStatusCode.BadRequest, "badRequest", "The passed in delegatedAdminRelationshipId is invalid."));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.GetRelationshipAsync(Id)).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        failure.Which.Violations.Should().ContainSingle().Which.Should().Be(
            new RuleViolation("service.badRequest", "request", "The passed in delegatedAdminRelationshipId is invalid.", null));
    }

    [Theory]
    [InlineData(404, PartnerAccessErrorCode.NotFound)]
    [InlineData(428, PartnerAccessErrorCode.Concurrency)]
    [InlineData(401, PartnerAccessErrorCode.Unauthorized)]
    [InlineData(403, PartnerAccessErrorCode.Unauthorized)]
    public async Task Patch_ErrorStatus_MapsToErrorCode(int status, PartnerAccessErrorCode expected)
    {
        _stub.On("PATCH", Paths.Relationship, _ => Responses.Status(status));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.UpdateRelationshipAsync(Snapshots.Created(Id), new Sdk.Relationships.RelationshipUpdate { DisplayName = "Renamed" }))
            .Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(expected);
        failure.Which.Status.Should().Be(status);
        _stub.Requests.Should().HaveCount(1, "PATCH is retried only after 429 and 503; other answers are final");
    }

    [Fact]
    public async Task Patch_412WhenTheObjectIsUnchanged_IsConcurrencyStill()
    {
        _stub.On("PATCH", Paths.Relationship, _ => Responses.Error(HttpStatusCode.PreconditionFailed, "preconditionFailed", "Stale."));
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Relationship(Id)));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.UpdateRelationshipAsync(Snapshots.Created(Id), new Sdk.Relationships.RelationshipUpdate { DisplayName = "Renamed" }))
            .Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Concurrency);
        failure.Which.Status.Should().Be(412);
    }

    [Fact]
    public async Task Patch_412_CarriesTheStaleETagRule()
    {
        _stub.On("PATCH", Paths.Relationship, _ => Responses.Error(HttpStatusCode.PreconditionFailed, "preconditionFailed", "The If-Match ETag does not match the current version."));
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Relationship(Id, etag: "W/\"etag-2\"")));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.UpdateRelationshipAsync(Snapshots.Created(Id), new Sdk.Relationships.RelationshipUpdate { DisplayName = "Renamed" }))
            .Should().ThrowAsync<PartnerAccessException>();

        failure.Which.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.ETagMismatch);
    }

    [Fact]
    public async Task Delete_428_CarriesTheETagRequiredRule()
    {
        _stub.On("DELETE", Paths.Relationship, _ => Responses.Error((HttpStatusCode)428, "preconditionRequired", "The If-Match header is required."));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.DeleteRelationshipAsync(Snapshots.Created(Id))).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Concurrency);
        failure.Which.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.ETagRequired);
    }

    [Fact]
    public async Task Get_403_NamesReadPermissionServicePrincipalAndMfa()
    {
        _stub.On("GET", Paths.Relationships, _ => Responses.Error(HttpStatusCode.Forbidden, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.ListRelationshipsAsync().ToListAsync().AsTask()).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Unauthorized);
        failure.Which.Message.Should().Contain("DelegatedAdminRelationship.Read.All")
            .And.Contain("2832473f-ec63-45fb-976f-5d45a7d4bb91")
            .And.Contain("multi-factor")
            .And.Contain("Insufficient privileges");
    }

    [Fact]
    public async Task Post_401_NamesWritePermission()
    {
        _stub.On("POST", Paths.Relationships, _ => Responses.Error(HttpStatusCode.Unauthorized, "InvalidAuthenticationToken", "Access token is empty."));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.CreateRelationshipAsync(Requests.Create())).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Unauthorized);
        failure.Which.Message.Should().Contain("DelegatedAdminRelationship.ReadWrite.All").And.Contain("HTTP 401");
    }

    [Fact]
    public async Task Get_GatewayAnswersHtml_IsServiceErrorWithTheStatus()
    {
        _stub.On("GET", Paths.Relationship, _ => new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent("<html><body>Bad gateway</body></html>", System.Text.Encoding.UTF8, "text/html"),
        });
        using var client = TestClients.Create(_stub, _time, o => o.MaxAttempts = 1);

        var failure = await client.Invoking(c => c.GetRelationshipAsync(Id)).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.ServiceError);
        failure.Which.Status.Should().Be(502);
        failure.Which.Message.Should().Contain("Bad gateway");
    }
}
