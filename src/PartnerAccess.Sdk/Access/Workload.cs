namespace PartnerAccess.Sdk.Access;

/// <summary>A Microsoft service area that GDAP roles administer.</summary>
public enum Workload
{
    /// <summary>Entra ID identity and directory.</summary>
    Directory = 1,

    /// <summary>Support tickets, billing and usage reporting.</summary>
    Support,

    /// <summary>Exchange Online.</summary>
    Exchange,

    /// <summary>SharePoint and OneDrive.</summary>
    SharePoint,

    /// <summary>Microsoft Teams.</summary>
    Teams,

    /// <summary>Intune, devices and Windows 365.</summary>
    Intune,

    /// <summary>Security and Microsoft Defender.</summary>
    Security,

    /// <summary>Compliance and Microsoft Purview.</summary>
    Compliance,

    /// <summary>Dynamics 365, Power Platform and Fabric.</summary>
    Dynamics365,
}
