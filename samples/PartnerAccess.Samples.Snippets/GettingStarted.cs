using Azure.Identity;
using NodaTime;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Samples.Snippets;

/// <summary>docs/getting-started.md: the first relationship, on the emulator and on a real tenant.</summary>
public static class GettingStartedSnippets
{
    /// <summary>The whole lifecycle against the loopback emulator; returns the active relationship.</summary>
    public static async Task<Relationship> OnTheEmulatorAsync()
    {
        #region Snippet:GettingStartedEmulator
        // A Graph GDAP service on 127.0.0.1, in this process. Nothing leaves the machine.
        await using var emulator = await GdapEmulator.StartAsync();

        using var client = new GraphPartnerAccessClient(new GraphPartnerAccessOptions
        {
            BaseUrl = emulator.GraphBaseUrl,   // http://127.0.0.1:<port>/v1.0
            StaticAccessToken = "emulator",    // the emulator accepts any token unless told otherwise
        });

        var relationship = await client.CreateRelationshipAsync(new CreateRelationshipRequest
        {
            DisplayName = "Contoso - helpdesk",
            Duration = Duration.FromDays(180),
            Roles = [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.UserAdministrator],
            Customer = new CustomerParticipant("4b827261-d21f-4aa9-b7db-7fa1f56fb163", "Contoso"),
        });

        await client.LockForApprovalAsync(relationship.Id);
        Console.WriteLine($"Approval link for the customer: {relationship.ApprovalLink}");

        // Play the customer: approve, as their Global Administrator would through the link.
        emulator.Simulator.Approve(relationship.Id);

        var active = await client.WaitUntilActiveAsync(relationship.Id);
        Console.WriteLine($"{active.DisplayName} is {active.Status} until {active.EndsAt}");
        #endregion

        return active;
    }

    /// <summary>The same request against a partner tenant; compiles, but needs a tenant to run.</summary>
    public static async Task OnARealTenantAsync()
    {
        #region Snippet:GettingStartedRealTenant
        var partnerTenantId = "<your partner tenant id>";
        var appId = "<the app registration's application (client) id>";
        var certificatePath = "/secure/path/partner-gdap.pfx";

        // An app registration in the partner tenant with DelegatedAdminRelationship.ReadWrite.All (application),
        // admin consent, and a certificate (never a client secret).
        var credential = new ClientCertificateCredential(partnerTenantId, appId, certificatePath);
        using var client = new GraphPartnerAccessClient(credential, new GraphPartnerAccessOptions { PartnerTenantId = partnerTenantId });

        var relationship = await client.CreateRelationshipAsync(new CreateRelationshipRequest
        {
            DisplayName = "Contoso - helpdesk",
            Duration = Duration.FromDays(180),
            Roles = [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.UserAdministrator],
            Customer = new CustomerParticipant("4b827261-d21f-4aa9-b7db-7fa1f56fb163", "Contoso"),
        });

        await client.LockForApprovalAsync(relationship.Id);
        Console.WriteLine($"Send the customer's Global Administrator this link: {relationship.ApprovalLink}");

        // Later (the customer may take days): list what is active.
        await foreach (var active in client.ListRelationshipsAsync(RelationshipQuery.ForStatus(RelationshipStatus.Active)))
        {
            Console.WriteLine($"{active.DisplayName}: active until {active.EndsAt}");
        }
        #endregion
    }
}
