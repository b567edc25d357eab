using System.Net;
using System.Text.Json;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Emulator.Tests.Wire;

/// <summary>By default every error body is exactly Graph's envelope; rule diagnostics are an explicit opt-in.</summary>
public sealed class GraphDialectTests : EmulatorTestBase
{
    public static TheoryData<string, string, string?> Refusals => new()
    {
        // Rule violation, unknown id, malformed id, unsupported query option.
        { "POST", Relationships, RelationshipBody(new string('x', 51), duration: "P731D") },
        { "GET", $"{Relationships}/{Guid.NewGuid()}-{Guid.NewGuid()}", null },
        { "GET", $"{Relationships}/not-an-id", null },
        { "GET", $"{Relationships}?$filter=createdDateTime gt 2020-01-01", null },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ErrorBody_Default_IsExactlyGraphsEnvelope(string method, string path, string? body)
    {
        var reply = await SendAsync(new HttpMethod(method), path, body, h => h.Add("client-request-id", "b3f1a2c4-0000-4000-8000-000000000001"));

        ((int)reply.Status).Should().BeInRange(400, 499);
        PropertyNames(reply.Body).Should().Equal("error");
        var error = reply.Body.GetProperty("error");
        PropertyNames(error).Should().Equal("code", "message", "innerError");
        var inner = error.GetProperty("innerError");
        PropertyNames(inner).Should().Equal("date", "request-id", "client-request-id");
        inner.GetProperty("client-request-id").GetString().Should().Be("b3f1a2c4-0000-4000-8000-000000000001");
        reply.RuleCodes.Should().BeEmpty();
        reply.Text.Should().NotContain("ruleViolations");
    }

    [Fact]
    public async Task ErrorBody_IncludeRuleDiagnostics_AddsRuleViolationsOnly()
    {
        await using var host = await EmulatorHost.StartAsync(CreateOptions() with { IncludeRuleDiagnostics = true });

        using var response = await host.Control.PostAsync(Relationships, Json(RelationshipBody(new string('x', 51), duration: "P731D")));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var inner = document.RootElement.GetProperty("error").GetProperty("innerError");
        PropertyNames(inner).Should().Equal("date", "request-id", "client-request-id", "ruleViolations");
        inner.GetProperty("ruleViolations").EnumerateArray().Select(v => v.GetProperty("code").GetString())
            .Should().BeEquivalentTo([RuleCodes.DisplayNameTooLong, RuleCodes.DurationOutOfRange]);
    }

    private static List<string> PropertyNames(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToList();
}
