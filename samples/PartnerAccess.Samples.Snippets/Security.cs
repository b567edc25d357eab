using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Samples.Snippets;

/// <summary>docs/security.md: least privilege, no standing Global Administrator, no secrets.</summary>
public static class SecuritySnippets
{
    /// <summary>A read-only reporting job on a user-assigned managed identity.</summary>
    public static void ReadOnlyWithManagedIdentity(IServiceCollection services, string managedIdentityClientId)
    {
        #region Snippet:SecurityManagedIdentity
        // Grant this identity DelegatedAdminRelationship.Read.All only: reporting never needs ReadWrite.
        services.AddPartnerAccess()
            .UseGraph(new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(managedIdentityClientId)));
        #endregion
    }

    /// <summary>A least-privilege request: named customer, only the roles the work needs, auto-extend without GA.</summary>
    public static CreateRelationshipRequest LeastPrivilegeRequest()
    {
        #region Snippet:SecurityLeastPrivilege
        var request = new CreateRelationshipRequest
        {
            DisplayName = "Contoso - Exchange support",
            Duration = Duration.FromDays(180),                          // as short as the contract allows
            Roles = [WellKnownRoles.ExchangeAdministrator, WellKnownRoles.ServiceSupportAdministrator],
            Customer = new CustomerParticipant("4b827261-d21f-4aa9-b7db-7fa1f56fb163", "Contoso"), // only Contoso can approve
            AutoExtendDuration = GdapDurations.AutoExtendPeriod,        // allowed: no Global Administrator
        };
        #endregion

        return request;
    }
}
