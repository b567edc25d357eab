using Microsoft.Extensions.Options;

namespace PartnerAccess.Sdk.Graph.Notifications;

/// <summary>
/// Validates <see cref="GraphMailOptions"/>, reporting every problem at once: for the options pattern
/// (<c>AddGraphMailSender</c>, on start) and for <see cref="GraphMailNotificationSender"/>'s constructor.
/// </summary>
internal sealed class GraphMailOptionsValidator : IValidateOptions<GraphMailOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GraphMailOptions options)
    {
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem of the options; empty when they are usable.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The problems.</returns>
    public static IReadOnlyList<string> Check(GraphMailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Mailbox))
        {
            failures.Add("GraphMailOptions.Mailbox is required: the user id or UPN notices are sent from.");
        }

        if (!Enum.IsDefined(options.BodyFormat))
        {
            failures.Add($"GraphMailOptions.BodyFormat '{options.BodyFormat}' is not a known body format.");
        }

        return failures;
    }
}
