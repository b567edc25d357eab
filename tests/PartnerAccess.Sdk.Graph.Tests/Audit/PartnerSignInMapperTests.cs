using System.Text.Json;
using Microsoft.Extensions.Logging;
using NodaTime;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Graph.Audit;

namespace PartnerAccess.Sdk.Graph.Tests.Audit;

public class PartnerSignInMapperTests
{
    private const string OtherPartner = "11111111-2222-3333-4444-555555555555";

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string SignIn(string id, string accessType = "serviceProvider", string home = Fixtures.PartnerTenantId, string extra = "") => $$"""
        {
          "id": "{{id}}",
          "createdDateTime": "2025-03-01T10:15:30Z",
          "userDisplayName": "Contoso Partner Technician",
          "userPrincipalName": "user_0b7e4c2d9f1a4e5b8c6d7e8f9a0b1c2d@customer.onmicrosoft.com",
          "userId": "0b7e4c2d-9f1a-4e5b-8c6d-7e8f9a0b1c2d",
          "appId": "c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
          "appDisplayName": "Azure Portal",
          "ipAddress": "203.0.113.10",
          "crossTenantAccessType": "{{accessType}}",
          "homeTenantId": "{{home}}",
          "resourceTenantId": "{{Fixtures.ContosoTenantId}}",
          "isInteractive": true,
          "status": { "errorCode": 0, "failureReason": null, "additionalDetails": null }{{extra}}
        }
        """;

    [Fact]
    public void TryMap_ServiceProviderSignInOfThePartner_MapsEveryField()
    {
        var mapper = new PartnerSignInMapper(Fixtures.PartnerTenantId);

        var result = mapper.TryMap(Json(SignIn("66ea54eb-6301-4ee5-be62-ff5a759b8100")), out var record);

        result.Should().Be(SignInMapResult.Mapped);
        record!.Id.Should().Be("signin:66ea54eb-6301-4ee5-be62-ff5a759b8100");
        record.Kind.Should().Be(AuditRecordKind.PartnerSignIn);
        record.Source.Should().Be(AuditSource.SignInLog);
        record.OccurredAt.Should().Be(Instant.FromUtc(2025, 3, 1, 10, 15, 30));
        record.CustomerTenantId.Should().Be(Fixtures.ContosoTenantId);
        record.PartnerTenantId.Should().Be(Fixtures.PartnerTenantId);
        record.Actor.Should().Be(new AuditActor(AuditActorKind.Partner, "0b7e4c2d-9f1a-4e5b-8c6d-7e8f9a0b1c2d", "Contoso Partner Technician"));
        record.SignIn!.AppDisplayName.Should().Be("Azure Portal");
        record.SignIn.IpAddress.Should().Be("203.0.113.10");
        record.SignIn.Succeeded.Should().BeTrue();
        record.Details.Should().Contain("isInteractive", "true");
        record.Summary.Should().Be("user_0b7e4c2d9f1a4e5b8c6d7e8f9a0b1c2d@customer.onmicrosoft.com signed in to Azure Portal");
    }

    [Theory]
    [InlineData("none", "NotServiceProvider")]
    [InlineData("b2bCollaboration", "NotServiceProvider")]
    [InlineData("microsoftSupport", "NotServiceProvider")]
    [InlineData("SERVICEPROVIDER", "Mapped")]
    public void TryMap_AccessType_OnlyServiceProviderIsKept(string accessType, string expected)
    {
        new PartnerSignInMapper(Fixtures.PartnerTenantId).TryMap(Json(SignIn("a", accessType)), out _).Should().Be(Enum.Parse<SignInMapResult>(expected));
    }

    [Fact]
    public void TryMap_AnotherPartnersTechnician_IsLeftOut()
    {
        new PartnerSignInMapper(Fixtures.PartnerTenantId).TryMap(Json(SignIn("a", home: OtherPartner)), out var record)
            .Should().Be(SignInMapResult.OtherPartner);
        record.Should().BeNull();
    }

    [Fact]
    public void TryMap_FailedSignIn_KeepsTheErrorCode()
    {
        var json = SignIn("a").Replace("\"errorCode\": 0, \"failureReason\": null", "\"errorCode\": 50076, \"failureReason\": \"MFA required\"", StringComparison.Ordinal);

        new PartnerSignInMapper(Fixtures.PartnerTenantId).TryMap(Json(json), out var record).Should().Be(SignInMapResult.Mapped);

        record!.SignIn!.ErrorCode.Should().Be(50076);
        record.SignIn.Succeeded.Should().BeFalse();
        record.Summary.Should().Contain("failed").And.Contain("50076");
    }

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("\"just text\"")]
    [InlineData("""{ "createdDateTime": "2025-03-01T10:15:30Z", "crossTenantAccessType": "serviceProvider" }""")]
    [InlineData("""{ "id": 42, "crossTenantAccessType": "serviceProvider" }""")]
    [InlineData("""{ "id": "x1", "crossTenantAccessType": 7, "homeTenantId": "8777b240-c6f0-4469-9e98-a3205431b836" }""")]
    [InlineData("""{ "id": "x2", "crossTenantAccessType": "serviceProvider", "homeTenantId": "8777b240-c6f0-4469-9e98-a3205431b836", "createdDateTime": "yesterday" }""")]
    [InlineData("""{ "id": "x3", "crossTenantAccessType": "serviceProvider", "homeTenantId": "8777b240-c6f0-4469-9e98-a3205431b836", "createdDateTime": "2025-03-01T10:15:30Z", "status": "ok" }""")]
    [InlineData("""{ "id": "x4", "crossTenantAccessType": "serviceProvider", "homeTenantId": "8777b240-c6f0-4469-9e98-a3205431b836", "createdDateTime": "2025-03-01T10:15:30Z", "userPrincipalName": {"a":1} }""")]
    public void TryMap_MalformedRecord_IsSkippedWithAWarning(string json)
    {
        var logger = new ListLogger<PartnerSignInMapper>();
        var mapper = new PartnerSignInMapper(Fixtures.PartnerTenantId, logger);

        var result = mapper.TryMap(Json(json), out var record);

        result.Should().Be(SignInMapResult.Malformed);
        record.Should().BeNull();
        logger.Entries.Should().ContainSingle().Which.Level.Should().Be(LogLevel.Warning);
    }

    [Fact]
    public void MapAll_SeededMix_KeepsOnlyThePartnersServiceProviderSignIns_AndNeverThrows()
    {
        var logger = new ListLogger<PartnerSignInMapper>();
        var mapper = new PartnerSignInMapper(Fixtures.PartnerTenantId, logger);
        var page = Json($"[{SignIn("1")}, {SignIn("2", "none")}, {{\"id\": 5}}, {SignIn("3", home: OtherPartner)}, null, {SignIn("4")}]");

        var records = mapper.MapAll(page.EnumerateArray()).ToList();

        records.Select(r => r.Id).Should().Equal("signin:1", "signin:4");
        logger.Entries.Should().HaveCount(2).And.OnlyContain(e => e.Level == LogLevel.Warning);
        logger.Entries.Should().NotContain(e => e.Message.Contains("user_", StringComparison.Ordinal), "user names are not logged");
    }

    [Fact]
    public void Constructor_PartnerTenantIdNotAGuid_Throws()
    {
        var act = () => new PartnerSignInMapper("contoso.onmicrosoft.com");

        act.Should().Throw<ArgumentException>();
    }
}
