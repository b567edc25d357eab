namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Returned by <see cref="PartnerAccessServiceCollectionExtensions.AddPartnerAccess"/>; choose the implementation with
/// <c>.UseGraph(...)</c> (PartnerAccess.Sdk.Graph) or <c>.UseInMemory(...)</c> (PartnerAccess.Sdk.Testing), and add
/// features such as <c>.AddNotifications(...)</c> (PartnerAccess.Sdk.Governance).
/// </summary>
/// <remarks>
/// Like every registration method of PartnerAccess.Sdk it lives in <c>Microsoft.Extensions.DependencyInjection</c>, as
/// the Microsoft.Extensions packages do, so one <c>using</c> brings them all in. A <c>Use*</c> call chooses the
/// <see cref="PartnerAccess.Sdk.IPartnerAccessClient"/>: the last one wins.
/// </remarks>
public interface IPartnerAccessBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}
