using Microsoft.Extensions.Options;

namespace PartnerAccess.Sdk.Graph;

/// <summary>Validates <see cref="GraphPartnerAccessOptions"/> for the options pattern, reporting every problem at once.</summary>
internal sealed class GraphPartnerAccessOptionsValidator : IValidateOptions<GraphPartnerAccessOptions>
{
    /// <summary>Checks the options.</summary>
    /// <param name="name">The options name.</param>
    /// <param name="options">The options.</param>
    /// <returns>Success, or a failure listing every problem.</returns>
    public ValidateOptionsResult Validate(string? name, GraphPartnerAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
