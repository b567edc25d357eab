using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk.Emulator.Faults;

namespace PartnerAccess.Sdk.Emulator.Tests.Faults;

/// <summary>The production fault profile: each behaviour alone at rate 1 (or a window), then the preset as a whole.</summary>
public sealed class ProductionProfileTests : EmulatorTestBase
{
    private const string Lock = "{\"action\":\"lockForApproval\"}";

    // Wire windows (list lag) move only when the test advances this clock; no test waits on real time.
    private readonly FakeTimeProvider _wire = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    protected override GdapEmulatorOptions CreateOptions() => base.CreateOptions() with { WireTimeProvider = _wire };

    [Theory]
    [InlineData("ambiguousWrite500Rate", HttpStatusCode.InternalServerError, "internalServerError")]
    [InlineData("ambiguousWrite504Rate", HttpStatusCode.GatewayTimeout, "gatewayTimeout")]
    public async Task AmbiguousWrite_Create_IsAppliedThenAnsweredWithAnError(string setting, HttpStatusCode status, string code)
    {
        await PutFaultsAsync($"{{\"{setting}\":1}}");

        var reply = await PostAsync(Relationships, RelationshipBody("Applied anyway"));

        reply.Status.Should().Be(status);
        reply.ErrorCode.Should().Be(code);
        reply.Headers.Location.Should().BeNull();
        if (status == HttpStatusCode.InternalServerError)
        {
            reply.ErrorMessage.Should().Be("An unexpected error occurred in the server.");
        }

        Emulator.Faults = EmulatorFaults.None;
        (await GetAsync(Relationships)).Values.Should().ContainSingle().Which.GetProperty("displayName").GetString().Should().Be("Applied anyway");
    }

    [Fact]
    public async Task AmbiguousWriteDrop_PatchAndDelete_AreAppliedThenTheConnectionDrops()
    {
        var created = await CreateRelationshipAsync("Before");
        var path = $"{Relationships}/{IdOf(created)}";
        Emulator.Faults = new EmulatorFaults { AmbiguousWriteDropRate = 1 };

        var patch = () => SendAsync(HttpMethod.Patch, path, "{\"displayName\":\"After\"}", IfMatch(ETagOf(created)));

        await patch.Should().ThrowAsync<HttpRequestException>();
        (await GetAsync(path)).Body.GetProperty("displayName").GetString().Should().Be("After", "reads are never ambiguous");
        var current = (await GetAsync(path)).Body;
        var delete = () => SendAsync(HttpMethod.Delete, path, headers: IfMatch(ETagOf(current)));
        await delete.Should().ThrowAsync<HttpRequestException>();
        (await GetAsync(path)).Status.Should().Be(HttpStatusCode.NotFound);
        Emulator.Requests.Where(r => r.Fault == "ambiguousDrop").Should().HaveCount(2).And.OnlyContain(r => r.Status == 0);
    }

