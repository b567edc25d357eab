using Microsoft.Kiota.Abstractions.Authentication;

namespace PartnerAccess.Sdk.Graph.Authentication;

/// <summary>
/// Hands out one fixed bearer token, only for the allowed hosts. Meant for the loopback emulator and for tokens
/// obtained elsewhere; wrap it in <see cref="BaseBearerTokenAuthenticationProvider"/>.
/// </summary>
internal sealed class StaticAccessTokenProvider : IAccessTokenProvider
{
    private readonly string _token;

    /// <summary>Creates the provider.</summary>
    /// <param name="token">The bearer token, without the <c>Bearer</c> prefix.</param>
    /// <param name="allowedHosts">The hosts that may receive it, for example <c>127.0.0.1</c>. Required: a token is never sent everywhere.</param>
    public StaticAccessTokenProvider(string token, IEnumerable<string> allowedHosts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        ArgumentNullException.ThrowIfNull(allowedHosts);
        var hosts = allowedHosts.ToList();
        if (hosts.Count == 0)
        {
            throw new ArgumentException("Name at least one host that may receive the token.", nameof(allowedHosts));
        }

        _token = token;
        AllowedHostsValidator = new AllowedHostsValidator(hosts);
    }

    /// <summary>The hosts that receive the token.</summary>
    public AllowedHostsValidator AllowedHostsValidator { get; }

    /// <summary>Returns the token for an allowed host, otherwise an empty string (no header is sent).</summary>
    /// <param name="uri">The request URL.</param>
    /// <param name="additionalAuthenticationContext">Unused.</param>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>The token or an empty string.</returns>
    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return Task.FromResult(AllowedHostsValidator.IsUrlHostValid(uri) ? _token : string.Empty);
    }
}
