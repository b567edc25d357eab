using Azure.Core;
using Microsoft.Graph.Authentication;
using Microsoft.Kiota.Abstractions.Authentication;

namespace PartnerAccess.Sdk.Graph.Authentication;

/// <summary>
/// Builds the authentication provider for a base URL. Graph's Azure token provider silently sends no token to a host
/// outside its built-in list (the loopback emulator, say), so the allowed hosts are always named explicitly.
/// </summary>
public static class GraphAuthentication
{
    /// <summary>Creates a provider that sends a fixed bearer token to the base URL's host only.</summary>
    /// <param name="token">The bearer token.</param>
    /// <param name="baseUrl">The versioned base URL.</param>
    /// <returns>The provider.</returns>
    public static IAuthenticationProvider ForStaticToken(string token, Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return new BaseBearerTokenAuthenticationProvider(new StaticAccessTokenProvider(token, [baseUrl.Host]));
    }

    /// <summary>Creates a provider that obtains tokens from an Azure.Identity credential for the base URL's host.</summary>
    /// <param name="credential">The credential.</param>
    /// <param name="baseUrl">The versioned base URL.</param>
    /// <param name="scopes">The scopes, for example <c>https://graph.microsoft.com/.default</c>.</param>
    /// <returns>The provider.</returns>
    public static IAuthenticationProvider ForCredential(TokenCredential credential, Uri baseUrl, IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(scopes);
        return new AzureIdentityAuthenticationProvider(credential, [baseUrl.Host], observabilityOptions: null, isCaeEnabled: true, scopes.ToArray());
    }

    /// <summary>Creates the provider the options call for: the static token if set, otherwise the credential.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="ArgumentException">Neither a token nor a credential is set.</exception>
    public static IAuthenticationProvider FromOptions(GraphPartnerAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var baseUrl = options.GetEffectiveBaseUrl();
        if (!string.IsNullOrWhiteSpace(options.StaticAccessToken))
        {
            return ForStaticToken(options.StaticAccessToken, baseUrl);
        }

        if (options.Credential is { } credential)
        {
            return ForCredential(credential, baseUrl, options.GetEffectiveScopes());
        }

        throw new ArgumentException("Set GraphPartnerAccessOptions.Credential or StaticAccessToken.", nameof(options));
    }
}
