using System.Net;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Benchmarks;

/// <summary>The customers, the template and the clients every scenario shares.</summary>
internal static class Workload
{
    public const string AgentsGroup = "11111111-1111-4111-8111-111111111111";
    public const string LeadsGroup = "22222222-2222-4222-8222-222222222222";

    /// <summary>Three roles, two groups: agents get two of them, leads all three. So onboarding is 2 writes, approval, 2 writes.</summary>
    public static AccessTemplate Template { get; } = new AccessTemplate
    {
        Name = "Service desk",
        Roles = [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator, WellKnownRoles.LicenseAdministrator],
        Duration = Duration.FromDays(730),
        AutoExtend = true,
    }.WithGroup(AgentsGroup, WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator)
     .WithGroup(LeadsGroup);

    public static IReadOnlyList<CustomerParticipant> Customers(int count, int offset = 0) => Enumerable.Range(offset + 1, count)
        .Select(i => new CustomerParticipant(new Guid(i, 0x0bec, 0x4c0d, [0x8e, 0, 0, 0, 0, 0, (byte)(i >> 8), (byte)i]).ToString(), $"Benchmark customer {i:D5}"))
        .ToList();

    /// <summary>PartnerAccess.Sdk's Graph client; with a pacer, every HTTP request goes through it.</summary>
    public static GraphPartnerAccessClient Sdk(Uri graphBaseUrl, RequestPacer? pacer = null)
    {
        HttpMessageHandler transport = Transport();
        if (pacer is not null)
        {
            transport = new RequestPacerHandler(pacer, transport);
        }

        return new GraphPartnerAccessClient(new GraphPartnerAccessOptions
        {
            BaseUrl = graphBaseUrl,
            StaticAccessToken = "benchmark",
            Transport = transport,
        }, TimeProvider.System);
    }

    /// <summary>The raw Graph SDK as a user would set it up: Graph's default middleware (with its retry handler).</summary>
    public static GraphServiceClient RawGraph(Uri graphBaseUrl, HttpMessageHandler? transport = null)
    {
        var pipeline = GraphClientFactory.CreatePipeline(GraphClientFactory.CreateDefaultHandlers(), transport ?? Transport());
        var http = new HttpClient(pipeline) { Timeout = TimeSpan.FromSeconds(100) };
        return new GraphServiceClient(http, new AnonymousAuthenticationProvider(), graphBaseUrl.ToString().TrimEnd('/'));
    }

    public static SocketsHttpHandler Transport() => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
    };

    public static string IdFromApprovalLink(Uri link) => Uri.UnescapeDataString(link.ToString()[Relationship.ApprovalLinkBase.Length..]);
}
