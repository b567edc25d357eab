using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Graph.Audit;
using PartnerAccess.Sdk.Testing;
using Spectre.Console;

namespace PartnerAccess.Cli.Backends;

/// <summary>What the command line asked for: the demo (default), the emulator, or Graph for a tenant.</summary>
internal sealed record BackendSelection
{
    public Uri? Emulator { get; init; }

    public string? Token { get; init; }

    public string? Tenant { get; init; }

    public CredentialKind? Credential { get; init; }

    public string? ClientId { get; init; }

    public FileInfo? CertificatePath { get; init; }

    public GraphCloud Cloud { get; init; }

    public string? PartnerTenant { get; init; }

    /// <summary>The emulator's clock, read before the backend opens (see <see cref="EmulatorTime"/>).</summary>
    public NodaTime.Instant? EmulatorNow { get; init; }
}

/// <summary>Opens the backend a command line selects, after checking that the backend options fit together.</summary>
internal static class BackendFactory
{
    /// <summary>The environment variable a PFX password is read from, so it never appears in the shell history.</summary>
    public const string CertificatePasswordVariable = "PARTNER_ACCESS_CERTIFICATE_PASSWORD";

    public static Backend Open(BackendSelection selection, IAnsiConsole messages)
    {
        if (selection.Emulator is not null && selection.Tenant is not null)
        {
            throw new UsageException("Choose one backend: --emulator or --tenant, not both.");
        }

        if (selection.Emulator is { } emulator)
        {
            if (selection.Credential is not null)
            {
                throw new UsageException("--credential applies to --tenant; the emulator takes --token.");
            }

            var time = selection.EmulatorNow is { } now ? new EmulatorTime(now, TimeProvider.System) : null;
            return OpenEmulator(emulator, selection.Token ?? "emulator", selection.PartnerTenant ?? new GdapSimulatorOptions().PartnerTenantId, time);
        }

        if (selection.Tenant is { } tenant)
        {
            return OpenGraph(selection, tenant, messages);
        }

        if (selection.Credential is not null || selection.ClientId is not null || selection.CertificatePath is not null)
        {
            throw new UsageException("--credential, --client-id and --certificate-path need --tenant <partner tenant id>.");
        }

        var demo = DemoPartner.Create();
        return new Backend(demo, "embedded demo partner")
        {
            PartnerTenantId = DemoPartner.PartnerTenantId,
            Groups = DemoPartner.CreateGroups(demo.TimeProvider),
            SecurityGroupNames = DemoPartner.GroupNames,
            HasSignIns = true,
            JustInTime = DemoJustInTime.Create(),
            UserNames = DemoJustInTime.UserNames,
        };
    }

    /// <summary>The Graph v1.0 base URL under an emulator root; a URL that already names v1.0 is kept.</summary>
    public static Uri EmulatorGraphUrl(Uri emulator)
    {
        if (!emulator.IsAbsoluteUri)
        {
            throw new UsageException($"--emulator needs an absolute URL such as http://127.0.0.1:5080; '{emulator}' is not.");
        }

        var text = emulator.ToString().TrimEnd('/');
        return new Uri(text.EndsWith("/v1.0", StringComparison.OrdinalIgnoreCase) ? text : text + "/v1.0");
    }

    internal static Backend OpenEmulator(Uri emulator, string token, string partnerTenantId, TimeProvider? time)
    {
        if (!Guid.TryParse(partnerTenantId, out _))
        {
            throw new UsageException($"--partner-tenant must be a GUID; '{partnerTenantId}' is not.");
        }

        var options = new GraphPartnerAccessOptions
        {
            BaseUrl = EmulatorGraphUrl(emulator),
            StaticAccessToken = token,

            // The same retry budget as against Graph: the emulator's production profile is meant to test exactly that.
        };
        var client = CreateGraphClient(options, credential: null, time);

        // The emulator is every tenant at once: the customer's sign-in log is served by the same host.
        return new Backend(client, $"emulator at {emulator}", new DisposeAsync(client))
        {
            PartnerTenantId = partnerTenantId,
            JustInTime = new GraphJustInTimeAccess(client),
            Groups = new GraphPartnerGroups(client),
            OpenSignInReader = _ => (new PartnerSignInReader(client.Graph, partnerTenantId, timeProvider: client.TimeProvider), null),
        };
    }

