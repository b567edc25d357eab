using Microsoft.Extensions.Options;

namespace PartnerAccess.Sdk.Graph;

/// <summary>
/// Validates <see cref="GraphPartnerAccessOptions"/>, reporting every problem at once: for the options pattern
/// (<c>UseGraph</c>, on start) and for the client's own constructors.
/// </summary>
internal sealed class GraphPartnerAccessOptionsValidator : IValidateOptions<GraphPartnerAccessOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GraphPartnerAccessOptions options)
    {
        var failures = Check(options, requireAuthentication: true);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws one <see cref="OptionsValidationException"/> listing every problem, if there is any.</summary>
    /// <param name="options">The options.</param>
    /// <param name="requireAuthentication">Whether a credential or a static token must be set (not when the caller brings its own).</param>
    /// <returns>The options, for constructor chaining.</returns>
    public static GraphPartnerAccessOptions ThrowIfInvalid(GraphPartnerAccessOptions options, bool requireAuthentication)
    {
        var failures = Check(options, requireAuthentication);
        return failures.Count == 0
            ? options
            : throw new OptionsValidationException(Options.DefaultName, typeof(GraphPartnerAccessOptions), failures);
    }

    /// <summary>Every problem of the options; empty when they are usable.</summary>
    /// <param name="options">The options.</param>
    /// <param name="requireAuthentication">Whether a credential or a static token must be set.</param>
    /// <returns>The problems.</returns>
    public static IReadOnlyList<string> Check(GraphPartnerAccessOptions options, bool requireAuthentication)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Cloud))
        {
            errors.Add($"{nameof(options.Cloud)} '{options.Cloud}' is not a known Graph cloud.");
        }

        if (options.BaseUrl is { } baseUrl)
        {
            if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add($"{nameof(options.BaseUrl)} '{baseUrl}' must be an absolute http or https URL such as http://127.0.0.1:5080/v1.0.");
            }
            else if (baseUrl.Scheme == Uri.UriSchemeHttp && !baseUrl.IsLoopback)
            {
                errors.Add($"{nameof(options.BaseUrl)} '{baseUrl}' uses http on a host that is not loopback; use https (tokens must not travel in clear text).");
            }
        }

        if (requireAuthentication && options.Credential is null && string.IsNullOrWhiteSpace(options.StaticAccessToken))
        {
            errors.Add($"Set {nameof(options.Credential)} (an Azure.Identity TokenCredential) or {nameof(options.StaticAccessToken)}.");
        }

        if (options.Scopes.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{nameof(options.Scopes)} must not contain blank entries.");
        }

        if (options.MaxAttempts is < 1 or > 10)
        {
            errors.Add($"{nameof(options.MaxAttempts)} must be between 1 and 10; it is {options.MaxAttempts}.");
        }

        CheckPositive(options.BaseDelay, nameof(options.BaseDelay), errors);
        CheckPositive(options.MaxDelay, nameof(options.MaxDelay), errors);
        if (options.BaseDelay > options.MaxDelay)
        {
            errors.Add($"{nameof(options.BaseDelay)} ({options.BaseDelay}) must not exceed {nameof(options.MaxDelay)} ({options.MaxDelay}).");
        }

        CheckTimeout(options.AttemptTimeout, nameof(options.AttemptTimeout), errors);
        CheckTimeout(options.TotalTimeout, nameof(options.TotalTimeout), errors);
        if (options.AttemptTimeout > options.TotalTimeout)
        {
            errors.Add($"{nameof(options.AttemptTimeout)} ({options.AttemptTimeout}) must not exceed {nameof(options.TotalTimeout)} ({options.TotalTimeout}).");
        }

        if (options.RelationshipPageSize is < 1 or > GraphPartnerAccessOptions.MaxPageSize)
        {
            errors.Add($"{nameof(options.RelationshipPageSize)} must be between 1 and {GraphPartnerAccessOptions.MaxPageSize}; it is {options.RelationshipPageSize}.");
        }

        if (options.EventualConsistencyWindow < TimeSpan.Zero)
        {
            errors.Add($"{nameof(options.EventualConsistencyWindow)} must not be negative.");
        }

        if (options.EventualConsistencyMaxRetries is < 0 or > 10)
        {
            errors.Add($"{nameof(options.EventualConsistencyMaxRetries)} must be between 0 and 10; it is {options.EventualConsistencyMaxRetries}.");
        }

        CheckPositive(options.EventualConsistencyDelay, nameof(options.EventualConsistencyDelay), errors);
        if (options.PartnerTenantId is not null && !Guid.TryParse(options.PartnerTenantId, out _))
        {
            errors.Add($"{nameof(options.PartnerTenantId)} '{options.PartnerTenantId}' must be a GUID.");
        }

        return errors;
    }

    // The bounds Polly's timeout strategy accepts.
    private static void CheckTimeout(TimeSpan value, string name, List<string> errors)
    {
        if (value < TimeSpan.FromMilliseconds(10) || value > TimeSpan.FromDays(1))
        {
            errors.Add($"{name} must be between 10 ms and 1 day; it is {value}.");
        }
    }

    private static void CheckPositive(TimeSpan value, string name, List<string> errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name} must be positive; it is {value}.");
        }
    }
}
