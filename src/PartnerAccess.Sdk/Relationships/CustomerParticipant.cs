namespace PartnerAccess.Sdk.Relationships;

/// <summary>The customer side of a relationship: its Entra tenant id and name.</summary>
/// <param name="TenantId">The customer's tenant id (a GUID).</param>
/// <param name="DisplayName">The customer's tenant name, as Entra ID sets it.</param>
public sealed record CustomerParticipant(string TenantId, string? DisplayName = null);
