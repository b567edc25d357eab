namespace PartnerAccess.Sdk.Access;

/// <summary>The roles partners ask for most, ready to use in requests.</summary>
public static class WellKnownRoles
{
    /// <summary>Global Administrator. Privileged; rules out auto-extend.</summary>
    public static RoleGrant GlobalAdministrator { get; } = new(RoleCatalog.GlobalAdministratorId);

    /// <summary>Global Reader.</summary>
    public static RoleGrant GlobalReader { get; } = RoleGrant.Parse("f2ef992c-3afb-46b9-b7cf-a126ee74c451");

    /// <summary>Directory Readers.</summary>
    public static RoleGrant DirectoryReaders { get; } = RoleGrant.Parse("88d8e3e3-8f55-4a1e-953a-9b9898b8876b");

    /// <summary>User Administrator.</summary>
    public static RoleGrant UserAdministrator { get; } = RoleGrant.Parse("fe930be7-5e62-47db-91af-98c3a49a38b1");

    /// <summary>Helpdesk Administrator.</summary>
    public static RoleGrant HelpdeskAdministrator { get; } = RoleGrant.Parse("729827e3-9c14-49f7-bb1b-9608f156bbb8");

    /// <summary>License Administrator.</summary>
    public static RoleGrant LicenseAdministrator { get; } = RoleGrant.Parse("4d6ac14f-3453-41d0-bef9-a3e0c569773a");

    /// <summary>Service Support Administrator.</summary>
    public static RoleGrant ServiceSupportAdministrator { get; } = RoleGrant.Parse("f023fd81-a637-4b56-95fd-791ac0226033");

    /// <summary>Privileged Role Administrator.</summary>
    public static RoleGrant PrivilegedRoleAdministrator { get; } = RoleGrant.Parse("e8611ab8-c189-46e8-94e1-60213ab1f814");

    /// <summary>Exchange Administrator.</summary>
    public static RoleGrant ExchangeAdministrator { get; } = RoleGrant.Parse("29232cdf-9323-42fd-ade2-1d097af3e4de");

    /// <summary>Exchange Recipient Administrator.</summary>
    public static RoleGrant ExchangeRecipientAdministrator { get; } = RoleGrant.Parse("31392ffb-586c-42d1-9346-e59415a2cc4e");

    /// <summary>SharePoint Administrator.</summary>
    public static RoleGrant SharePointAdministrator { get; } = RoleGrant.Parse("f28a1f50-f6e7-4571-818b-6a12f2af6b6c");

    /// <summary>Teams Administrator.</summary>
    public static RoleGrant TeamsAdministrator { get; } = RoleGrant.Parse("69091246-20e8-4a56-aa4d-066075b2a7a8");

    /// <summary>Intune Administrator.</summary>
    public static RoleGrant IntuneAdministrator { get; } = RoleGrant.Parse("3a2c62db-5318-420d-8d74-23affee5d9d5");

    /// <summary>Security Administrator.</summary>
    public static RoleGrant SecurityAdministrator { get; } = RoleGrant.Parse("194ae4cb-b126-40b2-bd5b-6091b380977d");

    /// <summary>Security Reader.</summary>
    public static RoleGrant SecurityReader { get; } = RoleGrant.Parse("5d6b6bb7-de71-4623-b4af-96380a352509");

    /// <summary>Dynamics 365 Administrator.</summary>
    public static RoleGrant Dynamics365Administrator { get; } = RoleGrant.Parse("44367163-eba1-44c3-98af-f5787879f96a");
}
