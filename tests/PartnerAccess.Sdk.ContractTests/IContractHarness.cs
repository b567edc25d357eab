using NodaTime;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.ContractTests;

/// <summary>What the contract suite needs beyond IPartnerAccessClient: the customer's side and the service's clock.</summary>
public interface IContractHarness : IAsyncDisposable
{
    IPartnerAccessClient Client { get; }

    Task ApproveAsync(string relationshipId, CustomerParticipant? customer = null);

    Task TerminateByCustomerAsync(string relationshipId);

    /// <summary>Moves the service's clock forward and lets it run every transition that falls due.</summary>
    Task AdvanceAsync(Duration by);
}
