using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Customers;

/// <summary>A customer with at least one GDAP relationship (Graph's <c>delegatedAdminCustomer</c>).</summary>
public sealed record DelegatedAdminCustomer
{
    /// <summary>The customer id; equal to the tenant id in every example Microsoft gives.</summary>
    public required string Id { get; init; }

    /// <summary>The customer's tenant id.</summary>
    public required string TenantId { get; init; }

    /// <summary>The customer's tenant name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The concurrency token.</summary>
    public ETag ETag { get; init; }
}

/// <summary>Where a partner manages one of the customer's services (Graph's <c>delegatedAdminServiceManagementDetail</c>).</summary>
/// <param name="Id">The detail id.</param>
/// <param name="ServiceName">For example <c>Azure Active Directory</c>.</param>
/// <param name="ServiceManagementUrl">The admin URL for that service in the customer tenant.</param>
public sealed record ServiceManagementDetail(string Id, string ServiceName, string ServiceManagementUrl);