    private static Backend OpenGraph(BackendSelection selection, string tenant, IAnsiConsole messages)
    {
        if (!Guid.TryParse(tenant, out _))
        {
            throw new UsageException($"--tenant must be the partner tenant id (a GUID); '{tenant}' is not.");
        }

        var credential = CreateCredential(selection, tenant, messages);
        var options = new GraphPartnerAccessOptions { Cloud = selection.Cloud, PartnerTenantId = tenant };
        var client = CreateGraphClient(options, credential);
        return new Backend(client, $"Microsoft Graph ({selection.Cloud}) for tenant {tenant}", new DisposeAsync(client))
        {
            PartnerTenantId = tenant,
            JustInTime = new GraphJustInTimeAccess(client),
            Groups = new GraphPartnerGroups(client),
            OpenSignInReader = customerTenantId =>
            {
                // Sign-in logs live in the customer tenant: sign in there with the same kind of credential.
                var customerClient = CreateGraphClient(new GraphPartnerAccessOptions { Cloud = selection.Cloud }, CreateCredential(selection, customerTenantId, messages));
                return (new PartnerSignInReader(customerClient.Graph, tenant, timeProvider: customerClient.TimeProvider), customerClient);
            },
        };
    }

    internal static TokenCredential CreateCredential(BackendSelection selection, string tenant, IAnsiConsole messages)
    {
        var authorityHost = selection.Cloud switch
        {
            GraphCloud.UsGovL4 or GraphCloud.UsGovL5Dod => AzureAuthorityHosts.AzureGovernment,
            GraphCloud.China => AzureAuthorityHosts.AzureChina,
            _ => AzureAuthorityHosts.AzurePublicCloud,
        };

        switch (selection.Credential)
        {
            case null:
                throw new UsageException("--tenant needs --credential device-code, certificate or managed-identity.");

            case CredentialKind.DeviceCode:
                var deviceCode = new DeviceCodeCredentialOptions
                {
                    TenantId = tenant,
                    AuthorityHost = authorityHost,
                    DeviceCodeCallback = (code, _) =>
                    {
                        messages.MarkupLineInterpolated($"[yellow]{code.Message}[/]");
                        return Task.CompletedTask;
                    },
                };
                if (selection.ClientId is { } publicClientId)
                {
                    deviceCode.ClientId = publicClientId;
                }

                return new DeviceCodeCredential(deviceCode);

            case CredentialKind.Certificate:
                if (selection.ClientId is not { } clientId || selection.CertificatePath is not { } path)
                {
                    throw new UsageException("--credential certificate needs --client-id and --certificate-path.");
                }

                if (!path.Exists)
                {
                    throw new UsageException($"The certificate file '{path.FullName}' does not exist.");
                }

                var certificateOptions = new ClientCertificateCredentialOptions { AuthorityHost = authorityHost };
                var password = Environment.GetEnvironmentVariable(CertificatePasswordVariable);
                if (string.IsNullOrEmpty(password))
                {
                    return new ClientCertificateCredential(tenant, clientId, path.FullName, certificateOptions);
                }

                var certificate = X509CertificateLoader.LoadPkcs12FromFile(path.FullName, password);
                return new ClientCertificateCredential(tenant, clientId, certificate, certificateOptions);

            case CredentialKind.ManagedIdentity:
                var identity = selection.ClientId is { } managedClientId
                    ? ManagedIdentityId.FromUserAssignedClientId(managedClientId)
                    : ManagedIdentityId.SystemAssigned;
                return new ManagedIdentityCredential(identity);

            default:
                throw new UsageException($"Unknown credential '{selection.Credential}'.");
        }
    }

    private static GraphPartnerAccessClient CreateGraphClient(GraphPartnerAccessOptions options, TokenCredential? credential, TimeProvider? time = null)
    {
        try
        {
            return credential is null ? new GraphPartnerAccessClient(options, time) : new GraphPartnerAccessClient(credential, options, time);
        }
        catch (OptionsValidationException exception)
        {
            // The client checks its options and names every problem at once.
            throw new UsageException(string.Join(Environment.NewLine, exception.Failures));
        }
    }

    private sealed class DisposeAsync(IDisposable resource) : IAsyncDisposable
    {
        ValueTask IAsyncDisposable.DisposeAsync()
        {
            resource.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
