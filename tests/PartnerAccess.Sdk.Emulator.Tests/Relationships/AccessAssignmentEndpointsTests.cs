using System.Net;
using System.Text.Json;
using NodaTime;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Emulator.Tests.Relationships;

public sealed class AccessAssignmentEndpointsTests : EmulatorTestBase
{
    // Operations take 10 emulator seconds per step, so a test sees them run only by advancing the clock. The tests
    // check which rules the engine names, so they opt in to the emulator-only diagnostics.
    protected override GdapEmulatorOptions CreateOptions() => base.CreateOptions() with
    {
        IncludeRuleDiagnostics = true,
        Simulator = new() { OperationDelay = Duration.FromSeconds(10) },
    };

    [Fact]
    public async Task CreateAssignment_ActiveRelationship_Returns201PendingWithLocation()
    {
        var relationship = await CreateActiveRelationshipAsync();
        var id = IdOf(relationship);

        var reply = await PostAsync($"{Relationships}/{id}/accessAssignments",
            $"{{\"accessContainer\":{{\"accessContainerId\":\"{GroupA}\",\"accessContainerType\":\"securityGroup\"}},\"accessDetails\":{{\"unifiedRoles\":[{{\"roleDefinitionId\":\"{ExchangeAdministrator}\"}}]}}}}");

        reply.Status.Should().Be(HttpStatusCode.Created);
        var body = reply.Body;
        body.GetProperty("@odata.type").GetString().Should().Be("#microsoft.graph.delegatedAdminAccessAssignment");
        body.GetProperty("@odata.context").GetString().Should().EndWith("$metadata#accessAssignments");
        ETagOf(body).Should().StartWith("W/\"");
        body.GetProperty("status").GetString().Should().Be("pending");
        body.GetProperty("accessContainer").GetProperty("accessContainerId").GetString().Should().Be(GroupA);
        body.GetProperty("accessContainer").GetProperty("accessContainerType").GetString().Should().Be("securityGroup");
        reply.Headers.Location.Should().Be(new Uri($"{Emulator.GraphBaseUrl}/tenantRelationships/delegatedAdminRelationships/{id}/accessAssignments/{IdOf(body)}"));
        var single = await GetAsync($"{Relationships}/{id}/accessAssignments/{IdOf(body)}");
        single.Body.GetProperty("status").GetString().Should().Be("active", "activation has no delay by default");
        single.Body.GetProperty("@odata.context").GetString().Should().EndWith("$metadata#accessAssignments/$entity");
    }

    [Fact]
    public async Task CreateAssignment_RelationshipNotActive_Returns400()
    {
        var created = await CreateRelationshipAsync();

        var reply = await PostAsync($"{Relationships}/{IdOf(created)}/accessAssignments",
            $"{{\"accessContainer\":{{\"accessContainerId\":\"{GroupA}\"}},\"accessDetails\":{{\"unifiedRoles\":[{{\"roleDefinitionId\":\"{ExchangeAdministrator}\"}}]}}}}");

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.RuleCodes.Should().Contain(RuleCodes.AssignmentRelationshipNotActive);
    }

    [Fact]
    public async Task CreateAssignment_SameGroupTwice_Returns409ResourceAlreadyExists()
    {
        var relationship = await CreateActiveRelationshipAsync();
        await CreateAssignmentAsync(IdOf(relationship), GroupA);

        var reply = await PostAsync($"{Relationships}/{IdOf(relationship)}/accessAssignments",
            $"{{\"accessContainer\":{{\"accessContainerId\":\"{GroupA}\"}},\"accessDetails\":{{\"unifiedRoles\":[{{\"roleDefinitionId\":\"{IntuneAdministrator}\"}}]}}}}");

        reply.Status.Should().Be(HttpStatusCode.Conflict);
        reply.ErrorCode.Should().Be("conflict");
        reply.ErrorMessage.Should().Be("The resource already exists.");
    }

    [Fact]
    public async Task CreateAssignment_RoleNotInRelationship_Returns400NamingTheRole()
    {
        var relationship = await CreateActiveRelationshipAsync();

        var reply = await PostAsync($"{Relationships}/{IdOf(relationship)}/accessAssignments",
            $"{{\"accessContainer\":{{\"accessContainerId\":\"{GroupA}\"}},\"accessDetails\":{{\"unifiedRoles\":[{{\"roleDefinitionId\":\"{GlobalReader}\"}}]}}}}");

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.RuleCodes.Should().Contain(RuleCodes.AssignmentRolesNotSubset);
        reply.ErrorMessage.Should().Contain(GlobalReader);
    }

