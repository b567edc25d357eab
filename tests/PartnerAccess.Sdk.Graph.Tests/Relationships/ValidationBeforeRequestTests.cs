using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Graph.Tests.Support;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Graph.Tests.Relationships;

/// <summary>Invalid requests never leave the process: the rule engine rejects them and the wire sees nothing.</summary>
public sealed class ValidationBeforeRequestTests
{
    private static readonly string Id = GraphJson.RelationshipId(21);
    private readonly StubGraphHandler _stub = new();
    private readonly ObservableTimeProvider _time = new();

    [Fact]
    public async Task CreateRelationship_SeveralBrokenRules_ReportsAllAndSendsNothing()
    {
        using var client = TestClients.Create(_stub, _time);
        var request = Requests.Create(new string('x', 51)) with
        {
            Duration = Duration.FromDays(731),
            Roles = [RoleGrant.Parse(GraphJson.GlobalAdministrator)],
            AutoExtendDuration = Duration.FromDays(180),
        };

        var failure = await client.Invoking(c => c.CreateRelationshipAsync(request)).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        failure.Which.Violations.Select(v => v.Code).Should().BeEquivalentTo(
            [RuleCodes.DisplayNameTooLong, RuleCodes.DurationOutOfRange, RuleCodes.AutoExtendWithGlobalAdministrator]);
        _stub.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task GetRelationship_MalformedId_SendsNothing()
    {
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.GetRelationshipAsync("not-a-relationship-id")).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.RelationshipIdInvalid);
        _stub.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task ListAccessAssignments_MalformedId_SendsNothing()
    {
        using var client = TestClients.Create(_stub, _time);

        await client.Invoking(c => c.ListAccessAssignmentsAsync("x").ToListAsync().AsTask()).Should().ThrowAsync<PartnerAccessException>();

        _stub.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task UpdateRelationship_NoETag_IsConcurrencyAndSendsNothing()
    {
        using var client = TestClients.Create(_stub, _time);
        var snapshot = Snapshots.Created(Id) with { ETag = default };

        var failure = await client.Invoking(c => c.UpdateRelationshipAsync(snapshot, new RelationshipUpdate { DisplayName = "Renamed" }))
            .Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Concurrency);
        failure.Which.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.ETagRequired);
        _stub.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task UpdateRelationship_RenameWhileActive_IsInvalidStateAndSendsNothing()
    {
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.UpdateRelationshipAsync(Snapshots.Active(Id), new RelationshipUpdate { DisplayName = "Renamed" }))
            .Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
        _stub.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task DeleteRelationship_WhileActive_IsInvalidStateAndSendsNothing()
    {
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.DeleteRelationshipAsync(Snapshots.Active(Id))).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
        _stub.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task DeleteAccessAssignment_AlreadyDeleted_IsInvalidStateAndSendsNothing()
    {
        using var client = TestClients.Create(_stub, _time);
        var assignment = Snapshots.Assignment(Id) with { Status = AccessAssignmentStatus.Deleted };

        var failure = await client.Invoking(c => c.DeleteAccessAssignmentAsync(assignment)).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
        _stub.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Terminate_RelationshipNotActive_IsRejectedAfterOnlyReadingIt()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Relationship(Id, status: "approvalPending")));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.TerminateRelationshipAsync(Id)).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
        _stub.Requests.Should().OnlyContain(r => r.Method == HttpMethod.Get);
    }

    [Fact]
    public async Task CreateAccessAssignment_RoleNotInRelationship_IsRejectedBeforePosting()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Active(Id, [GraphJson.ExchangeAdministrator])));
        _stub.On("GET", Paths.Assignments, _ => Responses.Page([]));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.CreateAccessAssignmentAsync(Id, new CreateAccessAssignmentRequest
        {
            SecurityGroupId = GraphJson.Group,
            Roles = [RoleGrant.Parse(GraphJson.GlobalReader)],
        })).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.AssignmentRolesNotSubset);
        _stub.Requests.Should().NotContain(r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public async Task CreateAccessAssignment_GroupAlreadyAssigned_IsConflictBeforePosting()
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Active(Id)));
        _stub.On("GET", Paths.Assignments, _ => Responses.Page([GraphJson.Assignment("a9d6cf90-083a-47dc-ace2-1da98be3f344")]));
        using var client = TestClients.Create(_stub, _time);

        var failure = await client.Invoking(c => c.CreateAccessAssignmentAsync(Id, new CreateAccessAssignmentRequest
        {
            SecurityGroupId = GraphJson.Group,
            Roles = [RoleGrant.Parse(GraphJson.ExchangeAdministrator)],
        })).Should().ThrowAsync<PartnerAccessException>();

        failure.Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict);
        _stub.Requests.Should().NotContain(r => r.Method == HttpMethod.Post);
    }
}
