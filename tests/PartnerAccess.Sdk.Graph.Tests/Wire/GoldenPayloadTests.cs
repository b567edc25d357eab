using System.Net;
using System.Text.Json.Nodes;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Graph.Tests.Support;
using PartnerAccess.Sdk.Graph.Wire;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Graph.Tests.Wire;

/// <summary>The Microsoft docs examples (gdap-wire-spec.md §6) map into the domain model as they should.</summary>
public sealed class GoldenPayloadTests
{
    private const string ContosoId = "5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836";
    private readonly StubGraphHandler _stub = new();
    private readonly ObservableTimeProvider _time = new();

    [Fact]
    public async Task CreateRelationship_DocsExample_SendsDocsBodyAndMapsResponseWithEmptyActivatedDateTime()
    {
        _stub.On("POST", Paths.Relationships, _ => Responses.Json(HttpStatusCode.Created, Payloads.Text("create-relationship-response"),
            ("Location", "https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships/" + ContosoId)));
        using var client = TestClients.Create(_stub, _time);

        var relationship = await client.CreateRelationshipAsync(new CreateRelationshipRequest
        {
            DisplayName = "Contoso admin relationship",
            Duration = Duration.FromDays(730),
            Customer = new CustomerParticipant("4b827261-d21f-4aa9-b7db-7fa1f56fb163", "Contoso subsidiary Inc"),
            Roles = [RoleGrant.Parse("29232cdf-9323-42fd-ade2-1d097af3e4de"), RoleGrant.Parse("3a2c62db-5318-420d-8d74-23affee5d9d5")],
            AutoExtendDuration = Duration.FromDays(180),
        });

        var sent = _stub.Requests.Single().Json!.AsObject();
        var expected = Payloads.Json("create-relationship-request").AsObject();
        sent["displayName"]!.GetValue<string>().Should().Be(expected["displayName"]!.GetValue<string>());
        sent["duration"]!.GetValue<string>().Should().Be("P730D");
        sent["autoExtendDuration"]!.GetValue<string>().Should().Be("P180D");
        sent["customer"]!["tenantId"]!.GetValue<string>().Should().Be("4b827261-d21f-4aa9-b7db-7fa1f56fb163");
        sent["accessDetails"]!["unifiedRoles"]!.AsArray().Select(r => r!["roleDefinitionId"]!.GetValue<string>())
            .Should().Equal(expected["accessDetails"]!["unifiedRoles"]!.AsArray().Select(r => r!["roleDefinitionId"]!.GetValue<string>()));

        relationship.Id.Should().Be(ContosoId);
        relationship.Status.Should().Be(RelationshipStatus.Created);
        relationship.ETag.Value.Should().Be("W/\"JyIxODAwZTY4My0wMDAwLTAyMDAtMDAwMC02MTU0OWFmMDAwMDAiJw==\"");
        relationship.ActivatedAt.Should().BeNull("the docs example sends activatedDateTime as an empty string");
        relationship.EndsAt.Should().BeNull("the domain has no end before activation");
        relationship.Window.Length.Should().Be(Duration.FromDays(730));
        relationship.Window.AutoExtendDuration.Should().Be(Duration.FromDays(180));
        relationship.Customer.Should().Be(new CustomerParticipant("4b827261-d21f-4aa9-b7db-7fa1f56fb163", "Contoso subsidiary Inc"));
        relationship.Roles.Select(r => r.Name).Should().Equal("Exchange Administrator", "Intune Administrator");
        relationship.CreatedAt.Should().Be(Instant.FromDateTimeOffset(DateTimeOffset.Parse("2022-02-10T11:24:42.3148266Z", System.Globalization.CultureInfo.InvariantCulture)));
        relationship.IsResellerRelationship.Should().BeFalse();
    }

