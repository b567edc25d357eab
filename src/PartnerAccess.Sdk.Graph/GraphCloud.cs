namespace PartnerAccess.Sdk.Graph;

/// <summary>The Microsoft Graph deployment (national cloud) to talk to.</summary>
public enum GraphCloud
{
    /// <summary>The global service, <c>https://graph.microsoft.com</c>.</summary>
    Global = 0,

    /// <summary>US Government L4, <c>https://graph.microsoft.us</c>.</summary>
    UsGovL4,

    /// <summary>US Government L5 (DoD), <c>https://dod-graph.microsoft.us</c>.</summary>
    UsGovL5Dod,

    /// <summary>China, operated by 21Vianet, <c>https://microsoftgraph.chinacloudapi.cn</c>.</summary>
    China,
}

/// <summary>Endpoints of each <see cref="GraphCloud"/>.</summary>
public static class GraphClouds
{
    /// <summary>The Graph API version the client uses.</summary>
    public const string ApiVersion = "v1.0";

    /// <summary>The root of a cloud's Graph endpoint, without the version.</summary>
    /// <param name="cloud">The cloud.</param>
    /// <returns>For example <c>https://graph.microsoft.us</c>.</returns>
    public static Uri GetRoot(GraphCloud cloud) => cloud switch
    {
        GraphCloud.Global => new Uri("https://graph.microsoft.com"),
        GraphCloud.UsGovL4 => new Uri("https://graph.microsoft.us"),
        GraphCloud.UsGovL5Dod => new Uri("https://dod-graph.microsoft.us"),
        GraphCloud.China => new Uri("https://microsoftgraph.chinacloudapi.cn"),
        _ => throw new ArgumentOutOfRangeException(nameof(cloud), cloud, "Unknown Graph cloud."),
    };

    /// <summary>The versioned base URL of a cloud, for example <c>https://graph.microsoft.com/v1.0</c>.</summary>
    /// <param name="cloud">The cloud.</param>
    /// <returns>The base URL requests are built on.</returns>
    public static Uri GetBaseUrl(GraphCloud cloud) => new(GetRoot(cloud), ApiVersion);

    /// <summary>The token scope for a cloud: its root followed by <c>/.default</c>.</summary>
    /// <param name="cloud">The cloud.</param>
    /// <returns>For example <c>https://graph.microsoft.com/.default</c>.</returns>
    public static string GetDefaultScope(GraphCloud cloud) => GetRoot(cloud).GetLeftPart(UriPartial.Authority) + "/.default";
}
