using System.CommandLine;
using PartnerAccess.Sdk.Graph;

namespace PartnerAccess.Cli.Infrastructure;

/// <summary>How partner-access signs in to real Microsoft Graph.</summary>
internal enum CredentialKind
{
    /// <summary>Interactive: a code to enter at the device login page.</summary>
    DeviceCode,

    /// <summary>An app registration with a certificate (PFX or PEM).</summary>
    Certificate,

    /// <summary>The managed identity of the Azure resource the tool runs on.</summary>
    ManagedIdentity,
}

/// <summary>The options every command accepts: output, diagnostics and which backend to talk to.</summary>
internal sealed class GlobalOptions
{
    public Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        Description = "Output format: table (for people) or json (stable, for scripts).",
        DefaultValueFactory = _ => OutputFormat.Table,
        HelpName = "table|json",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Show error details (service codes, request ids, stack traces).",
        Recursive = true,
    };

    public Option<Uri?> Emulator { get; } = new("--emulator")
    {
        Description = "Use the GDAP emulator at this URL, for example http://127.0.0.1:5080.",
        HelpName = "url",
        Recursive = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            {
                return url;
            }

            result.AddError($"--emulator needs an absolute http(s) URL such as http://127.0.0.1:5080; '{text}' is not.");
            return null;
        },
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "The bearer token to send to the emulator (default: emulator).",
        Recursive = true,
    };

    public Option<string?> Tenant { get; } = new("--tenant")
    {
        Description = "Use Microsoft Graph for this partner tenant id; needs --credential.",
        HelpName = "tenant-id",
        Recursive = true,
    };

    public Option<CredentialKind?> Credential { get; } = new("--credential")
    {
        Description = "How to sign in to Graph: device-code, certificate or managed-identity.",
        HelpName = "device-code|certificate|managed-identity",
        Recursive = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            switch (text.ToLowerInvariant())
            {
                case "device-code":
                    return CredentialKind.DeviceCode;
                case "certificate":
                    return CredentialKind.Certificate;
                case "managed-identity":
                    return CredentialKind.ManagedIdentity;
                default:
                    result.AddError($"'{text}' is not a credential; use device-code, certificate or managed-identity.");
                    return null;
            }
        },
    };

    public Option<string?> ClientId { get; } = new("--client-id")
    {
        Description = "The app registration (or user-assigned managed identity) client id.",
        Recursive = true,
    };

    public Option<FileInfo?> CertificatePath { get; } = new("--certificate-path")
    {
        Description = "The app's certificate (PFX or PEM with key); a PFX password is read from PARTNER_ACCESS_CERTIFICATE_PASSWORD.",
        HelpName = "file",
        Recursive = true,
    };

    public Option<GraphCloud> Cloud { get; } = new("--cloud")
    {
        Description = "The national cloud for --tenant.",
        DefaultValueFactory = _ => GraphCloud.Global,
        Recursive = true,
    };

    public Option<string?> PartnerTenant { get; } = new("--partner-tenant")
    {
        Description = "With --emulator: the partner tenant id its sign-in logs are filtered for (default: the emulator's default partner).",
        HelpName = "tenant-id",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        foreach (var option in new Option[] { Output, Verbose, Emulator, Token, Tenant, Credential, ClientId, CertificatePath, Cloud, PartnerTenant })
        {
            root.Options.Add(option);
        }
    }
}
