using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Emulator.Faults;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Samples.Snippets;

/// <summary>docs/testing.md: the in-memory fake with a fake clock, and the emulator.</summary>
public static class TestingSnippets
{
    /// <summary>A relationship from request to expiry in fake time; returns its final status.</summary>
    public static async Task<RelationshipStatus> WithTheFakeAsync()
    {
        #region Snippet:TestingWithTheFake
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var client = new InMemoryPartnerAccessClient(time);

        var relationship = await client.CreateRelationshipAsync(new CreateRelationshipRequest
        {
            DisplayName = "Contoso - helpdesk",
            Duration = Duration.FromDays(180),
            Roles = [WellKnownRoles.HelpdeskAdministrator],
            Customer = new CustomerParticipant("4b827261-d21f-4aa9-b7db-7fa1f56fb163", "Contoso"),
        });
        await client.LockForApprovalAsync(relationship.Id);
        client.Simulator.Approve(relationship.Id);          // the customer's side, which Graph does not expose

        time.Advance(TimeSpan.FromDays(180));               // no sleeping: the fake clock jumps
        var expired = await client.GetRelationshipAsync(relationship.Id);
        // expired.Status is RelationshipStatus.Expired, at exactly activation + 180 days.
        #endregion

        return expired.Status;
    }

    /// <summary>The Graph client against the emulator, with throttling switched on; returns the listed count.</summary>
    public static async Task<int> WithTheEmulatorAsync()
    {
        #region Snippet:TestingWithTheEmulator
        await using var emulator = await GdapEmulator.StartAsync(new GdapEmulatorOptions
        {
            StartTime = Instant.FromUtc(2025, 1, 1, 0, 0),
            BearerToken = "test-token",                      // requests without it get a 401, as Graph would
            Faults = new EmulatorFaults { Status429Rate = 0.3, RetryAfterSeconds = 0, Seed = 42 },
        });
        using var client = new GraphPartnerAccessClient(new GraphPartnerAccessOptions
        {
            BaseUrl = emulator.GraphBaseUrl,
            StaticAccessToken = "test-token",
        });

        var relationship = await client.CreateRelationshipAsync(new CreateRelationshipRequest
        {
            DisplayName = "Fabrikam - security",
            Duration = Duration.FromDays(90),
            Roles = [WellKnownRoles.SecurityReader],
        });

        // Three in ten requests are throttled; the one retry layer absorbs them.
        var listed = 0;
        await foreach (var item in client.ListRelationshipsAsync())
        {
            listed++;
        }

        emulator.Clock.Advance(Duration.FromDays(91));      // the emulator's service clock, not yours
        #endregion

        _ = relationship;
        return listed;
    }
}
