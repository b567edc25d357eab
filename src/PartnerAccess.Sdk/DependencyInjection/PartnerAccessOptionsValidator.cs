using Microsoft.Extensions.Options;

namespace PartnerAccess.Sdk;

/// <summary>Validates <see cref="PartnerAccessOptions"/>, reporting every problem at once.</summary>
internal sealed class PartnerAccessOptionsValidator : IValidateOptions<PartnerAccessOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PartnerAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.PartnerTenantId is not null && !Guid.TryParse(options.PartnerTenantId, out _))
        {
            failures.Add($"PartnerAccessOptions.PartnerTenantId '{options.PartnerTenantId}' must be a GUID.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
