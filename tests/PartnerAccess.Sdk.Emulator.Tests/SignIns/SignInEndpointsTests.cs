using System.Net;
using System.Text.Json;

namespace PartnerAccess.Sdk.Emulator.Tests.SignIns;

public sealed class SignInEndpointsTests : EmulatorTestBase
{
    private const string SignIns = "beta/auditLogs/signIns";

    private static string SignIn(string id, string created, string accessType = "serviceProvider") => $$"""
        {
          "id": "{{id}}",
          "createdDateTime": "{{created}}",
          "userPrincipalName": "user_0b7e4c2d@customer.onmicrosoft.com",
          "appId": "c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
          "appDisplayName": "Azure Portal",
          "ipAddress": "203.0.113.10",
          "crossTenantAccessType": "{{accessType}}",
          "homeTenantId": "8777b240-c6f0-4469-9e98-a3205431b836",
          "resourceTenantId": "4b827261-d21f-4aa9-b7db-7fa1f56fb163",
          "status": { "errorCode": 0, "failureReason": null }
        }
        """;

    private async Task SeedAsync()
    {
        var records = string.Join(",",
            SignIn("a", "2025-03-01T10:00:00Z"),
            SignIn("b", "2025-03-02T10:00:00Z", "b2bCollaboration"),
            SignIn("c", "2025-03-03T10:00:00Z"),
            SignIn("bad-date", "yesterday"),
            "\"not an object\"");
        var reply = await PostAsync("_emulator/signins", $"[{records}]");
        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Body.GetProperty("added").GetInt32().Should().Be(5);
    }

    [Fact]
    public async Task ListSignIns_Paged_ReturnsEveryRecordAsSeeded()
    {
        await SeedAsync();

        var all = new List<JsonElement>();
        var url = $"{SignIns}?$top=2";
        while (true)
        {
            var reply = await GetAsync(url);
            reply.Status.Should().Be(HttpStatusCode.OK);
            reply.Body.GetProperty("@odata.context").GetString().Should().Be($"{Emulator.BetaBaseUrl}/$metadata#auditLogs/signIns");
            all.AddRange(reply.Values);
            if (!reply.Body.TryGetProperty("@odata.nextLink", out var next))
            {
                break;
            }

            url = next.GetString()!;
            url.Should().StartWith(Emulator.BetaBaseUrl.ToString());
        }

        all.Should().HaveCount(5);
        all[0].GetProperty("crossTenantAccessType").GetString().Should().Be("serviceProvider");
        all[0].GetProperty("status").GetProperty("errorCode").GetInt32().Should().Be(0);
        all[0].GetProperty("appDisplayName").GetString().Should().Be("Azure Portal");
        all[3].GetProperty("createdDateTime").GetString().Should().Be("yesterday");
        all[4].ValueKind.Should().Be(JsonValueKind.String, "malformed records are served as seeded");
    }

    [Fact]
    public async Task ListSignIns_DateRangeFilter_ReturnsRecordsInRangeAndUnreadableOnes()
    {
        await SeedAsync();

        var reply = await GetAsync($"{SignIns}?$filter=createdDateTime ge 2025-03-02T00:00:00Z and createdDateTime le 2025-03-02T23:59:59Z");

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Values.Where(v => v.ValueKind == JsonValueKind.Object).Select(v => v.GetProperty("id").GetString())
            .Should().Equal("b", "bad-date");
        reply.Values.Should().HaveCount(3);
    }

    [Fact]
    public async Task ListSignIns_OrderByCreatedDesc_NewestFirst()
    {
        await SeedAsync();

        var reply = await GetAsync($"{SignIns}?$orderby=createdDateTime desc&$top=2");

        reply.Values.Select(v => v.GetProperty("id").GetString()).Should().Equal("c", "b");
    }

    [Theory]
    [InlineData("$filter=crossTenantAccessType eq 'serviceProvider'")]
    [InlineData("$filter=createdDateTime ge 'not a date'")]
    [InlineData("$filter=createdDateTime ne 2025-03-02T00:00:00Z")]
    [InlineData("$top=1001")]
    [InlineData("$select=id")]
    public async Task ListSignIns_UnsupportedQuery_Returns400(string query)
    {
        (await GetAsync($"{SignIns}?{query}")).Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SeedSignIns_SingleObjectAndDirectApi_AreAppended()
    {
        await PostAsync("_emulator/signins", SignIn("x", "2025-01-01T00:00:00Z"));
        using var document = JsonDocument.Parse($"[{SignIn("y", "2025-01-02T00:00:00Z")}]");
        Emulator.SeedSignIns(document.RootElement.EnumerateArray());

        var reply = await GetAsync(SignIns);

        reply.Values.Select(v => v.GetProperty("id").GetString()).Should().Equal("x", "y");
        (await SendAsync(HttpMethod.Delete, "_emulator/signins")).Status.Should().Be(HttpStatusCode.NoContent);
        (await GetAsync(SignIns)).Values.Should().BeEmpty();
    }
}
