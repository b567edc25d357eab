using System.Text;
using System.Text.Json;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions.Serialization;
using CsCheck;
using Microsoft.Kiota.Serialization.Json;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Graph.Tests.Support;
using PartnerAccess.Sdk.Graph.Wire;
using PartnerAccess.Sdk.Graph.Wire.Json;
using PartnerAccess.Sdk.Relationships;
using OperationStatus = PartnerAccess.Sdk.Relationships.OperationStatus;
using RelationshipStatus = PartnerAccess.Sdk.Relationships.RelationshipStatus;

namespace PartnerAccess.Sdk.Graph.Tests.Wire;

/// <summary>
/// Microsoft's documented payloads map through the streaming reader (<see cref="GraphJsonReader"/>) exactly as through the
/// Kiota models and <see cref="GraphModelMapper"/>, field by field.
/// </summary>
public sealed class JsonReaderGoldenTests
{
    private const string RelationshipId = "5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836";
    private const string NextLink = "https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships?$top=300&$skiptoken=abc%3D%3D";

    [Theory]
    [InlineData("get-relationship")]
    [InlineData("create-relationship-response")]
    public void ReadRelationship_DocsExample_MapsAsKiotaPath(string payload)
    {
        var json = Payloads.Text(payload);

        var streamed = GraphJsonReader.ReadObject(Encoding.UTF8.GetBytes(json), GraphJsonReader.ReadRelationship);

        ShouldMatch(streamed, OldRelationship(json));
    }

    [Fact]
    public void ReadRelationship_EmptyActivatedDateTime_IsNotYetActivated()
    {
        var json = Payloads.Text("create-relationship-response");

        var streamed = GraphJsonReader.ReadObject(Encoding.UTF8.GetBytes(json), GraphJsonReader.ReadRelationship);

        streamed.ActivatedAt.Should().BeNull();
        streamed.EndsAt.Should().BeNull();
        streamed.Status.Should().Be(RelationshipStatus.Created);
        ShouldMatch(streamed, OldRelationship(json));
    }

    [Fact]
    public void ReadPage_DocsListWithResellerAndNextLink_MapsAsKiotaPath()
    {
        var json = WithNextLink(Payloads.Text("list-relationships"));

        var page = GraphJsonReader.ReadPage(Encoding.UTF8.GetBytes(json), GraphJsonReader.ReadRelationship);
        var old = Kiota(json, DelegatedAdminRelationshipCollectionResponse.CreateFromDiscriminatorValue);

        page.NextLink.Should().Be(NextLink).And.Be(old.OdataNextLink);
        ShouldMatch(page.Items, old.Value!.Select(GraphModelMapper.ToRelationship).ToList());
        page.Items.Should().ContainSingle(r => r.IsResellerRelationship)
            .Which.Should().Match<Relationship>(r => r.IndirectProviderTenantId == "60ea59db-a506-485e-94c5-d115f369e239" && r.IsPartnerConsentPending == true);
    }

    [Theory]
    [InlineData("unknownFutureValue")]
    [InlineData("someStatusGraphAddsLater")]
    [InlineData("")]
    [InlineData("42")]
    public void ReadRelationship_UnknownStatus_MapsToUnknownAsKiotaPath(string status)
    {
        var json = Payloads.Text("get-relationship").Replace("\"status\": \"active\"", $"\"status\": \"{status}\"", StringComparison.Ordinal);

        var streamed = GraphJsonReader.ReadObject(Encoding.UTF8.GetBytes(json), GraphJsonReader.ReadRelationship);

        streamed.Status.Should().Be(RelationshipStatus.Unknown);
        ShouldMatch(streamed, OldRelationship(json));
    }

    [Fact]
    public void ReadRelationship_ResellerPropertiesWithoutResellerType_AreIgnoredAsKiotaPath()
    {
        var json = Payloads.Text("get-relationship").Replace(
            "\"status\": \"active\",",
            "\"status\": \"active\", \"indirectProviderTenantId\": \"60ea59db-a506-485e-94c5-d115f369e239\", \"isPartnerConsentPending\": false,",
            StringComparison.Ordinal);

        var streamed = GraphJsonReader.ReadObject(Encoding.UTF8.GetBytes(json), GraphJsonReader.ReadRelationship);

        streamed.IsResellerRelationship.Should().BeFalse();
        ShouldMatch(streamed, OldRelationship(json));
    }

    [Fact]
    public void ReadRelationship_UnknownPropertiesOfEveryShape_AreSkipped()
    {
        var json = Payloads.Text("get-relationship").Replace(
            "\"status\": \"active\",",
            "\"status\": \"active\", \"futureObject\": { \"a\": [1, {\"b\": null}], \"status\": \"terminated\" }, \"futureArray\": [[\"x\"], {}], \"futureNumber\": 1.5e3, \"futureFlag\": true,",
            StringComparison.Ordinal);

        var streamed = GraphJsonReader.ReadObject(Encoding.UTF8.GetBytes(json), GraphJsonReader.ReadRelationship);

        streamed.Status.Should().Be(RelationshipStatus.Active);
        ShouldMatch(streamed, OldRelationship(json));
    }

