using System.Net;
using System.Text.Json;

namespace PartnerAccess.Sdk.Emulator.Tests.Wire;

public sealed class PagingAndQueryTests : EmulatorTestBase
{
    [Fact]
    public async Task ListRelationships_Top_PagesWithAbsoluteNextLinksUntilDone()
    {
        for (var i = 0; i < 5; i++)
        {
            await CreateRelationshipAsync();
        }

        var ids = new List<string>();
        var url = $"{Relationships}?$top=2";
        var pages = 0;
        while (true)
        {
            var reply = await GetAsync(url);
            reply.Status.Should().Be(HttpStatusCode.OK);
            pages++;
            reply.Values.Count.Should().BeLessThanOrEqualTo(2);
            ids.AddRange(reply.Values.Select(IdOf));
            if (!reply.Body.TryGetProperty("@odata.nextLink", out var next))
            {
                break;
            }

            url = next.GetString()!;
            url.Should().StartWith(Emulator.BaseAddress.ToString()).And.Contain("skiptoken=");
        }

        pages.Should().Be(3);
        ids.Should().OnlyHaveUniqueItems().And.HaveCount(5);
        ids.Should().Equal(Emulator.Simulator.ListRelationships().Select(r => r.Id), "the default order is createdDateTime, then id");
    }

    [Fact]
    public async Task ListRelationships_NoTop_PageSizeIs100()
    {
        for (var i = 0; i < 101; i++)
        {
            await CreateRelationshipAsync();
        }

        var first = await GetAsync(Relationships);
        first.Values.Should().HaveCount(100);
        var second = await GetAsync(first.Body.GetProperty("@odata.nextLink").GetString()!);
        second.Values.Should().ContainSingle();
        second.Body.TryGetProperty("@odata.nextLink", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("0", HttpStatusCode.BadRequest)]
    [InlineData("301", HttpStatusCode.BadRequest)]
    [InlineData("-1", HttpStatusCode.BadRequest)]
    [InlineData("abc", HttpStatusCode.BadRequest)]
    [InlineData("1", HttpStatusCode.OK)]
    [InlineData("300", HttpStatusCode.OK)]
    public async Task ListRelationships_TopBounds_OneTo300(string top, HttpStatusCode expected)
    {
        var reply = await GetAsync($"{Relationships}?$top={top}");

        reply.Status.Should().Be(expected);
        if (expected == HttpStatusCode.BadRequest)
        {
            reply.ErrorMessage.Should().Contain("$top");
        }
    }

    [Fact]
    public async Task ListRelationships_KiotaEscapedQueryKeys_AreUnderstood()
    {
        await CreateRelationshipAsync();
        await CreateRelationshipAsync();

        var reply = await GetAsync($"{Relationships}?%24top=1&%24count=true");

        reply.Values.Should().ContainSingle();
        reply.Body.GetProperty("@odata.count").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task ListRelationships_FilterStatusAndCustomerInParentheses_ReturnsMatches()
    {
        var active = await CreateActiveRelationshipAsync();
        await CreateRelationshipAsync();

        var reply = await GetAsync($"{Relationships}?$filter=(status eq 'active') AND (customer/tenantId eq '{CustomerTenantId}')");

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Values.Should().ContainSingle().Which.GetProperty("id").GetString().Should().Be(IdOf(active));
    }

    [Fact]
    public async Task ListRelationships_FilterDisplayName_IsCaseInsensitiveAndEscapesQuotes()
    {
        await CreateRelationshipAsync("O'Brien admin");
        await CreateRelationshipAsync("Other");

        var reply = await GetAsync($"{Relationships}?$filter=displayName eq 'o''brien ADMIN'");

        reply.Values.Should().ContainSingle().Which.GetProperty("displayName").GetString().Should().Be("O'Brien admin");
    }

    [Theory]
    [InlineData("status ne 'active'")]
    [InlineData("status eq 'active' or status eq 'created'")]
    [InlineData("startswith(displayName,'a')")]
    [InlineData("duration eq 'P1D'")]
    [InlineData("status eq")]
    [InlineData("(status eq 'active'")]
    [InlineData("status eq 'active")]
    public async Task ListRelationships_UnsupportedFilter_Returns400(string filter)
    {
        var reply = await GetAsync($"{Relationships}?$filter={Uri.EscapeDataString(filter)}");

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.ErrorCode.Should().Be("badRequest");
        reply.ErrorMessage.Should().Contain("$filter");
    }

    [Fact]
    public async Task ListRelationships_OrderByStatusDesc_SortsByStatusName()
    {
        await CreateActiveRelationshipAsync();
        await CreateRelationshipAsync();

        var reply = await GetAsync($"{Relationships}?$orderby=status desc");

        reply.Values.Select(v => v.GetProperty("status").GetString()).Should().Equal("created", "active");
        (await GetAsync($"{Relationships}?$orderby=status")).Values.Select(v => v.GetProperty("status").GetString()).Should().Equal("active", "created");
    }

    [Fact]
    public async Task ListRelationships_OrderByBeforeFilter_AppliesBoth()
    {
        await CreateActiveRelationshipAsync();
        await CreateRelationshipAsync();
        await CreateRelationshipAsync();

        var reply = await GetAsync($"{Relationships}?$orderby=status&$filter=status eq 'created'");

        reply.Values.Should().HaveCount(2).And.OnlyContain(v => v.GetProperty("status").GetString() == "created");
    }

    [Theory]
    [InlineData("$orderby=displayName")]
    [InlineData("$orderby=status sideways")]
    [InlineData("$skiptoken=not-a-token")]
    [InlineData("$count=maybe")]
    [InlineData("$search=foo")]
    [InlineData("$skip=2")]
    [InlineData("$select=nope")]
    public async Task ListRelationships_InvalidQueryOption_Returns400(string query)
    {
        (await GetAsync($"{Relationships}?{query}")).Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ListRelationships_Select_KeepsIdAndAnnotations()
    {
        await CreateRelationshipAsync();

        var reply = await GetAsync($"{Relationships}?$select=status");

        reply.Values.Single().EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["@odata.type", "@odata.etag", "id", "status"]);
    }

    [Fact]
    public async Task ListRelationships_CountWithFilter_CountsMatchesNotPage()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateRelationshipAsync();
        }

        var reply = await GetAsync($"{Relationships}?$count=true&$top=1&$filter=status eq 'created'");

        reply.Body.GetProperty("@odata.count").GetInt32().Should().Be(3);
        reply.Values.Should().ContainSingle();
        var next = reply.Body.GetProperty("@odata.nextLink").GetString()!;
        var nextReply = await GetAsync(next);
        nextReply.Body.GetProperty("@odata.count").GetInt32().Should().Be(3, "the next link keeps the query options");
    }

    [Fact]
    public async Task ListRequests_FilterOnUnsupportedProperty_Returns400()
    {
        var created = await CreateRelationshipAsync();

        (await GetAsync($"{Relationships}/{IdOf(created)}/requests?$filter=action eq 'terminate'")).Status.Should().Be(HttpStatusCode.BadRequest);
        (await GetAsync($"{Relationships}/{IdOf(created)}/requests?$filter=status eq 'succeeded'")).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ListRelationships_Empty_HasContextAndEmptyValue()
    {
        var reply = await GetAsync(Relationships);

        reply.Body.GetProperty("@odata.context").GetString().Should().Be($"{Emulator.GraphBaseUrl}/tenantRelationships/$metadata#delegatedAdminRelationships");
        reply.Body.GetProperty("value").ValueKind.Should().Be(JsonValueKind.Array);
        reply.Values.Should().BeEmpty();
    }
}