    [Fact]
    public async Task AmbiguousWrite_RefusedWrite_KeepsItsOwnAnswer()
    {
        await PutFaultsAsync("{\"ambiguousWrite500Rate\":1}");

        var reply = await PostAsync(Relationships, RelationshipBody("Bad", duration: "P731D"));

        reply.Status.Should().Be(HttpStatusCode.BadRequest, "only an applied write is made ambiguous");
        (await GetAsync(Relationships)).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task LockNotAllowed_WithinWindow_405AndNothingAppliedThenWorksAfterWindow()
    {
        var created = await CreateRelationshipAsync();
        var path = $"{Relationships}/{IdOf(created)}";
        await PutFaultsAsync("{\"lockNotAllowedRate\":1,\"lockNotAllowedWindowSeconds\":30}");

        var refused = await PostAsync($"{path}/requests", Lock);

        refused.Status.Should().Be(HttpStatusCode.MethodNotAllowed);
        refused.ErrorCode.Should().Be("methodNotAllowed");
        (await GetAsync(path)).Body.GetProperty("status").GetString().Should().Be("created");
        (await GetAsync($"{path}/requests")).Values.Should().BeEmpty();

        await AdvanceClockAsync("PT30S");

        (await PostAsync($"{path}/requests", Lock)).Status.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task NotFoundAfterCreate_FirstReadById404sThenTheObjectIsVisible()
    {
        await PutFaultsAsync("{\"notFoundAfterCreateRate\":1}");
        var path = $"{Relationships}/{IdOf(await CreateRelationshipAsync())}";

        var first = await GetAsync(path);

        first.Status.Should().Be(HttpStatusCode.NotFound);
        first.ErrorCode.Should().Be("notFound");
        (await GetAsync(path)).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ListLag_NewObjectsLeftOutOfListsUntilTheWindowPasses()
    {
        await PutFaultsAsync("{\"listLagMs\":800}");
        var relationship = await CreateActiveRelationshipAsync();
        var id = IdOf(relationship);
        await CreateAssignmentAsync(id, GroupA);

        (await GetAsync(Relationships)).Values.Should().BeEmpty();
        (await GetAsync($"{Relationships}/{id}/accessAssignments")).Values.Should().BeEmpty();
        (await GetAsync($"{Relationships}/{id}")).Status.Should().Be(HttpStatusCode.OK, "a read by id is not a list");

        _wire.Advance(TimeSpan.FromMilliseconds(800));

        (await GetAsync(Relationships)).Values.Should().ContainSingle();
        (await GetAsync($"{Relationships}/{id}/accessAssignments")).Values.Should().ContainSingle();
    }

    [Fact]
    public async Task AssignmentPending_StaysPendingForMinutesOnTheEmulatorClock()
    {
        await PutFaultsAsync("{\"assignmentPendingSeconds\":300}");
        var id = IdOf(await CreateActiveRelationshipAsync());
        var assignment = await CreateAssignmentAsync(id, GroupA);
        var path = $"{Relationships}/{id}/accessAssignments/{IdOf(assignment)}";

        await AdvanceClockAsync("PT299S");
        (await GetAsync(path)).Body.GetProperty("status").GetString().Should().Be("pending");

        await AdvanceClockAsync("PT1S");
        (await GetAsync(path)).Body.GetProperty("status").GetString().Should().Be("active");
    }

    [Fact]
    public async Task OperationSeconds_AssignmentUpdateIsALongRunningOperationWithRetryAfter()
    {
        var id = IdOf(await CreateActiveRelationshipAsync(ExchangeAdministrator, IntuneAdministrator));
        var assignment = await CreateAssignmentAsync(id, GroupA);
        await PutFaultsAsync("{\"operationSeconds\":60}");
        var current = (await GetAsync($"{Relationships}/{id}/accessAssignments/{IdOf(assignment)}")).Body;

        var accepted = await SendAsync(HttpMethod.Patch, $"{Relationships}/{id}/accessAssignments/{IdOf(assignment)}",
            $"{{\"accessDetails\":{{\"unifiedRoles\":[{{\"roleDefinitionId\":\"{IntuneAdministrator}\"}}]}}}}", IfMatch(ETagOf(current)));

        accepted.Status.Should().Be(HttpStatusCode.Accepted);
        accepted.Headers.RetryAfter!.Delta.Should().BePositive();
        var operation = accepted.Headers.Location!.ToString();
        (await GetAsync(operation)).Body.GetProperty("status").GetString().Should().NotBe("succeeded");
        await AdvanceClockAsync("PT180S");
        (await GetAsync(operation)).Body.GetProperty("status").GetString().Should().Be("succeeded");
    }

    [Fact]
    public async Task UnsupportedFilter_CustomerTenantId_400InvalidFilterClauseOtherFiltersWork()
    {
        await PutFaultsAsync("{\"unsupportedFilterProperties\":[\"customer/tenantId\"]}");

        var refused = await GetAsync($"{Relationships}?$filter=customer/tenantId eq '{CustomerTenantId}'");

        refused.Status.Should().Be(HttpStatusCode.BadRequest);
        refused.ErrorCode.Should().Be("badRequest");
        refused.ErrorMessage.Should().StartWith("Invalid filter clause");
        (await GetAsync($"{Relationships}?$filter=(status eq 'active') and (Customer/TenantId eq '{CustomerTenantId}')")).Status
            .Should().Be(HttpStatusCode.BadRequest, "property names compare case-insensitively");
        (await GetAsync($"{Relationships}?$filter=status eq 'active'")).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public void Production_HasTheChaosRunRatesAndIsValid()
    {
        var production = EmulatorFaults.Production;

        production.Validate().Should().BeEmpty();
        production.Status429Rate.Should().Be(0.10);
        production.Status503Rate.Should().Be(0.05);
        production.DropConnectionRate.Should().Be(0.02);
        (production.AmbiguousWrite500Rate + production.AmbiguousWrite504Rate + production.AmbiguousWriteDropRate).Should().BeApproximately(0.05, 1e-9);
        production.LockNotAllowedRate.Should().Be(0.20);
        production.UnsupportedFilterProperties.Should().Equal("customer/tenantId", "accessContainer/accessContainerId");
        production.Seed.Should().NotBeNull();
    }

    [Fact]
    public async Task PutProductionPreset_WithOverride_AppliesThePresetAndTheOverride()
    {
        var reply = await SendAsync(HttpMethod.Put, "_emulator/faults/production", "{\"Seed\":7,\"retryAfterSeconds\":0}");

        reply.Status.Should().Be(HttpStatusCode.OK, reply.Text);
        Emulator.Faults.Should().BeEquivalentTo(EmulatorFaults.Production with { Seed = 7, RetryAfterSeconds = 0 });
        (await SendAsync(HttpMethod.Put, "_emulator/faults/production")).Status.Should().Be(HttpStatusCode.OK);
        Emulator.Faults.Seed.Should().Be(EmulatorFaults.Production.Seed);
    }

    [Fact]
    public async Task Production_SameSeedSameRequests_SameAnswers()
    {
        var first = await RunScriptAsync(Host);
        await using var other = await EmulatorHost.StartAsync(CreateOptions());
        var second = await RunScriptAsync(other);

        first.Should().Equal(second);
        first.Distinct().Should().HaveCountGreaterThan(2, "the preset mixes several answers");
    }

    private static async Task<List<string>> RunScriptAsync(EmulatorHost host)
    {
        host.Emulator.Faults = EmulatorFaults.Production with { RetryAfterSeconds = 0 };
        var answers = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            using var request = new HttpRequestMessage(i % 3 == 0 ? HttpMethod.Post : HttpMethod.Get, Relationships);
            if (request.Method == HttpMethod.Post)
            {
                request.Content = Json(RelationshipBody($"Scripted {i}"));
            }

            try
            {
                using var response = await host.Control.SendAsync(request);
                answers.Add(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (HttpRequestException)
            {
                answers.Add("dropped");
            }
        }

        return answers;
    }

    private Task<Reply> PutFaultsAsync(string json) => SendAsync(HttpMethod.Put, "_emulator/faults", json);
}
