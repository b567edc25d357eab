using Microsoft.Extensions.Options;

namespace PartnerAccess.Sdk.Lifecycle;

/// <summary>Validates <see cref="RelationshipWatchOptions"/> when the host starts, reporting every problem at once.</summary>
internal sealed class RelationshipWatchOptionsValidator : IValidateOptions<RelationshipWatchOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RelationshipWatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Watcher is null)
        {
            failures.Add("RelationshipWatchOptions.Watcher is required.");
        }
        else
        {
            failures.AddRange(options.Watcher.Problems().Select(p => "RelationshipWatchOptions.Watcher." + p));
        }

        if (options.ApplyOnActivation && options.LoadDesiredState is null)
        {
            failures.Add("RelationshipWatchOptions.ApplyOnActivation needs LoadDesiredState, which tells which customers get which templates.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
