using CsCheck;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using PartnerAccess.Sdk.Graph.Wire;

namespace PartnerAccess.Sdk.Graph.Tests.Wire;

/// <summary>The cached GETs build exactly the requests Graph's request builders build.</summary>
public sealed class ItemGetRequestsTests
{
    // Ids as Graph issues them, and anything else, reserved and non-ASCII characters included.
    private static readonly Gen<string> Ids = Gen.OneOf(
        Gen.Guid.Select(Gen.Guid).Select((a, b) => $"{a}-{b}"),
        Gen.Guid.Select(g => g.ToString()),
        Gen.String[Gen.Char.AlphaNumeric, 1, 20],
        Gen.String[Gen.Char, 1, 20]);

    [Theory]
    [InlineData("https://graph.microsoft.com/v1.0")]
    [InlineData("http://127.0.0.1:5080/v1.0/")]
    public void Requests_AnyIds_MatchGraphRequestBuilders(string baseUrl)
    {
        using var graph = new GraphServiceClient(new HttpClient(), new AnonymousAuthenticationProvider(), baseUrl);
        var gets = new ItemGetRequests(graph);
        var relationships = graph.TenantRelationships.DelegatedAdminRelationships;

        Gen.Select(Ids, Ids).Sample((relationshipId, itemId) =>
        {
            Same(gets.Relationship(relationshipId), relationships[relationshipId].ToGetRequestInformation());
            Same(gets.AccessAssignment(relationshipId, itemId), relationships[relationshipId].AccessAssignments[itemId].ToGetRequestInformation());
            Same(gets.Operation(relationshipId, itemId), relationships[relationshipId].Operations[itemId].ToGetRequestInformation());
        }, iter: 200);
    }

    private static void Same(Microsoft.Kiota.Abstractions.RequestInformation actual, Microsoft.Kiota.Abstractions.RequestInformation expected)
    {
        actual.HttpMethod.Should().Be(expected.HttpMethod);
        actual.URI.AbsoluteUri.Should().Be(expected.URI.AbsoluteUri);
        actual.URI.OriginalString.Should().Be(expected.URI.OriginalString);
        actual.UrlTemplate.Should().Be(expected.UrlTemplate);
        actual.Headers.Should().BeEquivalentTo(expected.Headers);
        actual.RequestOptions.Should().BeEmpty();
        actual.Content.Should().BeSameAs(Stream.Null);
    }
}