    [Fact]
    public async Task ListRelationships_DocsExample_MapsActiveTerminatedAndResellerWithUnknownRole()
    {
        _stub.On("GET", Paths.Relationships, _ => Responses.Json(HttpStatusCode.OK, Payloads.Text("list-relationships")));
        using var client = TestClients.Create(_stub, _time);

        var relationships = await client.ListRelationshipsAsync().ToListAsync();

        relationships.Should().HaveCount(3);
        var active = relationships[0];
        active.Status.Should().Be(RelationshipStatus.Active);
        active.Roles.Should().ContainSingle().Which.IsKnown.Should().BeFalse("dd4db9a0-… is not in the catalog, and reading never rejects");
        active.Roles[0].RoleDefinitionId.Should().Be(Guid.Parse("dd4db9a0-cc4a-4213-9f9f-70242232d97e"));
        active.ActivatedAt.Should().NotBeNull();
        active.EndsAt.Should().Be(Instant.FromUtc(2024, 2, 10, 11, 24, 42) + Duration.FromTicks(3148266));
        active.Window.AutoExtends.Should().BeTrue();

        var terminated = relationships[1];
        terminated.Status.Should().Be(RelationshipStatus.Terminated);
        terminated.Window.Length.Should().Be(Duration.FromDays(30));
        terminated.Window.AutoExtendDuration.Should().Be(Duration.Zero);

        var reseller = relationships[2];
        reseller.Status.Should().Be(RelationshipStatus.ApprovalPending);
        reseller.IsResellerRelationship.Should().BeTrue();
        reseller.IndirectProviderTenantId.Should().Be("60ea59db-a506-485e-94c5-d115f369e239");
        reseller.IsPartnerConsentPending.Should().BeTrue();
        reseller.ActivatedAt.Should().BeNull();
        reseller.EndsAt.Should().BeNull();
        reseller.Roles.Should().HaveCount(9).And.OnlyContain(r => r.IsKnown);
        relationships.Should().OnlyContain(r => r.ETag.HasValue);
    }

