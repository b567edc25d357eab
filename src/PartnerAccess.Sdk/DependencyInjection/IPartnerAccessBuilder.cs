using Microsoft.Extensions.DependencyInjection;

namespace PartnerAccess.Sdk.DependencyInjection;

/// <summary>
/// Returned by <c>AddPartnerAccess</c>; choose the implementation with <c>.UseGraph(...)</c> (PartnerAccess.Sdk.Graph)
/// or <c>.UseInMemory(...)</c> (PartnerAccess.Sdk.Testing).
/// </summary>
public interface IPartnerAccessBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}
