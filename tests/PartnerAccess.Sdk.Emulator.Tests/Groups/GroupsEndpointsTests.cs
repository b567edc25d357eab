using System.Net;

namespace PartnerAccess.Sdk.Emulator.Tests.Groups;

/// <summary>The partner tenant's /v1.0/groups over raw HTTP: Graph's shape, its paging and its directory error dialect.</summary>
public sealed class GroupsEndpointsTests : EmulatorTestBase
{
    private const string Groups = "v1.0/groups";

    [Fact]
    public async Task PostGroups_SecurityGroupBody_Returns201WithGraphsGroupShape()
    {
        var reply = await SendAsync(HttpMethod.Post, Groups,
            """{"displayName":"GDAP - Helpdesk","mailEnabled":false,"mailNickname":"GDAP-Helpdesk","securityEnabled":true,"groupTypes":[]}""");

        reply.Status.Should().Be(HttpStatusCode.Created);
        var body = reply.Body;
        body.GetProperty("@odata.context").GetString().Should().EndWith("/$metadata#groups/$entity");
        body.GetProperty("securityEnabled").GetBoolean().Should().BeTrue();
        body.GetProperty("mailEnabled").GetBoolean().Should().BeFalse();
        body.GetProperty("groupTypes").GetArrayLength().Should().Be(0);
        body.GetProperty("securityIdentifier").GetString().Should().StartWith("S-1-12-1-");
        body.GetProperty("createdDateTime").GetString().Should().StartWith("2025-01-01T00:00:00");
        Emulator.PartnerGroups.List().Should().ContainSingle().Which.Id.Should().Be(body.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("""{"mailEnabled":false,"mailNickname":"x","securityEnabled":true}""", "displayName")]
    [InlineData("""{"displayName":"x","mailEnabled":false,"securityEnabled":true}""", "mailNickname")]
    [InlineData("""{"displayName":"x","mailNickname":"x","mailEnabled":false}""", "securityEnabled")]
    [InlineData("""{"displayName":"x","mailNickname":"x","mailEnabled":true,"securityEnabled":true,"groupTypes":[]}""", "Mail-enabled security groups")]
    public async Task PostGroups_InvalidBody_Returns400RequestBadRequestNamingTheProperty(string body, string named)
    {
        var reply = await SendAsync(HttpMethod.Post, Groups, body);

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.Body.GetProperty("error").GetProperty("code").GetString().Should().Be("Request_BadRequest");
        reply.Body.GetProperty("error").GetProperty("message").GetString().Should().Contain(named);
        Emulator.PartnerGroups.Count.Should().Be(0);
    }

    [Fact]
    public async Task GetGroups_TopAndStartsWith_PagesWithNextLinkKeepingTheFilter()
    {
        foreach (var name in new[] { "GDAP - A", "Other", "GDAP - B", "GDAP - C" })
        {
            Emulator.PartnerGroups.Add(name);
        }

        var first = await SendAsync(HttpMethod.Get, Groups + "?$top=2&$filter=startswith(displayName,'GDAP')");
        var next = first.Body.GetProperty("@odata.nextLink").GetString()!;
        var second = await SendAsync(HttpMethod.Get, next);

        first.Body.GetProperty("value").EnumerateArray().Select(g => g.GetProperty("displayName").GetString()).Should().Equal("GDAP - A", "GDAP - B");
        second.Body.GetProperty("value").EnumerateArray().Select(g => g.GetProperty("displayName").GetString()).Should().Equal("GDAP - C");
        second.Body.TryGetProperty("@odata.nextLink", out _).Should().BeFalse();
    }

    [Fact]
    public async Task GetMembers_SeededUsers_WritesODataTypeAndDeletedGroupIs404()
    {
        var group = Emulator.PartnerGroups.Add("GDAP - Helpdesk");
        Emulator.PartnerGroups.AddMember(group.Id, "Ana", "ana@partner.example");

        var members = await SendAsync(HttpMethod.Get, $"{Groups}/{group.Id}/members");
        Emulator.PartnerGroups.Delete(group.Id);
        var gone = await SendAsync(HttpMethod.Get, $"{Groups}/{group.Id}/members");
        var malformed = await SendAsync(HttpMethod.Get, $"{Groups}/not-a-guid");

        members.Body.GetProperty("@odata.context").GetString().Should().EndWith("/$metadata#directoryObjects");
        var member = members.Body.GetProperty("value")[0];
        member.GetProperty("@odata.type").GetString().Should().Be("#microsoft.graph.user");
        member.GetProperty("userPrincipalName").GetString().Should().Be("ana@partner.example");
        gone.Status.Should().Be(HttpStatusCode.NotFound);
        gone.Body.GetProperty("error").GetProperty("code").GetString().Should().Be("Request_ResourceNotFound");
        malformed.Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ControlGroups_SeedWithMembersAndDelete_ChangeTheDirectory()
    {
        var seeded = await SendAsync(HttpMethod.Post, "_emulator/groups", """{"displayName":"GDAP - Leads","members":[{"displayName":"Cy","userPrincipalName":"cy@partner.example"}]}""");
        var id = seeded.Body.GetProperty("id").GetString()!;

        Emulator.PartnerGroups.Members(id).Should().ContainSingle();
        (await SendAsync(HttpMethod.Delete, $"_emulator/groups/{id}")).Status.Should().Be(HttpStatusCode.NoContent);
        Emulator.PartnerGroups.Count.Should().Be(0);
        (await SendAsync(HttpMethod.Delete, $"_emulator/groups/{id}")).Status.Should().Be(HttpStatusCode.NotFound);
    }
}
