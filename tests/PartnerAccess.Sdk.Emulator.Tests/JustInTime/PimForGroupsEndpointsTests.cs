using System.Net;

namespace PartnerAccess.Sdk.Emulator.Tests.JustInTime;

/// <summary>The PIM for Groups surface over raw HTTP: Graph's shapes, Graph's error codes, and the control surface.</summary>
public sealed class PimForGroupsEndpointsTests : EmulatorTestBase
{
    private const string Pim = "v1.0/identityGovernance/privilegedAccess/group";
    private const string User = "a11ce000-0000-4000-8000-000000000001";

    private async Task SeedGroupAsync() =>
        (await PostAsync("_emulator/pim/groups", $$"""{"groupId":"{{GroupA}}","displayName":"GDAP - Exchange"}""")).Status.Should().Be(HttpStatusCode.NoContent);

    private static string Activation(string duration, string? justification = "Ticket") =>
        "{\"accessId\":\"member\",\"principalId\":\"" + User + "\",\"groupId\":\"" + GroupA + "\",\"action\":\"selfActivate\"," +
        "\"scheduleInfo\":{\"expiration\":{\"type\":\"afterDuration\",\"duration\":\"" + duration + "\"}}," +
        "\"justification\":" + (justification is null ? "null" : "\"" + justification + "\"") + "," +
        "\"ticketInfo\":{\"ticketNumber\":\"INC-1\",\"ticketSystem\":\"ServiceNow\"}}";

    [Fact]
    public async Task SelfActivate_Eligible_Returns201InGraphsShapeAndAnInstanceThatEndsWithTheWindow()
    {
        await SeedGroupAsync();
        (await PostAsync($"_emulator/pim/groups/{GroupA}/eligibleMembers", $$"""{"principalId":"{{User}}","endDateTime":"2025-02-01T00:00:00Z"}""")).Status.Should().Be(HttpStatusCode.NoContent);

        var reply = await PostAsync($"{Pim}/assignmentScheduleRequests", Activation("PT2H"));

        reply.Status.Should().Be(HttpStatusCode.Created);
        reply.Body.GetProperty("action").GetString().Should().Be("selfActivate");
        reply.Body.GetProperty("status").GetString().Should().Be("Provisioned");
        reply.Body.GetProperty("accessId").GetString().Should().Be("member");
        reply.Body.GetProperty("ticketInfo").GetProperty("ticketNumber").GetString().Should().Be("INC-1");
        reply.Body.GetProperty("targetScheduleId").GetString().Should().StartWith(GroupA + "_member_");
        var instances = await GetAsync($"{Pim}/assignmentScheduleInstances?$filter=groupId eq '{GroupA}'");
        var instance = instances.Body.GetProperty("value").EnumerateArray().Single();
        instance.GetProperty("assignmentType").GetString().Should().Be("activated");
        instance.GetProperty("memberType").GetString().Should().Be("direct");
        instance.GetProperty("endDateTime").GetString().Should().Be("2025-01-01T02:00:00.0000000Z");

        await AdvanceClockAsync("PT2H");
        (await GetAsync($"{Pim}/assignmentScheduleInstances?$filter=groupId eq '{GroupA}'")).Body.GetProperty("value").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task List_WithoutGroupOrPrincipalFilter_Is400()
    {
        (await GetAsync($"{Pim}/eligibilitySchedules")).Status.Should().Be(HttpStatusCode.BadRequest);
        (await GetAsync($"{Pim}/assignmentScheduleRequests?$filter=principalId eq '{User}'")).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SelfActivate_NotEligible_IsRoleAssignmentDoesNotExistWithoutRuleCodes()
    {
        await SeedGroupAsync();

        var reply = await PostAsync($"{Pim}/assignmentScheduleRequests", Activation("PT1H"));

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.ErrorCode.Should().Be("RoleAssignmentDoesNotExist");
        reply.Text.Should().NotContain("jit.", "the emulator sends only what Graph sends");
    }

    [Fact]
    public async Task SelfActivate_AboveThePolicyMaximum_IsPolicyValidationFailedExpirationRule()
    {
        await SeedGroupAsync();
        await PostAsync($"_emulator/pim/groups/{GroupA}/eligibleMembers", $$"""{"principalId":"{{User}}","endDateTime":"2025-02-01T00:00:00Z"}""");
        (await SendAsync(HttpMethod.Put, "_emulator/pim/policy", """{"maximumActivation":"PT1H"}""")).Status.Should().Be(HttpStatusCode.OK);

        var reply = await PostAsync($"{Pim}/assignmentScheduleRequests", Activation("PT2H", justification: null));

        reply.ErrorCode.Should().Be("RoleAssignmentRequestPolicyValidationFailed");
        reply.Body.GetProperty("error").GetProperty("message").GetString().Should().Contain("ExpirationRule").And.Contain("JustificationRule");
        (await GetAsync($"{Pim}/assignmentScheduleRequests?$filter=groupId eq '{GroupA}'")).Body.GetProperty("value").GetArrayLength().Should().Be(0, "nothing changed");
    }

    [Fact]
    public async Task EligibilityRequest_UnlicensedUser_IsAadPremiumLicenseRequired()
    {
        await SeedGroupAsync();
        (await SendAsync(HttpMethod.Put, $"_emulator/pim/users/{User}/licence", """{"licensed":false}""")).Status.Should().Be(HttpStatusCode.NoContent);

        var reply = await PostAsync($"{Pim}/eligibilityScheduleRequests",
            "{\"accessId\":\"member\",\"principalId\":\"" + User + "\",\"groupId\":\"" + GroupA + "\",\"action\":\"adminAssign\"," +
            "\"scheduleInfo\":{\"expiration\":{\"type\":\"afterDateTime\",\"endDateTime\":\"2025-03-01T00:00:00Z\"}}}");

        reply.Status.Should().Be(HttpStatusCode.BadRequest);
        reply.ErrorCode.Should().Be("AadPremiumLicenseRequired");
    }

    [Fact]
    public async Task Request_UnknownGroup_Is404()
    {
        var reply = await PostAsync($"{Pim}/assignmentScheduleRequests", Activation("PT1H"));

        reply.Status.Should().Be(HttpStatusCode.NotFound);
        reply.ErrorCode.Should().Be("Request_ResourceNotFound");
    }

    [Fact]
    public async Task StandingMember_IsAnAssignedInstanceWithoutEnd()
    {
        await SeedGroupAsync();
        (await PostAsync($"_emulator/pim/groups/{GroupA}/standingMembers", $$"""{"principalId":"{{User}}"}""")).Status.Should().Be(HttpStatusCode.NoContent);

        var instance = (await GetAsync($"{Pim}/assignmentScheduleInstances?$filter=principalId eq '{User}'")).Body.GetProperty("value").EnumerateArray().Single();

        instance.GetProperty("assignmentType").GetString().Should().Be("assigned");
        instance.GetProperty("endDateTime").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        var schedule = (await GetAsync($"{Pim}/assignmentSchedules?$filter=groupId eq '{GroupA}'")).Body.GetProperty("value").EnumerateArray().Single();
        schedule.GetProperty("scheduleInfo").GetProperty("expiration").GetProperty("type").GetString().Should().Be("noExpiration");
    }
}
