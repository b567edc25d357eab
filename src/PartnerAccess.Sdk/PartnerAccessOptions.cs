namespace PartnerAccess.Sdk;

/// <summary>
/// Settings shared by every PartnerAccess client registered through
/// <see cref="Microsoft.Extensions.DependencyInjection.PartnerAccessServiceCollectionExtensions.AddPartnerAccess"/>;
/// validated when the host starts, every problem at once.
/// </summary>
public sealed class PartnerAccessOptions
{
    /// <summary>The partner's own Entra tenant id (a GUID). Optional; used to stamp audit records and match sign-ins.</summary>
    public string? PartnerTenantId { get; set; }

    /// <summary>Accept built-in role ids newer than the shipped catalog. Default: <see langword="false"/>.</summary>
    public bool AllowRolesNotInCatalog { get; set; }
}
