using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Graph.Tests.Support;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Graph.Tests.Relationships;

/// <summary>Lists stream lazily with $top and @odata.nextLink; filters go to the server where Graph supports them.</summary>
public sealed class PagingTests
{
    private const string NextLink = "https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships?$skipToken=page2";
    private readonly StubGraphHandler _stub = new();
    private readonly ObservableTimeProvider _time = new();

    [Fact]
    public async Task ListRelationships_ThreePages_ReadsAtMostOnePageAhead()
    {
        const string NextLink3 = "https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships?$top=300&$skipToken=page3";
        _stub.On("GET", Paths.Relationships, request =>
            request.DecodedQuery.Contains("$skipToken=page3", StringComparison.Ordinal) ? Responses.Page([GraphJson.Relationship(GraphJson.RelationshipId(4))])
            : request.DecodedQuery.Contains("$skipToken=page2", StringComparison.Ordinal) ? Responses.Page([GraphJson.Relationship(GraphJson.RelationshipId(3))], NextLink3)
            : Responses.Page([GraphJson.Relationship(GraphJson.RelationshipId(1)), GraphJson.Relationship(GraphJson.RelationshipId(2))], NextLink));
        using var client = TestClients.Create(_stub, _time);

        await using var items = client.ListRelationshipsAsync().GetAsyncEnumerator();
        _stub.Requests.Should().BeEmpty("nothing is fetched before the first item is asked for");

        (await items.MoveNextAsync()).Should().BeTrue();
        items.Current.Id.Should().Be(GraphJson.RelationshipId(1));
        _stub.Requests[0].DecodedQuery.Should().Contain("$top=300");
        await WaitForRequestsAsync(2);
        _stub.Requests[1].Uri.Should().Be(new Uri(NextLink), "the next page is requested as soon as its link is read");

        (await items.MoveNextAsync()).Should().BeTrue();
        items.Current.Id.Should().Be(GraphJson.RelationshipId(2));
        _stub.Requests.Should().HaveCount(2, "at most one page is read ahead");

        (await items.MoveNextAsync()).Should().BeTrue();
        items.Current.Id.Should().Be(GraphJson.RelationshipId(3));
        await WaitForRequestsAsync(3);

        (await items.MoveNextAsync()).Should().BeTrue();
        items.Current.Id.Should().Be(GraphJson.RelationshipId(4));
        (await items.MoveNextAsync()).Should().BeFalse();
        _stub.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task ListRelationships_StoppedEarly_AbandonsThePageReadAhead()
    {
        _stub.On("GET", Paths.Relationships, request => request.DecodedQuery.Contains("$skipToken=page2", StringComparison.Ordinal)
            ? Responses.Status(500)
            : Responses.Page([GraphJson.Relationship(GraphJson.RelationshipId(1))], NextLink));
        using var client = TestClients.Create(_stub, _time, o => o.MaxAttempts = 1);

        await using (var items = client.ListRelationshipsAsync().GetAsyncEnumerator())
        {
            (await items.MoveNextAsync()).Should().BeTrue();
        }

        // The failed read-ahead belongs to nobody: stopping early neither throws nor leaves it running.
        _stub.Requests.Should().HaveCountLessThanOrEqualTo(2);
    }

    // The read-ahead runs beside the caller; the stub signals its arrival, no clock is involved.
    private async Task WaitForRequestsAsync(int count)
    {
        await _stub.WaitForRequestsAsync(count);
        _stub.Requests.Should().HaveCount(count);
    }

    [Fact]
    public async Task ListRelationships_RepeatedNextLink_StopsWithServiceError()
    {
        _stub.On("GET", Paths.Relationships, _ => Responses.Page([GraphJson.Relationship(GraphJson.RelationshipId(1))], NextLink));
        using var client = TestClients.Create(_stub, _time);

        var seen = new List<string>();
        var failure = await client.Invoking(async c =>
        {
            await foreach (var relationship in c.ListRelationshipsAsync())
            {
                seen.Add(relationship.Id);
            }
        }).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.ServiceError);
        failure.Which.Message.Should().Contain("nextLink");
        _stub.Requests.Should().HaveCount(2);
        seen.Should().HaveCount(2);
    }

    [Fact]
    public async Task ListRelationships_OneStatusAndCustomer_FilterOnTheServer()
    {
        _stub.On("GET", Paths.Relationships, _ => Responses.Page([GraphJson.Active(GraphJson.RelationshipId(1))]));
        using var client = TestClients.Create(_stub, _time, o => o.RelationshipPageSize = 50);

        var relationships = await client.ListRelationshipsAsync(new RelationshipQuery
        {
            Statuses = [RelationshipStatus.Active],
            CustomerTenantId = GraphJson.CustomerTenant,
        }).ToListAsync();

        relationships.Should().ContainSingle();
        _stub.Requests.Single().DecodedQuery.Should()
            .Contain($"$filter=status eq 'active' and customer/tenantId eq '{GraphJson.CustomerTenant}'")
            .And.Contain("$top=50");
    }

