using NodaTime;
using PartnerAccess.Sdk.JustInTime;

namespace PartnerAccess.Sdk.ContractTests.JustInTime;

/// <summary>What the just-in-time contract suite needs beyond IJustInTimeAccess: the tenant's side and the service's clock.</summary>
public interface IJustInTimeHarness : IAsyncDisposable
{
    IJustInTimeAccess Access { get; }

    /// <summary>A group PIM for Groups manages.</summary>
    Task AddGroupAsync(string groupId);

    /// <summary>Standing access: a direct membership with no end.</summary>
    Task AddStandingMemberAsync(string groupId, string principalId);

    /// <summary>Whether the user holds the PIM licence.</summary>
    Task SetLicensedAsync(string principalId, bool licensed);

    /// <summary>Moves the service's clock forward.</summary>
    Task AdvanceAsync(Duration by);
}
