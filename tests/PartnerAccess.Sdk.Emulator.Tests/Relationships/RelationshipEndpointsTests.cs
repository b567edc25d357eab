using System.Net;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Emulator.Tests.Relationships;

public sealed class RelationshipEndpointsTests : EmulatorTestBase
{
    // These tests check which rules the engine names, so they opt in to the emulator-only diagnostics.
    protected override GdapEmulatorOptions CreateOptions() => base.CreateOptions() with { IncludeRuleDiagnostics = true };

    [Fact]
    public async Task CreateRelationship_ValidBody_Returns201WithLocationAndGraphShape()
    {
        var reply = await PostAsync(Relationships, RelationshipBody("Contoso admin relationship", duration: "P2Y", autoExtend: "P180D"));

        reply.Status.Should().Be(HttpStatusCode.Created);
        var body = reply.Body;
        var id = IdOf(body);
        PartnerAccess.Sdk.Rules.GdapRules.IsRelationshipId(id).Should().BeTrue();
        id.Should().EndWith(Emulator.Simulator.Options.PartnerTenantId);
        reply.Headers.Location.Should().Be(new Uri($"{Emulator.GraphBaseUrl}/tenantRelationships/delegatedAdminRelationships/{id}"));
        body.GetProperty("@odata.context").GetString().Should().Be($"{Emulator.GraphBaseUrl}/tenantRelationships/$metadata#delegatedAdminRelationships");
        body.GetProperty("@odata.type").GetString().Should().Be("#microsoft.graph.delegatedAdminRelationship");
        ETagOf(body).Should().StartWith("W/\"");
        body.GetProperty("displayName").GetString().Should().Be("Contoso admin relationship");
        body.GetProperty("duration").GetString().Should().Be("P730D", "P2Y is read as 730 days and written in day form");
        body.GetProperty("autoExtendDuration").GetString().Should().Be("P180D");
        body.GetProperty("status").GetString().Should().Be("created");
        body.GetProperty("customer").GetProperty("tenantId").GetString().Should().Be(CustomerTenantId);
        body.GetProperty("accessDetails").GetProperty("unifiedRoles").EnumerateArray()
            .Select(r => r.GetProperty("roleDefinitionId").GetString()).Should().BeEquivalentTo([ExchangeAdministrator, IntuneAdministrator]);
        body.GetProperty("activatedDateTime").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        body.GetProperty("endDateTime").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        body.GetProperty("createdDateTime").GetString().Should().Be("2025-01-01T00:00:00.0000000Z");
        body.TryGetProperty("isPartnerConsentPending", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("P0D")]
    [InlineData("PT0S")]
    public async Task CreateRelationship_ZeroAutoExtend_IsEchoedAsSent(string autoExtend)
    {
        var reply = await PostAsync(Relationships, RelationshipBody(UniqueName(), autoExtend: autoExtend));

        reply.Body.GetProperty("autoExtendDuration").GetString().Should().Be(autoExtend);
        (await GetAsync($"{Relationships}/{IdOf(reply.Body)}")).Body.GetProperty("autoExtendDuration").GetString().Should().Be(autoExtend);
    }

    [Fact]
    public async Task CreateRelationship_NoAutoExtend_DefaultsToPT0S()
    {
        var reply = await PostAsync(Relationships, RelationshipBody(UniqueName()));

        reply.Body.GetProperty("autoExtendDuration").GetString().Should().Be("PT0S");
    }

    [Fact]
    public async Task CreateRelationship_SeveralBrokenRules_Returns400NamingEveryRule()
    {
        var reply = await PostAsync(Relationships, RelationshipBody(new string('x', 51), duration: "P731D", autoExtend: "P180D", roles: GlobalAdministrator));

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.ErrorCode.Should().Be("badRequest");
        reply.RuleCodes.Should().BeEquivalentTo([RuleCodes.DisplayNameTooLong, RuleCodes.DurationOutOfRange, RuleCodes.AutoExtendWithGlobalAdministrator]);
        reply.ErrorMessage.Should().Contain("P1D and P2Y");
        var violation = reply.Body.GetProperty("error").GetProperty("innerError").GetProperty("ruleViolations")[0];
        violation.TryGetProperty("target", out _).Should().BeTrue();
        violation.TryGetProperty("message", out _).Should().BeTrue();
        violation.TryGetProperty("value", out _).Should().BeTrue();
        (await GetAsync(Relationships)).Values.Should().BeEmpty();
    }

    [Fact]
    public async Task CreateRelationship_RoleIdNotAGuid_Returns400WithInvalidRoleAndOtherRules()
    {
        var reply = await PostAsync(Relationships, RelationshipBody(new string('y', 51), roles: "not-a-guid"));

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.RuleCodes.Should().BeEquivalentTo([RuleCodes.RoleInvalidId, RuleCodes.DisplayNameTooLong]);
    }

    [Fact]
    public async Task CreateRelationship_UnreadableDuration_Returns400()
    {
        var reply = await PostAsync(Relationships, RelationshipBody(UniqueName(), duration: "two years"));

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.ErrorMessage.Should().Contain("two years");
    }

    [Fact]
    public async Task CreateRelationship_DuplicateNameInOtherCase_Returns409Conflict()
    {
        await CreateRelationshipAsync("Contoso Exchange");

        var reply = await PostAsync(Relationships, RelationshipBody("CONTOSO exchange"));

        reply.Status.Should().Be(HttpStatusCode.Conflict);
        reply.ErrorCode.Should().Be("conflict");
        reply.RuleCodes.Should().ContainSingle().Which.Should().Be(RuleCodes.DisplayNameNotUnique);
        reply.ErrorMessage.Should().Contain("already used");
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"displayName\":")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"displayName\":5,\"duration\":\"P1D\"}")]
    [InlineData("{\"displayName\":\"x\",\"accessDetails\":{\"unifiedRoles\":\"oops\"}}")]
    [InlineData("{\"displayName\":\"x\",\"customer\":\"oops\"}")]
    public async Task CreateRelationship_MalformedBody_Returns400NotServerError(string body)
    {
        var reply = await PostAsync(Relationships, body);

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.ErrorCode.Should().Be("badRequest");
    }

    [Fact]
    public async Task CreateRelationship_EmptyBody_Returns400()
    {
        var reply = await PostAsync(Relationships);

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task GetRelationship_MalformedId_Returns400WithGraphMessage()
    {
        var reply = await GetAsync($"{Relationships}/not-a-relationship-id");

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.ErrorCode.Should().Be("badRequest");
        reply.ErrorMessage.Should().Be("The passed in delegatedAdminRelationshipId is invalid.");
        reply.RuleCodes.Should().Contain(RuleCodes.RelationshipIdInvalid);
    }

    [Fact]
    public async Task GetRelationship_UnknownId_Returns404EnvelopeEchoingClientRequestId()
    {
        var reply = await GetAsync($"{Relationships}/{Guid.NewGuid()}-{Guid.NewGuid()}", h => h.Add("client-request-id", "my-request-1"));

        reply.Status.Should().Be(HttpStatusCode.NotFound);
        reply.ErrorCode.Should().Be("notFound");
        var inner = reply.Body.GetProperty("error").GetProperty("innerError");
        inner.GetProperty("client-request-id").GetString().Should().Be("my-request-1");
        inner.GetProperty("request-id").GetString().Should().NotBeNullOrEmpty();
        inner.GetProperty("date").GetString().Should().Be("2025-01-01T00:00:00Z");
        reply.Headers.GetValues("client-request-id").Should().ContainSingle("my-request-1");
    }

    [Fact]
    public async Task GetRelationship_Existing_Returns200WithEntityContext()
    {
        var created = await CreateRelationshipAsync();

        var reply = await GetAsync($"{Relationships}/{IdOf(created)}");

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Body.GetProperty("@odata.context").GetString().Should().EndWith("$metadata#delegatedAdminRelationships/$entity");
        ETagOf(reply.Body).Should().Be(ETagOf(created));
    }

    [Fact]
    public async Task GetRelationship_Select_ReturnsOnlySelectedPropertiesIdAndAnnotations()
    {
        var created = await CreateRelationshipAsync();

        var reply = await GetAsync($"{Relationships}/{IdOf(created)}?$select=displayName,status");

        reply.Body.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            ["@odata.context", "@odata.type", "@odata.etag", "id", "displayName", "status"]);
    }

    [Fact]
    public async Task GetRelationship_SelectUnknownProperty_Returns400()
    {
        var created = await CreateRelationshipAsync();

        (await GetAsync($"{Relationships}/{IdOf(created)}?$select=nope")).Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task UpdateRelationship_WithoutIfMatch_Returns428()
    {
        var created = await CreateRelationshipAsync();

        var reply = await SendAsync(HttpMethod.Patch, $"{Relationships}/{IdOf(created)}", "{\"duration\":\"P31D\"}");

        reply.Status.Should().Be((HttpStatusCode)428);
        reply.ErrorCode.Should().Be("preconditionRequired");
        reply.RuleCodes.Should().Contain(RuleCodes.ETagRequired);
    }

    [Fact]
    public async Task UpdateRelationship_StaleIfMatch_Returns412AndChangesNothing()
    {
        var created = await CreateRelationshipAsync();
        var first = await SendAsync(HttpMethod.Patch, $"{Relationships}/{IdOf(created)}", "{\"duration\":\"P31D\"}", IfMatch(ETagOf(created)));
        first.Status.Should().Be(HttpStatusCode.OK);

        var stale = await SendAsync(HttpMethod.Patch, $"{Relationships}/{IdOf(created)}", "{\"duration\":\"P60D\"}", IfMatch(ETagOf(created)));

        stale.Status.Should().Be(HttpStatusCode.PreconditionFailed);
        stale.ErrorCode.Should().Be("preconditionFailed");
        (await GetAsync($"{Relationships}/{IdOf(created)}")).Body.GetProperty("duration").GetString().Should().Be("P31D");
    }

    [Fact]
    public async Task UpdateRelationship_ValidIfMatch_Returns200WithNewETagAndEntityContext()
    {
        var created = await CreateRelationshipAsync();

        var reply = await SendAsync(HttpMethod.Patch, $"{Relationships}/{IdOf(created)}",
            "{\"displayName\":\"Renamed\",\"duration\":\"P31D\",\"autoExtendDuration\":\"P180D\"}", IfMatch(ETagOf(created)));

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Body.GetProperty("@odata.context").GetString().Should().EndWith("$metadata#delegatedAdminRelationships/$entity");
        reply.Body.GetProperty("displayName").GetString().Should().Be("Renamed");
        reply.Body.GetProperty("duration").GetString().Should().Be("P31D");
        reply.Body.GetProperty("autoExtendDuration").GetString().Should().Be("P180D");
        reply.Body.GetProperty("status").GetString().Should().Be("created");
        ETagOf(reply.Body).Should().NotBe(ETagOf(created));
    }

    [Fact]
    public async Task UpdateRelationship_IfMatchStar_IsTreatedAsMatch()
    {
        var created = await CreateRelationshipAsync();

        var reply = await SendAsync(HttpMethod.Patch, $"{Relationships}/{IdOf(created)}", "{\"duration\":\"P90D\"}", IfMatch("*"));

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Body.GetProperty("duration").GetString().Should().Be("P90D");
    }

    [Fact]
    public async Task UpdateRelationship_MissingIfMatchAndInvalidRoleId_Returns428()
    {
        var created = await CreateRelationshipAsync();

        var reply = await SendAsync(HttpMethod.Patch, $"{Relationships}/{IdOf(created)}", "{\"accessDetails\":{\"unifiedRoles\":[{\"roleDefinitionId\":\"x\"}]}}");

        reply.Status.Should().Be((HttpStatusCode)428);
        reply.RuleCodes.Should().Contain([RuleCodes.ETagRequired, RuleCodes.RoleInvalidId]);
    }

    [Fact]
    public async Task DeleteRelationship_Created_Returns204ThenNotFound()
    {
        var created = await CreateRelationshipAsync();

        var reply = await SendAsync(HttpMethod.Delete, $"{Relationships}/{IdOf(created)}", headers: IfMatch(ETagOf(created)));

        reply.Status.Should().Be(HttpStatusCode.NoContent);
        (await GetAsync($"{Relationships}/{IdOf(created)}")).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteRelationship_WithoutIfMatch_Returns428()
    {
        var created = await CreateRelationshipAsync();

        (await SendAsync(HttpMethod.Delete, $"{Relationships}/{IdOf(created)}")).Status.Should().Be((HttpStatusCode)428);
    }

    [Fact]
    public async Task DeleteRelationship_Active_Returns400NamingTheStatusRule()
    {
        var active = await CreateActiveRelationshipAsync();

        var reply = await SendAsync(HttpMethod.Delete, $"{Relationships}/{IdOf(active)}", headers: IfMatch(ETagOf(active)));

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.RuleCodes.Should().Contain(RuleCodes.RelationshipState);
        reply.ErrorMessage.Should().Contain("active");
    }

    [Fact]
    public async Task LockForApproval_Created_Returns201RequestAndRelationshipAwaitsApproval()
    {
        var created = await CreateRelationshipAsync();
        var id = IdOf(created);

        var reply = await PostAsync($"{Relationships}/{id}/requests", "{\"action\":\"lockForApproval\"}");

        reply.Status.Should().Be(HttpStatusCode.Created);
        reply.Body.GetProperty("@odata.type").GetString().Should().Be("#microsoft.graph.delegatedAdminRelationshipRequest");
        reply.Body.GetProperty("@odata.context").GetString().Should().EndWith("$metadata#requests");
        reply.Body.GetProperty("action").GetString().Should().Be("lockForApproval");
        reply.Body.GetProperty("status").GetString().Should().Be("created");
        reply.Body.TryGetProperty("@odata.etag", out _).Should().BeFalse();
        var requestId = IdOf(reply.Body);
        reply.Headers.Location.Should().Be(new Uri($"{Emulator.GraphBaseUrl}/tenantRelationships/delegatedAdminRelationships/{id}/requests/{requestId}"));
        (await GetAsync($"{Relationships}/{id}")).Body.GetProperty("status").GetString().Should().Be("approvalPending");
        var single = await GetAsync($"{Relationships}/{id}/requests/{requestId}");
        single.Body.GetProperty("status").GetString().Should().Be("succeeded");
        single.Body.GetProperty("@odata.context").GetString().Should().EndWith("$metadata#requests/$entity");
        (await GetAsync($"{Relationships}/{id}/requests")).Values.Should().ContainSingle(r => IdOf(r) == requestId);
    }

    [Fact]
    public async Task CreateRequest_UnknownAction_Returns400()
    {
        var created = await CreateRelationshipAsync();

        var reply = await PostAsync($"{Relationships}/{IdOf(created)}/requests", "{\"action\":\"explode\"}");

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.ErrorMessage.Should().Contain("explode");
    }

    [Fact]
    public async Task CreateRequest_TerminateWhileCreated_Returns400NamingTheRule()
    {
        var created = await CreateRelationshipAsync();

        var reply = await PostAsync($"{Relationships}/{IdOf(created)}/requests", "{\"action\":\"terminate\"}");

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.ErrorMessage.Should().Contain("terminate");
        reply.RuleCodes.Should().Contain(RuleCodes.RelationshipState);
    }

    [Fact]
    public async Task GetRequest_UnknownId_Returns404()
    {
        var created = await CreateRelationshipAsync();

        (await GetAsync($"{Relationships}/{IdOf(created)}/requests/{Guid.NewGuid()}")).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Approve_ThenActive_SetsActivationAndEndDates()
    {
        var active = await CreateActiveRelationshipAsync();

        active.GetProperty("activatedDateTime").GetString().Should().Be("2025-01-01T00:00:00.0000000Z");
        active.GetProperty("endDateTime").GetString().Should().Be("2027-01-01T00:00:00.0000000Z", "730 days after activation");
    }

    [Fact]
    public async Task TerminateRequest_Active_EndsTerminated()
    {
        var active = await CreateActiveRelationshipAsync();

        var reply = await PostAsync($"{Relationships}/{IdOf(active)}/requests", "{\"action\":\"terminate\"}");

        reply.Status.Should().Be(HttpStatusCode.Created);
        reply.Body.GetProperty("action").GetString().Should().Be("terminate");
        (await GetAsync($"{Relationships}/{IdOf(active)}")).Body.GetProperty("status").GetString().Should().Be("terminated");
    }

    [Fact]
    public async Task UpdateRelationship_ActiveRemovingGlobalAdministrator_Returns202AndOperationTypeNeedsPrefer()
    {
        var active = await CreateActiveRelationshipAsync(GlobalAdministrator, ExchangeAdministrator);
        var id = IdOf(active);

        var reply = await SendAsync(HttpMethod.Patch, $"{Relationships}/{id}",
            $"{{\"accessDetails\":{{\"unifiedRoles\":[{{\"roleDefinitionId\":\"{ExchangeAdministrator}\"}}]}}}}", IfMatch(ETagOf(active)));

        reply.Status.Should().Be(HttpStatusCode.Accepted);
        reply.Text.Should().Be("{}");
        reply.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(10));
        var location = reply.Headers.Location!;
        location.ToString().Should().StartWith($"{Emulator.GraphBaseUrl}/tenantRelationships/delegatedAdminRelationships/{id}/operations/");
        (await GetAsync(location.ToString())).Body.GetProperty("operationType").GetString().Should().Be("unknownFutureValue");
        var withPrefer = await GetAsync(location.ToString(), h => h.Add("Prefer", "include-unknown-enum-members"));
        withPrefer.Body.GetProperty("operationType").GetString().Should().Be("delegatedAdminRelationshipUpdate");
    }

    [Fact]
    public async Task UpdateRelationship_ActiveAutoExtendOnly_Returns200()
    {
        var active = await CreateActiveRelationshipAsync();

        var reply = await SendAsync(HttpMethod.Patch, $"{Relationships}/{IdOf(active)}", "{\"autoExtendDuration\":\"P180D\"}", IfMatch(ETagOf(active)));

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Body.GetProperty("autoExtendDuration").GetString().Should().Be("P180D");
        reply.Body.GetProperty("status").GetString().Should().Be("active");
    }

    [Fact]
    public async Task UnknownRoute_Returns404Envelope()
    {
        var reply = await GetAsync("v1.0/tenantRelationships/somethingElse");

        reply.Status.Should().Be(HttpStatusCode.NotFound);
        reply.ErrorCode.Should().Be("notFound");
    }

    [Fact]
    public async Task WrongMethod_Returns405Envelope()
    {
        var reply = await SendAsync(HttpMethod.Put, Relationships, "{}");

        reply.Status.Should().Be(HttpStatusCode.MethodNotAllowed);
        reply.ErrorCode.Should().Be("methodNotAllowed");
    }

    [Fact]
    public async Task CreateRelationship_CustomerWithoutTenantId_AcceptedWithNoCustomerUntilApproval()
    {
        // Spec §9.2 checks customer.tenantId only when present.
        var body = RelationshipBody(UniqueName(), customerTenantId: null)[..^1] + ",\"customer\":{\"displayName\":\"Contoso Inc\"}}";

        var reply = await PostAsync(Relationships, body);

        reply.Status.Should().Be(HttpStatusCode.Created, reply.Text);
        var id = IdOf(reply.Body);
        (await PostAsync($"{Relationships}/{id}/requests", "{\"action\":\"lockForApproval\"}")).Status.Should().Be(HttpStatusCode.Created);
        (await PostAsync($"_emulator/relationships/{id}/approve", $"{{\"customerTenantId\":\"{CustomerTenantId}\"}}")).Status.Should().Be(HttpStatusCode.OK);
        (await GetAsync($"{Relationships}/{id}")).Body.GetProperty("customer").GetProperty("tenantId").GetString().Should().Be(CustomerTenantId);
    }

    [Theory]
    [InlineData(" P730D", RuleCodes.DurationInvalid)]
    [InlineData("P730D ", RuleCodes.DurationInvalid)]
    [InlineData("seven days", RuleCodes.DurationInvalid)]
    public async Task CreateRelationship_DurationNotExactlyIso8601_400DurationInvalidOnly(string duration, string code)
    {
        var reply = await PostAsync(Relationships, RelationshipBody(UniqueName(), duration: duration));

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.RuleCodes.Should().Equal(code);
    }

    [Theory]
    [InlineData("{62e90394-69f5-4237-9190-012177145e10}")]
    [InlineData("62e9039469f542379190012177145e10")]
    [InlineData(" 62e90394-69f5-4237-9190-012177145e10")]
    public async Task CreateRelationship_RoleIdNotCanonical_400RoleInvalidId(string roleId)
    {
        var reply = await PostAsync(Relationships, RelationshipBody(UniqueName(), roles: [ExchangeAdministrator, roleId]));

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.RuleCodes.Should().Equal(RuleCodes.RoleInvalidId);
    }
}