    [Fact]
    public async Task LockForApproval_DocsExample_MapsCreatedRequest()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Relationship(ContosoId)));
        _stub.On("POST", Paths.Requests, _ => Responses.Json(HttpStatusCode.Created, Payloads.Text("lock-response")));
        using var client = TestClients.Create(_stub, _time);

        var request = await client.LockForApprovalAsync(ContosoId);

        _stub.Requests.Last().Json!["action"]!.GetValue<string>().Should().Be("lockForApproval");
        request.Id.Should().Be("5a6666c9-7282-0a41-67aa-25a5a3fbf339");
        request.RelationshipId.Should().Be(ContosoId);
        request.Action.Should().Be(RelationshipRequestAction.LockForApproval);
        request.Status.Should().Be(RelationshipRequestStatus.Created);
    }

    [Fact]
    public async Task CreateAccessAssignment_DocsExample_SendsSecurityGroupAndMapsPendingAssignment()
    {
        const string id = "72a7ae7e-4887-4e34-9755-2e1e9b26b943-63f017cb-9e0d-4f14-94bd-4871902b3409";
        string[] roles = ["29232cdf-9323-42fd-ade2-1d097af3e4de", "f2ef992c-3afb-46b9-b7cf-a126ee74c451", "729827e3-9c14-49f7-bb1b-9608f156bbb8", "3a2c62db-5318-420d-8d74-23affee5d9d5"];
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Active(id, roles)));
        _stub.On("GET", Paths.Assignments, _ => Responses.Page([]));
        _stub.On("POST", Paths.Assignments, _ => Responses.Json(HttpStatusCode.Created, Payloads.Text("create-assignment-response")));
        using var client = TestClients.Create(_stub, _time);

        var assignment = await client.CreateAccessAssignmentAsync(id, new CreateAccessAssignmentRequest
        {
            SecurityGroupId = "869713c9-0b28-4d08-8949-ae07ae1bf528",
            Roles = roles.Select(RoleGrant.Parse).ToList(),
        });

        var sent = _stub.Requests.Last(r => r.Method == HttpMethod.Post).Json!;
        JsonNode.DeepEquals(sent["accessContainer"], Payloads.Json("create-assignment-request")["accessContainer"]).Should().BeTrue();
        assignment.Id.Should().Be("a9d6cf90-083a-47dc-ace2-1da98be3f344");
        assignment.RelationshipId.Should().Be(id);
        assignment.Status.Should().Be(AccessAssignmentStatus.Pending);
        assignment.SecurityGroupId.Should().Be("869713c9-0b28-4d08-8949-ae07ae1bf528");
        assignment.Roles.Select(r => r.RoleDefinitionId.ToString()).Should().Equal(roles);
        assignment.ETag.HasValue.Should().BeTrue();
    }

    [Fact]
    public async Task UpdateAccessAssignment_DocsExample_FollowsLocationToOperationWithJsonStringData()
    {
        const string id = "5e5594d3-6f82-458b-b567-77db4811f0cd-00000000-0000-0000-0000-000000001234";
        const string operationId = "d8dbb27b-7fe7-4523-a3df-f766355fe0f2";
        string[] relationshipRoles = ["88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "44367163-eba1-44c3-98af-f5787879f96a", "729827e3-9c14-49f7-bb1b-9608f156bbb8", GraphJson.ExchangeAdministrator];
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Active(id, relationshipRoles)));
        _stub.On("PATCH", Paths.Assignment, _ => Responses.Json(HttpStatusCode.Accepted, Payloads.Text("update-assignment-response"),
            ("Location", $"https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships/{id}/operations/{operationId}"),
            ("Retry-After", "10")));
        _stub.On("GET", Paths.Operation, _ => Responses.Json(HttpStatusCode.OK, Payloads.Text("operation")));
        using var client = TestClients.Create(_stub, _time);
        var current = new AccessAssignment
        {
            Id = "a9d6cf90-083a-47dc-ace2-1da98be3f344",
            RelationshipId = id,
            SecurityGroupId = GraphJson.Group,
            Roles = [RoleGrant.Parse(GraphJson.ExchangeAdministrator)],
            Status = AccessAssignmentStatus.Active,
            ETag = new ETag("W/\"JyI0NzAwNjg0NS0wMDAwLTE5MDAtMDAwMC02MGY0Yjg4MzAwMDAiJw==\""),
        };

        var outcome = await client.UpdateAccessAssignmentAsync(current, relationshipRoles.Take(3).Select(RoleGrant.Parse).ToList());

        var patch = _stub.Requests.Single(r => r.Method == HttpMethod.Patch);
        JsonNode.DeepEquals(patch.Json, Payloads.Json("update-assignment-request")).Should().BeTrue();
        _stub.Requests.Last().Path.Should().EndWith("/operations/" + operationId);
        outcome.IsLongRunning.Should().BeTrue();
        outcome.RetryAfter.Should().Be(Duration.FromSeconds(10));
        var operation = outcome.Operation!;
        operation.Id.Should().Be("57e4479a-aafb-4d00-ab0f-8ce6027466cf");
        operation.OperationType.Should().Be(RelationshipOperationType.DelegatedAdminAccessAssignmentUpdate);
        operation.Status.Should().Be(OperationStatus.Succeeded);
        operation.IsCompleted.Should().BeTrue();
        operation.Data.Should().StartWith("{\"id\":\"a97a9b4c-f43e-4c47-bbd6-50d8d3c88d94\"");
        var audit = PartnerAccess.Sdk.Graph.Audit.ServiceAuditMapper.FromOperation(operation);
        audit.AccessAssignmentId.Should().Be("a97a9b4c-f43e-4c47-bbd6-50d8d3c88d94");
        audit.Details["securityGroupId"].Should().Be("869713c9-0b28-4d08-8949-ae07ae1bf528");
    }

    [Fact]
    public async Task ListCustomersAndServiceManagementDetails_DocsExample_MapsBoth()
    {
        _stub.On("GET", Paths.Customers, _ => Responses.Json(HttpStatusCode.OK, Payloads.Text("customers")));
        _stub.On("GET", Paths.ServiceManagementDetails, _ => Responses.Json(HttpStatusCode.OK, Payloads.Text("service-management-details")));
        using var client = TestClients.Create(_stub, _time);

        var customer = (await client.ListCustomersAsync().ToListAsync()).Should().ContainSingle().Subject;
        var details = await client.ListServiceManagementDetailsAsync(customer.Id).ToListAsync();

        customer.Id.Should().Be("4fdbff88-9d6b-42e0-9713-45c922ba8001");
        customer.TenantId.Should().Be("4fdbff88-9d6b-42e0-9713-45c922ba8001");
        customer.DisplayName.Should().Be("Contoso Inc");
        customer.ETag.HasValue.Should().BeTrue();
        details.Should().ContainSingle().Which.Should().Be(new Customers.ServiceManagementDetail(
            "fa5fa04e-13df-4b7c-9e99-92573ba1fa55", "Azure Active Directory", "https://aad.portal.azure.com/contoso.onmicrosoft.com"));
        _stub.Requests[0].DecodedQuery.Should().Contain("$top=300");
        _stub.Requests[1].Uri.Query.Should().BeEmpty("serviceManagementDetails takes no OData query options");
    }

    [Fact]
    public void ToOperation_UnknownEnumValues_MapToUnknownInsteadOfThrowing()
    {
        var model = new Microsoft.Graph.Models.DelegatedAdminRelationshipOperation { Id = "x", Status = null, OperationType = Microsoft.Graph.Models.DelegatedAdminRelationshipOperationType.UnknownFutureValue };

        var operation = GraphModelMapper.ToOperation(model, ContosoId);

        operation.Status.Should().Be(OperationStatus.Unknown);
        operation.OperationType.Should().Be(RelationshipOperationType.Unknown);
    }

    [Fact]
    public async Task GetRelationship_StatusGraphDoesNotKnowYet_ReadsAsUnknown()
    {
        var json = GraphJson.Relationship(ContosoId);
        json["status"] = "someNewStatus";
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(json));
        using var client = TestClients.Create(_stub, _time);

        var relationship = await client.GetRelationshipAsync(ContosoId);

        relationship.Status.Should().Be(RelationshipStatus.Unknown);
    }
}