    [Fact]
    public async Task CreateAssignment_ContainerTypeNotSecurityGroup_Returns400()
    {
        var relationship = await CreateActiveRelationshipAsync();

        var reply = await PostAsync($"{Relationships}/{IdOf(relationship)}/accessAssignments",
            $"{{\"accessContainer\":{{\"accessContainerId\":\"{GroupA}\",\"accessContainerType\":\"user\"}},\"accessDetails\":{{\"unifiedRoles\":[{{\"roleDefinitionId\":\"{ExchangeAdministrator}\"}}]}}}}");

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task UpdateAssignment_NewRoles_Returns202ThenOperationSucceedsAfterClockAdvance()
    {
        var relationship = await CreateActiveRelationshipAsync();
        var id = IdOf(relationship);
        var assignment = (await GetAsync($"{Relationships}/{id}/accessAssignments/{IdOf(await CreateAssignmentAsync(id, GroupA))}")).Body;

        var reply = await SendAsync(HttpMethod.Patch, $"{Relationships}/{id}/accessAssignments/{IdOf(assignment)}",
            $"{{\"accessDetails\":{{\"unifiedRoles\":[{{\"roleDefinitionId\":\"{IntuneAdministrator}\"}}]}}}}", IfMatch(ETagOf(assignment)));

        reply.Status.Should().Be(HttpStatusCode.Accepted);
        reply.Text.Should().Be("{}");
        reply.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(10));
        var location = reply.Headers.Location!.ToString();
        location.Should().StartWith($"{Emulator.GraphBaseUrl}/tenantRelationships/delegatedAdminRelationships/{id}/operations/");

        var running = await GetAsync(location);
        running.Body.GetProperty("status").GetString().Should().BeOneOf("notStarted", "running");
        running.Body.GetProperty("operationType").GetString().Should().Be("delegatedAdminAccessAssignmentUpdate");
        running.Body.GetProperty("@odata.context").GetString().Should().EndWith("$metadata#operations/$entity");
        ETagOf(running.Body).Should().StartWith("W/\"");
        (await GetAsync($"{Relationships}/{id}/accessAssignments/{IdOf(assignment)}")).Body.GetProperty("accessDetails").GetProperty("unifiedRoles")[0]
            .GetProperty("roleDefinitionId").GetString().Should().Be(ExchangeAdministrator, "the old roles stay until the operation succeeds");

        await AdvanceClockAsync("PT1M");

        var done = await GetAsync(location);
        done.Body.GetProperty("status").GetString().Should().Be("succeeded");
        using var data = JsonDocument.Parse(done.Body.GetProperty("data").GetString()!);
        data.RootElement.GetProperty("id").GetString().Should().Be(IdOf(assignment));
        data.RootElement.GetProperty("accessDetails").GetProperty("unifiedRoles")[0].GetProperty("roleDefinitionId").GetString().Should().Be(IntuneAdministrator);
        var after = await GetAsync($"{Relationships}/{id}/accessAssignments/{IdOf(assignment)}");
        after.Body.GetProperty("accessDetails").GetProperty("unifiedRoles")[0].GetProperty("roleDefinitionId").GetString().Should().Be(IntuneAdministrator);
        (await GetAsync($"{Relationships}/{id}/operations")).Values.Should().ContainSingle(o => location.EndsWith(IdOf(o), StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdateAssignment_SameRoles_Returns200Unchanged()
    {
        var relationship = await CreateActiveRelationshipAsync();
        var id = IdOf(relationship);
        var assignment = (await GetAsync($"{Relationships}/{id}/accessAssignments/{IdOf(await CreateAssignmentAsync(id, GroupA))}")).Body;

        var reply = await SendAsync(HttpMethod.Patch, $"{Relationships}/{id}/accessAssignments/{IdOf(assignment)}",
            $"{{\"accessDetails\":{{\"unifiedRoles\":[{{\"roleDefinitionId\":\"{ExchangeAdministrator}\"}}]}}}}", IfMatch(ETagOf(assignment)));

        reply.Status.Should().Be(HttpStatusCode.OK);
        ETagOf(reply.Body).Should().Be(ETagOf(assignment));
    }

    [Fact]
    public async Task UpdateAssignment_OtherProperties_Returns400()
    {
        var relationship = await CreateActiveRelationshipAsync();
        var id = IdOf(relationship);
        var assignment = await CreateAssignmentAsync(id, GroupA);

        var reply = await SendAsync(HttpMethod.Patch, $"{Relationships}/{id}/accessAssignments/{IdOf(assignment)}",
            $"{{\"accessContainer\":{{\"accessContainerId\":\"{GroupB}\"}}}}", IfMatch(ETagOf(assignment)));

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.ErrorMessage.Should().Contain("accessContainer");
    }

    [Fact]
    public async Task UpdateAssignment_WithoutIfMatch_Returns428AndStale412()
    {
        var relationship = await CreateActiveRelationshipAsync();
        var id = IdOf(relationship);
        var created = await CreateAssignmentAsync(id, GroupA);
        var path = $"{Relationships}/{id}/accessAssignments/{IdOf(created)}";
        var body = $"{{\"accessDetails\":{{\"unifiedRoles\":[{{\"roleDefinitionId\":\"{IntuneAdministrator}\"}}]}}}}";

        (await SendAsync(HttpMethod.Patch, path, body)).Status.Should().Be((HttpStatusCode)428);
        (await SendAsync(HttpMethod.Patch, path, body, IfMatch("W/\"stale\""))).Status.Should().Be(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task DeleteAssignment_Active_Returns204AndStaysVisibleAsDeleted()
    {
        var relationship = await CreateActiveRelationshipAsync();
        var id = IdOf(relationship);
        var assignment = (await GetAsync($"{Relationships}/{id}/accessAssignments/{IdOf(await CreateAssignmentAsync(id, GroupA))}")).Body;

        var reply = await SendAsync(HttpMethod.Delete, $"{Relationships}/{id}/accessAssignments/{IdOf(assignment)}", headers: IfMatch(ETagOf(assignment)));

        reply.Status.Should().Be(HttpStatusCode.NoContent);
        var after = await GetAsync($"{Relationships}/{id}/accessAssignments/{IdOf(assignment)}");
        after.Status.Should().Be(HttpStatusCode.OK);
        after.Body.GetProperty("status").GetString().Should().BeOneOf("deleting", "deleted");
        (await SendAsync(HttpMethod.Delete, $"{Relationships}/{id}/accessAssignments/{IdOf(assignment)}")).Status.Should().Be((HttpStatusCode)428);
    }

    [Fact]
    public async Task ListAssignments_FilterByStatusAndGroup_ReturnsMatchesOnly()
    {
        var relationship = await CreateActiveRelationshipAsync();
        var id = IdOf(relationship);
        await CreateAssignmentAsync(id, GroupA);
        await CreateAssignmentAsync(id, GroupB, IntuneAdministrator);

        var reply = await GetAsync($"{Relationships}/{id}/accessAssignments?$filter=(status eq 'active') and (accessContainer/accessContainerId eq '{GroupB}')");

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Body.GetProperty("@odata.context").GetString().Should().EndWith("$metadata#accessAssignments");
        reply.Values.Should().ContainSingle().Which.GetProperty("accessContainer").GetProperty("accessContainerId").GetString().Should().Be(GroupB);
        reply.Values[0].TryGetProperty("@odata.etag", out _).Should().BeTrue();
    }

    [Theory]
    [InlineData("$filter=status ne 'active'")]
    [InlineData("$filter=createdDateTime eq '2025-01-01'")]
    [InlineData("$orderby=status")]
    public async Task ListAssignments_UnsupportedQuery_Returns400(string query)
    {
        var relationship = await CreateActiveRelationshipAsync();

        var reply = await GetAsync($"{Relationships}/{IdOf(relationship)}/accessAssignments?{query}");

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.ErrorCode.Should().Be("badRequest");
    }

    [Fact]
    public async Task ListOperations_FilterAndOrderByStatus_Work()
    {
        var relationship = await CreateActiveRelationshipAsync();
        var id = IdOf(relationship);
        var assignment = (await GetAsync($"{Relationships}/{id}/accessAssignments/{IdOf(await CreateAssignmentAsync(id, GroupA))}")).Body;
        await SendAsync(HttpMethod.Patch, $"{Relationships}/{id}/accessAssignments/{IdOf(assignment)}",
            $"{{\"accessDetails\":{{\"unifiedRoles\":[{{\"roleDefinitionId\":\"{IntuneAdministrator}\"}}]}}}}", IfMatch(ETagOf(assignment)));

        (await GetAsync($"{Relationships}/{id}/operations?$filter=status eq 'succeeded'")).Values.Should().BeEmpty();
        await AdvanceClockAsync("PT1M");
        var reply = await GetAsync($"{Relationships}/{id}/operations?$filter=status eq 'succeeded'&$orderby=status desc");
        reply.Values.Should().ContainSingle();
        reply.Body.GetProperty("@odata.context").GetString().Should().EndWith("$metadata#operations");
    }

    [Fact]
    public async Task GetOperation_UnknownId_Returns404()
    {
        var relationship = await CreateActiveRelationshipAsync();

        (await GetAsync($"{Relationships}/{IdOf(relationship)}/operations/{Guid.NewGuid()}")).Status.Should().Be(HttpStatusCode.NotFound);
    }
}