    [Fact]
    public async Task ListRelationships_SeveralStatuses_FilterLocally()
    {
        _stub.On("GET", Paths.Relationships, _ => Responses.Page([
            GraphJson.Relationship(GraphJson.RelationshipId(1), status: "created"),
            GraphJson.Active(GraphJson.RelationshipId(2)),
            GraphJson.Relationship(GraphJson.RelationshipId(3), status: "terminated"),
        ]));
        using var client = TestClients.Create(_stub, _time);

        var relationships = await client.ListRelationshipsAsync(new RelationshipQuery
        {
            Statuses = [RelationshipStatus.Created, RelationshipStatus.Active],
        }).ToListAsync();

        relationships.Select(r => r.Id).Should().Equal(GraphJson.RelationshipId(1), GraphJson.RelationshipId(2));
        _stub.Requests.Single().DecodedQuery.Should().NotContain("$filter");
    }

    [Fact]
    public async Task ListRelationships_ExpiringWithin_UsesTheClientClock()
    {
        // Now is 2025-03-01T10:00Z; one ends in 10 days, one in 2 years, one in 10 days but auto-extends.
        var soon = GraphJson.Active(GraphJson.RelationshipId(1));
        soon["endDateTime"] = "2025-03-11T10:00:00Z";
        var later = GraphJson.Active(GraphJson.RelationshipId(2));
        var extending = GraphJson.Active(GraphJson.RelationshipId(3));
        extending["endDateTime"] = "2025-03-11T10:00:00Z";
        extending["autoExtendDuration"] = "P180D";
        _stub.On("GET", Paths.Relationships, _ => Responses.Page([soon, later, extending]));
        using var client = TestClients.Create(_stub, _time);

        var expiring = await client.ListExpiringAsync(Duration.FromDays(30)).ToListAsync();

        expiring.Select(r => r.Id).Should().Equal(GraphJson.RelationshipId(1));
        _stub.Requests.Single().DecodedQuery.Should().Contain("$filter=status eq 'active'");
    }

    [Fact]
    public async Task ListAccessAssignments_StatusAndGroup_FilterOnTheServer()
    {
        var id = GraphJson.RelationshipId(4);
        _stub.On("GET", Paths.Assignments, _ => Responses.Page([GraphJson.Assignment("a9d6cf90-083a-47dc-ace2-1da98be3f344")]));
        using var client = TestClients.Create(_stub, _time);

        var assignments = await client.ListAccessAssignmentsAsync(id, new AccessAssignmentQuery
        {
            Statuses = [AccessAssignmentStatus.Active],
            SecurityGroupId = GraphJson.Group,
        }).ToListAsync();

        assignments.Should().ContainSingle().Which.RelationshipId.Should().Be(id);
        _stub.Requests.Single().DecodedQuery.Should().Contain($"$filter=status eq 'active' and accessContainer/accessContainerId eq '{GraphJson.Group}'");
    }

    [Fact]
    public async Task ListRequests_ReturnsOldestFirstWithUnknownActionsReadable()
    {
        var id = GraphJson.RelationshipId(5);
        _stub.On("GET", Paths.Requests, _ => Responses.Page([
            GraphJson.Request("22222222-0000-0000-0000-000000000000", "terminate", created: "2025-03-01T09:20:00Z"),
            GraphJson.Request("11111111-0000-0000-0000-000000000000", "lockForApproval", created: "2025-03-01T09:10:00Z"),
            GraphJson.Request("33333333-0000-0000-0000-000000000000", "someFutureAction", created: "2025-03-01T09:30:00Z"),
        ]));
        using var client = TestClients.Create(_stub, _time);

        var requests = await client.ListRequestsAsync(id).ToListAsync();

        requests.Select(r => r.Action).Should().Equal(RelationshipRequestAction.LockForApproval, RelationshipRequestAction.Terminate, RelationshipRequestAction.Unknown);
        _stub.Requests.Single().Header("Prefer").Should().Be("include-unknown-enum-members");
    }

    [Fact]
    public void ODataFilter_Literal_DoublesQuotes()
    {
        Sdk.Graph.Wire.ODataFilter.ForDisplayName("O'Brien admin").Should().Be("displayName eq 'O''Brien admin'");
    }
}
