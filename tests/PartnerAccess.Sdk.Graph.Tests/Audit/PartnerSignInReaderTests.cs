using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NodaTime;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Graph.Audit;

namespace PartnerAccess.Sdk.Graph.Tests.Audit;

public sealed class PartnerSignInReaderTests : EmulatorFixture
{
    private const string OtherPartner = "11111111-2222-3333-4444-555555555555";

    private static string SignIn(string id, string created, string accessType = "serviceProvider", string home = PartnerTenantId, string app = "Azure Portal") => $$"""
        {
          "id": "{{id}}",
          "createdDateTime": "{{created}}",
          "userDisplayName": "Fabrikam Technician",
          "userPrincipalName": "user_0b7e4c2d9f1a4e5b8c6d7e8f9a0b1c2d@contoso.onmicrosoft.com",
          "userId": "0b7e4c2d-9f1a-4e5b-8c6d-7e8f9a0b1c2d",
          "appId": "c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
          "appDisplayName": "{{app}}",
          "ipAddress": "203.0.113.10",
          "crossTenantAccessType": "{{accessType}}",
          "homeTenantId": "{{home}}",
          "resourceTenantId": "{{CustomerTenantId}}",
          "isInteractive": true,
          "status": { "errorCode": 0 }
        }
        """;

    private async Task SeedAsync(params string[] records)
    {
        using var content = new StringContent("[" + string.Join(",", records) + "]", Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync("_emulator/signins", content);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<List<AuditRecord>> ReadAll(PartnerSignInReader reader, Instant from, Instant to)
    {
        var records = new List<AuditRecord>();
        await foreach (var record in reader.ReadAsync(from, to))
        {
            records.Add(record);
        }

        return records;
    }

    [Fact]
    public async Task ReadAsync_SeededMix_StreamsOnlyThePartnersServiceProviderSignIns_AcrossPages()
    {
        await SeedAsync(
            SignIn("p1", "2025-03-01T10:00:00Z"),
            SignIn("ordinary", "2025-03-01T11:00:00Z", accessType: "none"),
            SignIn("b2b", "2025-03-01T11:30:00Z", accessType: "b2bCollaboration"),
            SignIn("other-partner", "2025-03-01T12:00:00Z", home: OtherPartner),
            SignIn("p2", "2025-03-02T08:00:00Z", app: "Office 365 Exchange Online"),
            """{ "id": "broken", "crossTenantAccessType": "serviceProvider", "homeTenantId": "8777b240-c6f0-4469-9e98-a3205431b836" }""",
            SignIn("too-early", "2025-02-01T10:00:00Z"),
            SignIn("p3", "2025-03-03T23:59:59Z"),
            SignIn("too-late", "2025-03-04T00:00:00Z"));
        var logger = new ListLoggerFactory();
        var reader = new PartnerSignInReader(Client.Graph, PartnerTenantId, new PartnerSignInReaderOptions { PageSize = 2 }, Emulator.Clock, logger);
        var before = Emulator.Requests.Count;

        var records = await ReadAll(reader, Instant.FromUtc(2025, 3, 1, 0, 0), Instant.FromUtc(2025, 3, 4, 0, 0));

        records.Select(r => r.Id).Should().Equal("signin:p1", "signin:p2", "signin:p3");
        records.Should().OnlyContain(r => r.Kind == AuditRecordKind.PartnerSignIn && r.Source == AuditSource.SignInLog &&
                                          r.CustomerTenantId == CustomerTenantId && r.PartnerTenantId == PartnerTenantId);
        records[1].SignIn!.AppDisplayName.Should().Be("Office 365 Exchange Online");
        logger.Entries.Should().ContainSingle(e => e.Level == LogLevel.Warning).Which.Message.Should().Contain("broken");
        var pages = Emulator.Requests.Skip(before).Where(r => r.Path.Contains("/beta/auditLogs/signIns", StringComparison.Ordinal)).ToList();
        pages.Should().HaveCountGreaterThan(2, "two records a page");
        pages[0].Path.Should().Contain("beta/auditLogs/signIns");
    }

    [Fact]
    public void FirstPageUrl_FiltersTheDateRangeOnTheServer_NotTheAccessType()
    {
        var reader = new PartnerSignInReader(Client.Graph, PartnerTenantId, new PartnerSignInReaderOptions { PageSize = 1000 });

        var url = Uri.UnescapeDataString(reader.FirstPageUrl(Instant.FromUtc(2025, 3, 1, 0, 0), Instant.FromUtc(2025, 3, 2, 12, 30)).ToString());

        url.Should().StartWith(Emulator.BetaBaseUrl.ToString().TrimEnd('/') + "/auditLogs/signIns?");
        url.Should().Contain("$filter=createdDateTime ge 2025-03-01T00:00:00Z and createdDateTime lt 2025-03-02T12:30:00Z");
        url.Should().Contain("$top=1000").And.Contain("$orderby=createdDateTime").And.NotContain("crossTenantAccessType");
        reader.BetaBaseUrl.Should().Be(new Uri(Emulator.BetaBaseUrl.ToString().TrimEnd('/')));
    }

    [Fact]
    public async Task ReadAsync_WrongToken_FailsAsUnauthorized_NamingThePermissionAndLicence()
    {
        using var client = CreateClient("wrong");
        var reader = new PartnerSignInReader(client.Graph, PartnerTenantId);

        var act = () => ReadAll(reader, Start, Start + Duration.FromDays(1));

        var error = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Unauthorized);
        error.Message.Should().Contain("AuditLog.Read.All").And.Contain("P1 or P2");
    }

    [Fact]
    public async Task ReadAsync_EmptyRange_ReadsNothing()
    {
        var reader = new PartnerSignInReader(Client.Graph, PartnerTenantId);
        var before = Emulator.Requests.Count;

        (await ReadAll(reader, Start, Start)).Should().BeEmpty();

        Emulator.Requests.Count.Should().Be(before);
    }

    private sealed class ListLoggerFactory : ILoggerFactory
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class Logger(ListLoggerFactory owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Entries)
                {
                    owner.Entries.Add((logLevel, formatter(state, exception)));
                }
            }
        }
    }
}
