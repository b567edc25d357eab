using System.Net;
using NodaTime;

namespace PartnerAccess.Sdk.Emulator.Tests.Control;

public sealed class ControlEndpointsTests : EmulatorTestBase
{
    [Fact]
    public async Task AdvanceClock_P30D_MovesEmulatorTimeOnly()
    {
        var reply = await PostAsync("_emulator/clock/advance", "{\"duration\":\"P30D\"}");

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Body.GetProperty("now").GetString().Should().Be("2025-01-31T00:00:00.0000000Z");
        Emulator.Clock.Now.Should().Be(Instant.FromUtc(2025, 1, 31, 0, 0));
        (await GetAsync("_emulator/clock")).Body.GetProperty("realTime").GetBoolean().Should().BeFalse();
    }

    [Theory]
    [InlineData("{\"duration\":\"soon\"}")]
    [InlineData("{\"duration\":\"-P1D\"}")]
    [InlineData("{}")]
    [InlineData("{\"duration\":")]
    public async Task AdvanceClock_InvalidBody_Returns400(string body)
    {
        (await PostAsync("_emulator/clock/advance", body)).Status.Should().Be(HttpStatusCode.BadRequest);
        Emulator.Clock.Now.Should().Be(Instant.FromUtc(2025, 1, 1, 0, 0));
    }

    [Fact]
    public async Task AdvanceClock_PastEndDate_ExpiresRelationship()
    {
        var active = await CreateActiveRelationshipAsync();

        await AdvanceClockAsync("P731D");

        (await GetAsync($"{Relationships}/{IdOf(active)}")).Body.GetProperty("status").GetString().Should().Be("expired");
    }

    [Fact]
    public async Task AdvanceClock_ApprovalPendingBeyond90Days_RelationshipIsCleanedUp()
    {
        var created = await CreateRelationshipAsync();
        await PostAsync($"{Relationships}/{IdOf(created)}/requests", "{\"action\":\"lockForApproval\"}");

        await AdvanceClockAsync("P91D");

        (await GetAsync($"{Relationships}/{IdOf(created)}")).Status.Should().Be(HttpStatusCode.NotFound);
        (await GetAsync(Relationships)).Values.Should().BeEmpty();
    }

    [Fact]
    public async Task Approve_WithCustomerBody_FillsCustomerWhenAbsent()
    {
        var reply = await PostAsync(Relationships, RelationshipBody(UniqueName(), customerTenantId: null));
        var id = IdOf(reply.Body);
        await PostAsync($"{Relationships}/{id}/requests", "{\"action\":\"lockForApproval\"}");

        var approved = await PostAsync($"_emulator/relationships/{id}/approve",
            "{\"customerTenantId\":\"52eaad04-13a2-4a2f-9ce8-93a294fadf36\",\"customerDisplayName\":\"Fabrikam\"}");

        approved.Status.Should().Be(HttpStatusCode.OK);
        approved.Body.GetProperty("customer").GetProperty("tenantId").GetString().Should().Be("52eaad04-13a2-4a2f-9ce8-93a294fadf36");
        approved.Body.GetProperty("customer").GetProperty("displayName").GetString().Should().Be("Fabrikam");
        approved.Body.GetProperty("status").GetString().Should().Be("active");
    }

    [Fact]
    public async Task Approve_NotPending_Returns400NamingTheRule()
    {
        var created = await CreateRelationshipAsync();

        var reply = await PostAsync($"_emulator/relationships/{IdOf(created)}/approve");

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.ErrorMessage.Should().Contain("approve");
    }

    [Fact]
    public async Task Approve_DisplayNameWithoutTenant_Returns400()
    {
        var created = await CreateRelationshipAsync();

        (await PostAsync($"_emulator/relationships/{IdOf(created)}/approve", "{\"customerDisplayName\":\"x\"}")).Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Terminate_UnknownRelationship_Returns404()
    {
        (await PostAsync($"_emulator/relationships/{Guid.NewGuid()}-{Guid.NewGuid()}/terminate")).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reset_ForgetsRelationshipsMailAndRequestLog()
    {
        await CreateRelationshipAsync();
        await PostAsync("v1.0/users/me@contoso.com/sendMail", "{\"message\":{\"subject\":\"s\",\"toRecipients\":[{\"emailAddress\":{\"address\":\"a@b.c\"}}]}}");
        await SendAsync(HttpMethod.Put, "_emulator/faults", "{\"latencyMs\":1}");

        (await PostAsync("_emulator/reset")).Status.Should().Be(HttpStatusCode.NoContent);

        Emulator.Mail.Should().BeEmpty();
        Emulator.Requests.Should().BeEmpty();
        Emulator.Faults.LatencyMs.Should().Be(0);
        (await GetAsync(Relationships)).Values.Should().BeEmpty();
    }

    [Fact]
    public async Task RequestLog_RecordsGraphRequestsWithStatusAndClientRequestId()
    {
        await GetAsync(Relationships, h =>
        {
            h.Add("client-request-id", "abc-1");
            h.Add("Retry-Attempt", "2");
        });
        await GetAsync($"{Relationships}/bad-id");
        await GetAsync("_emulator/clock");

        var reply = await GetAsync("_emulator/requests");

        var entries = reply.Body.EnumerateArray().ToList();
        entries.Should().HaveCount(2, "the control surface is not logged");
        entries[0].GetProperty("method").GetString().Should().Be("GET");
        entries[0].GetProperty("path").GetString().Should().Be("/v1.0/tenantRelationships/delegatedAdminRelationships");
        entries[0].GetProperty("status").GetInt32().Should().Be(200);
        entries[0].GetProperty("clientRequestId").GetString().Should().Be("abc-1");
        entries[0].GetProperty("retryAttempt").GetString().Should().Be("2");
        entries[1].GetProperty("status").GetInt32().Should().Be(400);
        entries[1].GetProperty("sequence").GetInt64().Should().BeGreaterThan(entries[0].GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task Audit_ListsEngineRecordsForARelationship()
    {
        var created = await CreateRelationshipAsync();

        var reply = await GetAsync($"_emulator/audit?relationshipId={IdOf(created)}");

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Body.EnumerateArray().Should().Contain(r => r.GetProperty("kind").GetString() == "relationshipCreated");
    }

    [Fact]
    public async Task Index_DescribesBaseUrlsAndControlEndpoints()
    {
        var reply = await GetAsync("_emulator");

        reply.Body.GetProperty("graphBaseUrl").GetString().Should().Be(Emulator.GraphBaseUrl.ToString());
        reply.Body.GetProperty("betaBaseUrl").GetString().Should().Be(Emulator.BetaBaseUrl.ToString());
        reply.Body.GetProperty("partnerTenantId").GetString().Should().Be(Emulator.Simulator.Options.PartnerTenantId);
        reply.Body.GetProperty("controlEndpoints").EnumerateArray().Should().Contain(e => e.GetString()!.Contains("/_emulator/clock/advance"));
    }

    [Fact]
    public async Task ControlSurface_MalformedJson_Returns400()
    {
        (await SendAsync(HttpMethod.Put, "_emulator/faults", "{oops")).Status.Should().Be(HttpStatusCode.BadRequest);
        (await PostAsync("_emulator/signins", "[{")).Status.Should().Be(HttpStatusCode.BadRequest);
    }
}
