namespace PartnerAccess.Sdk.Rules;

/// <summary>Settings of the rule engine. The in-memory client, the emulator and the Graph client share them.</summary>
public sealed record GdapRuleOptions
{
    /// <summary>
    /// Accept role ids the shipped catalog does not know, for built-in roles newer than the catalog. Off by default:
    /// the catalog is the allow-list. Excluded roles stay refused either way.
    /// </summary>
    public bool AllowRolesNotInCatalog { get; init; }
}
