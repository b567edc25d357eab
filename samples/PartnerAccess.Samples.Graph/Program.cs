// Runs the GDAP onboarding steps through GraphPartnerAccessClient.
//
//   Against the local emulator (the default; start it first):
//     dotnet run --project src/PartnerAccess.Sdk.Emulator -- --urls http://127.0.0.1:5080
//     dotnet run --project samples/PartnerAccess.Samples.Graph
//
//   Against a real partner tenant (read-only unless --create):
//     dotnet run --project samples/PartnerAccess.Samples.Graph -- --tenant <partner tenant id> --client-id <app id>
//         [--certificate app.pfx [--certificate-password ...]] [--cloud Global|UsGovL4|UsGovL5Dod|China] [--create]
//   With --certificate the app signs in with application permissions; without it, as you, by device code.
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Relationships;

var arguments = ParseArguments(args);
var tenant = arguments.GetValueOrDefault("tenant");
var useEmulator = tenant is null;
var writes = useEmulator || arguments.ContainsKey("create");

var services = new ServiceCollection();
var builder = services.AddPartnerAccess(o => o.PartnerTenantId = tenant);
if (useEmulator)
{
    var url = arguments.GetValueOrDefault("emulator") ?? "http://127.0.0.1:5080";
    builder.UseGraph(o =>
    {
        o.BaseUrl = new Uri(url.TrimEnd('/') + "/v1.0");
        o.StaticAccessToken = "emulator";
        o.MaxAttempts = 2;
    });
    Console.WriteLine($"Using the emulator at {url}.");
}
else
{
    var cloud = Enum.Parse<GraphCloud>(arguments.GetValueOrDefault("cloud") ?? nameof(GraphCloud.Global), ignoreCase: true);
    builder.UseGraph(CreateCredential(tenant!, arguments, cloud), o => o.Cloud = cloud);
    Console.WriteLine($"Using Microsoft Graph ({cloud}) for partner tenant {tenant}.");
}

await using var provider = services.BuildServiceProvider();
try
{
    provider.GetRequiredService<IStartupValidator>().Validate();
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine("Invalid settings:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", e.Failures));
    return 2;
}

var client = provider.GetRequiredService<IPartnerAccessClient>();
try
{
    if (writes)
    {
        var relationship = await client.CreateRelationshipAsync(new CreateRelationshipRequest
        {
            DisplayName = $"Sample helpdesk {Guid.NewGuid():N}"[..30],
            Duration = Duration.FromDays(180),
            Roles = [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.GlobalReader],
        });
        Console.WriteLine($"Created '{relationship.DisplayName}' ({relationship.Id}), status {relationship.Status}.");

        await client.LockForApprovalAsync(relationship.Id);
        Console.WriteLine($"Locked for approval. The customer approves at:{Environment.NewLine}  {relationship.ApprovalLink}");
        if (useEmulator)
        {
            Console.WriteLine($"  (emulator: POST {arguments.GetValueOrDefault("emulator") ?? "http://127.0.0.1:5080"}/_emulator/relationships/{relationship.Id}/approve)");
        }
    }

    Console.WriteLine("Relationships:");
    await foreach (var relationship in client.ListRelationshipsAsync())
    {
        var ends = relationship.EndsAt is { } end ? $", ends {end}" : string.Empty;
        Console.WriteLine($"  {relationship.DisplayName,-40} {GraphNames.ToGraphName(relationship.Status),-16} {relationship.Roles.Count} roles{ends}");
    }

    Console.WriteLine("Customers:");
    await foreach (var customer in client.ListCustomersAsync())
    {
        Console.WriteLine($"  {customer.DisplayName} ({customer.TenantId})");
    }

    return 0;
}
catch (PartnerAccessException e)
{
    Console.Error.WriteLine($"{e.ErrorCode}: {e.Message}");
    if (useEmulator && e.ErrorCode == PartnerAccessErrorCode.ServiceError)
    {
        Console.Error.WriteLine("Is the emulator running? dotnet run --project src/PartnerAccess.Sdk.Emulator -- --urls http://127.0.0.1:5080");
    }

    return 1;
}

static TokenCredential CreateCredential(string tenant, IReadOnlyDictionary<string, string> arguments, GraphCloud cloud)
{
    var clientId = arguments.GetValueOrDefault("client-id") ?? throw new ArgumentException("--client-id is required with --tenant.");
    var authority = cloud switch
    {
        GraphCloud.UsGovL4 or GraphCloud.UsGovL5Dod => AzureAuthorityHosts.AzureGovernment,
        GraphCloud.China => AzureAuthorityHosts.AzureChina,
        _ => AzureAuthorityHosts.AzurePublicCloud,
    };
    if (arguments.GetValueOrDefault("certificate") is { } path)
    {
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, arguments.GetValueOrDefault("certificate-password"));
        return new ClientCertificateCredential(tenant, clientId, certificate, new ClientCertificateCredentialOptions { AuthorityHost = authority });
    }

    return new DeviceCodeCredential(new DeviceCodeCredentialOptions
    {
        TenantId = tenant,
        ClientId = clientId,
        AuthorityHost = authority,
        DeviceCodeCallback = (code, _) =>
        {
            Console.WriteLine(code.Message);
            return Task.CompletedTask;
        },
    });
}

static Dictionary<string, string> ParseArguments(string[] args)
{
    var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    for (var i = 0; i < args.Length; i++)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal))
        {
            continue;
        }

        var name = args[i][2..];
        var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
        result[name] = hasValue ? args[++i] : "true";
    }

    return result;
}