    [Fact]
    public void ReadAccessAssignment_DocsExample_MapsAsKiotaPath()
    {
        var json = Payloads.Text("create-assignment-response");

        var streamed = GraphJsonReader.ReadObject(Encoding.UTF8.GetBytes(json), GraphJsonReader.AccessAssignmentReader(RelationshipId));
        var old = GraphModelMapper.ToAccessAssignment(Kiota(json, DelegatedAdminAccessAssignment.CreateFromDiscriminatorValue), RelationshipId);

        ShouldMatch(streamed, old);
        streamed.Status.Should().Be(AccessAssignmentStatus.Pending);
    }

    [Fact]
    public void ReadPage_DocsAccessAssignmentListWithNextLink_MapsAsKiotaPath()
    {
        var json = WithNextLink(Payloads.Text("list-access-assignments"));

        var page = GraphJsonReader.ReadPage(Encoding.UTF8.GetBytes(json), GraphJsonReader.AccessAssignmentReader(RelationshipId));
        var old = Kiota(json, DelegatedAdminAccessAssignmentCollectionResponse.CreateFromDiscriminatorValue);

        page.NextLink.Should().Be(old.OdataNextLink).And.Be(NextLink);
        page.Items.Should().HaveCount(2);
        ShouldMatch(page.Items, old.Value!.Select(a => GraphModelMapper.ToAccessAssignment(a, RelationshipId)).ToList());
    }

    [Fact]
    public void ReadOperation_DocsExample_KeepsDataAsTheJsonStringAsKiotaPath()
    {
        var json = Payloads.Text("operation");

        var streamed = GraphJsonReader.ReadObject(Encoding.UTF8.GetBytes(json), GraphJsonReader.OperationReader(RelationshipId));
        var old = GraphModelMapper.ToOperation(Kiota(json, DelegatedAdminRelationshipOperation.CreateFromDiscriminatorValue), RelationshipId);

        ShouldMatch(streamed, old);
        streamed.Data.Should().StartWith("{\"id\":\"a97a9b4c-f43e-4c47-bbd6-50d8d3c88d94\"");
        streamed.OperationType.Should().Be(RelationshipOperationType.DelegatedAdminAccessAssignmentUpdate);
    }

    [Fact]
    public void ReadPage_DocsOperationList_MapsAsKiotaPath()
    {
        var json = Payloads.Text("list-operations").Replace("\"status\": \"succeeded\"", "\"status\": \"pausedForSomething\"", StringComparison.Ordinal);

        var page = GraphJsonReader.ReadPage(Encoding.UTF8.GetBytes(json), GraphJsonReader.OperationReader(RelationshipId));
        var old = Kiota(json, DelegatedAdminRelationshipOperationCollectionResponse.CreateFromDiscriminatorValue);

        page.NextLink.Should().BeNull();
        page.Items.Should().HaveCount(2).And.OnlyContain(o => o.Status == OperationStatus.Unknown);
        ShouldMatch(page.Items, old.Value!.Select(o => GraphModelMapper.ToOperation(o, RelationshipId)).ToList());
    }

    [Fact]
    public void ReadRequest_DocsLockResponse_MapsAsKiotaPath()
    {
        var json = Payloads.Text("lock-response");

        var streamed = GraphJsonReader.ReadObject(Encoding.UTF8.GetBytes(json), GraphJsonReader.RequestReader(RelationshipId));
        var old = GraphModelMapper.ToRequest(Kiota(json, DelegatedAdminRelationshipRequest.CreateFromDiscriminatorValue), RelationshipId);

        ShouldMatch(streamed, old);
        streamed.Action.Should().Be(RelationshipRequestAction.LockForApproval);
    }

    [Fact]
    public void ReadRelationship_AnyRelationshipJson_MapsAsKiotaPath()
    {
        RelationshipJson.Any.Sample(json =>
        {
            var streamed = GraphJsonReader.ReadObject(Encoding.UTF8.GetBytes(json), GraphJsonReader.ReadRelationship);
            ShouldMatch(streamed, OldRelationship(json));
        }, iter: 300);
    }

    internal static Relationship OldRelationship(string json) =>
        GraphModelMapper.ToRelationship(Kiota(json, DelegatedAdminRelationship.CreateFromDiscriminatorValue));

    internal static T Kiota<T>(string json, ParsableFactory<T> factory)
        where T : IParsable
    {
        using var document = JsonDocument.Parse(json);
        return new JsonParseNode(document.RootElement).GetObjectValue(factory)!;
    }

    private static string WithNextLink(string page) =>
        page.Replace("\"value\":", $"\"@odata.nextLink\": \"{NextLink}\", \"value\":", StringComparison.Ordinal);

    private static void ShouldMatch<T>(T streamed, T old) =>
        streamed.Should().BeEquivalentTo(old, o => o.ComparingRecordsByMembers().WithStrictOrdering().RespectingRuntimeTypes());
}
