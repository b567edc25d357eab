using System.Net;

namespace PartnerAccess.Sdk.Emulator.Tests.Relationships;

public sealed class ResellerRelationshipTests : EmulatorTestBase
{
    private const string IndirectProvider = "60ea59db-a506-485e-94c5-d115f369e239";

    private async Task<string> SeedResellerRelationshipAsync(string? customerTenantId = CustomerTenantId)
    {
        var body = RelationshipBody(UniqueName("Fabrikam"), customerTenantId: customerTenantId)[..^1] + $",\"indirectProviderTenantId\":\"{IndirectProvider}\"}}";
        var reply = await PostAsync("_emulator/resellerRelationships", body);
        reply.Status.Should().Be(HttpStatusCode.Created, reply.Text);
        return IdOf(reply.Body);
    }

    [Fact]
    public async Task SeededResellerRelationship_ListedWithResellerTypeAndConsentPending()
    {
        var id = await SeedResellerRelationshipAsync();

        var listed = (await GetAsync(Relationships)).Values.Should().ContainSingle().Subject;

        IdOf(listed).Should().Be(id);
        listed.GetProperty("@odata.type").GetString().Should().Be("#microsoft.graph.resellerDelegatedAdminRelationship");
        listed.GetProperty("isPartnerConsentPending").GetBoolean().Should().BeTrue();
        listed.GetProperty("indirectProviderTenantId").GetString().Should().Be(IndirectProvider);
        listed.GetProperty("status").GetString().Should().Be("approvalPending");
    }

    [Fact]
    public async Task ResellerReject_WritesRejectOnlyWithPreferAndTerminates()
    {
        var id = await SeedResellerRelationshipAsync();

        var reply = await PostAsync($"{Relationships}/{id}/requests", "{\"action\":\"reject\"}");

        reply.Status.Should().Be(HttpStatusCode.Created);
        reply.Body.GetProperty("action").GetString().Should().Be("unknownFutureValue");
        var withPrefer = await GetAsync($"{Relationships}/{id}/requests/{IdOf(reply.Body)}", h => h.Add("Prefer", "odata.maxpagesize=10, include-unknown-enum-members"));
        withPrefer.Body.GetProperty("action").GetString().Should().Be("reject");
        (await GetAsync($"{Relationships}/{id}")).Body.GetProperty("status").GetString().Should().Be("terminated");
    }

    [Fact]
    public async Task ResellerApproveThroughControlSurface_ClearsConsentPending()
    {
        var id = await SeedResellerRelationshipAsync();

        var reply = await PostAsync($"_emulator/relationships/{id}/reseller/approve");

        reply.Status.Should().Be(HttpStatusCode.Created);
        reply.Body.GetProperty("action").GetString().Should().Be("approve");
        (await GetAsync($"{Relationships}/{id}")).Body.GetProperty("isPartnerConsentPending").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task SeedResellerRelationship_MissingIndirectProvider_Returns400()
    {
        (await PostAsync("_emulator/resellerRelationships", RelationshipBody(UniqueName()))).Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("v1.0")]
    [InlineData("_emulator")]
    public async Task ResellerApprove_RelationshipNamesNoCustomer_400AndNothingChanges(string surface)
    {
        // The same refusal as the in-memory simulator's (RuleCodes.CustomerRequired), through Graph and the control surface.
        var id = await SeedResellerRelationshipAsync(customerTenantId: null);

        var reply = surface == "v1.0"
            ? await PostAsync($"{Relationships}/{id}/requests", "{\"action\":\"approve\"}")
            : await PostAsync($"_emulator/relationships/{id}/reseller/approve");

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.ErrorCode.Should().Be("badRequest");
        reply.ErrorMessage.Should().Contain("customer");
        var current = (await GetAsync($"{Relationships}/{id}")).Body;
        current.GetProperty("status").GetString().Should().Be("approvalPending");
        current.GetProperty("isPartnerConsentPending").GetBoolean().Should().BeTrue();
        (await GetAsync($"{Relationships}/{id}/requests")).Values.Should().BeEmpty();
    }
}
