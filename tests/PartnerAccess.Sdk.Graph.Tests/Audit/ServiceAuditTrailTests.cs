using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Graph.Tests.Support;
using PartnerAccess.Sdk.Graph.Audit;

namespace PartnerAccess.Sdk.Graph.Tests.Audit;

/// <summary>Audit records are rebuilt from a relationship's requests, operations and assignments.</summary>
public sealed class ServiceAuditTrailTests
{
    private static readonly string Id = GraphJson.RelationshipId(51);
    private readonly StubGraphHandler _stub = new();
    private readonly ObservableTimeProvider _time = new();

    public ServiceAuditTrailTests()
    {
        var terminated = GraphJson.Active(Id);
        terminated["status"] = "terminated";
        terminated["lastModifiedDateTime"] = "2025-03-01T11:00:00Z";
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(terminated));
        _stub.On("GET", Paths.Relationships, _ => Responses.Page([terminated]));
        _stub.On("GET", Paths.Requests, _ => Responses.Page([
            GraphJson.Request("11111111-0000-0000-0000-000000000000", "lockForApproval", created: "2025-03-01T09:10:00Z"),
            GraphJson.Request("22222222-0000-0000-0000-000000000000", "terminate", created: "2025-03-01T10:30:00Z"),
        ]));
        _stub.On("GET", Paths.Operations, _ => Responses.Page([GraphJson.Operation("33333333-0000-0000-0000-000000000000", "succeeded",
            data: $"{{\"id\":\"a9d6cf90-083a-47dc-ace2-1da98be3f344\",\"accessContainer\":{{\"accessContainerId\":\"{GraphJson.Group}\",\"accessContainerType\":\"securityGroup\"}}}}")]));
        _stub.On("GET", Paths.Assignments, _ => Responses.Page([GraphJson.Assignment("a9d6cf90-083a-47dc-ace2-1da98be3f344", status: "deleted")]));
    }

    [Fact]
    public async Task ListAuditRecords_ForRelationship_BuildsLifecycleOldestFirstFromTheService()
    {
        using var client = TestClients.Create(_stub, _time);

        var records = await client.ListAuditRecordsAsync(new AuditQuery { RelationshipId = Id }).ToListAsync();

        records.Select(r => r.Kind).Should().Equal(
            AuditRecordKind.RelationshipCreated,
            AuditRecordKind.LockedForApproval,
            AuditRecordKind.Activated,
            AuditRecordKind.AssignmentCreated,
            AuditRecordKind.AssignmentDeleted,
            AuditRecordKind.AssignmentUpdated,
            AuditRecordKind.TerminationRequested,
            AuditRecordKind.Terminated);
        records.Should().OnlyContain(r => r.Source == AuditSource.Service && r.RelationshipId == Id && r.CustomerTenantId == GraphJson.CustomerTenant && r.PartnerTenantId == GraphJson.PartnerTenant);
        records.Single(r => r.Kind == AuditRecordKind.AssignmentUpdated).Details["securityGroupId"].Should().Be(GraphJson.Group);
        records.Select(r => r.Id).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task ListAuditRecords_ReadTwice_GivesTheSameIds()
    {
        using var client = TestClients.Create(_stub, _time);

        var first = await client.ListAuditRecordsAsync(new AuditQuery { CustomerTenantId = GraphJson.CustomerTenant }).ToListAsync();
        var second = await client.ListAuditRecordsAsync(new AuditQuery { CustomerTenantId = GraphJson.CustomerTenant }).ToListAsync();

        first.Select(r => r.Id).Should().Equal(second.Select(r => r.Id)).And.NotBeEmpty();
        _stub.Requests.First().DecodedQuery.Should().Contain($"customer/tenantId eq '{GraphJson.CustomerTenant}'");
    }

    [Fact]
    public async Task ListAuditRecords_KindAndTimeFilters_AreApplied()
    {
        using var client = TestClients.Create(_stub, _time);

        var records = await client.ListAuditRecordsAsync(new AuditQuery
        {
            RelationshipId = Id,
            Kinds = [AuditRecordKind.LockedForApproval, AuditRecordKind.TerminationRequested],
            From = NodaTime.Instant.FromUtc(2025, 3, 1, 10, 0),
        }).ToListAsync();

        records.Should().ContainSingle().Which.Kind.Should().Be(AuditRecordKind.TerminationRequested);
    }
}
