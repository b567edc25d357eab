using PartnerAccess.Cli.Rendering;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Relationships;
using Spectre.Console;

namespace PartnerAccess.Cli.Infrastructure;

/// <summary>
/// Turns a failure into an exit code and a message: the broken rules (code and message) for people, an error object
/// for --output json. Stack traces and service details only with --verbose.
/// </summary>
internal static class ErrorReporter
{
    public static int Report(CommandContext context, Exception exception)
    {
        var (exitCode, code) = Classify(exception, context.CancellationToken);
        var partnerAccess = exception as PartnerAccessException;
        var violations = partnerAccess?.Violations ?? [];
        var message = exitCode == ExitCodes.Cancelled ? "Cancelled." : Headline(exception);
        var console = context.Error;

        if (context.Json)
        {
            JsonOutput.Write(console, new
            {
                error = new ErrorView(
                    code,
                    exitCode,
                    message,
                    violations.Select(v => new ViolationView(v.Code, v.Target, v.Message, v.AttemptedValue)).ToList(),
                    partnerAccess?.ServiceErrorCode,
                    partnerAccess?.RequestId),
            });
        }
        else
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
            foreach (var violation in violations)
            {
                console.MarkupLine($"  [red]{Markup.Escape(violation.Code)}[/]  {Markup.Escape(violation.Message)}");
            }

            if (partnerAccess?.RetryAfter is { } retryAfter)
            {
                console.MarkupLine($"  The service asked to wait {retryAfter.TotalSeconds:0} s before trying again.");
            }
        }

        if (context.Verbose)
        {
            WriteDetails(console, exception, partnerAccess);
        }
        else if (exitCode == ExitCodes.InternalError)
        {
            console.MarkupLine("[grey]Run again with --verbose for details.[/]");
        }

        return exitCode;
    }

    private static (int ExitCode, string Code) Classify(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        UsageException => (ExitCodes.Usage, "usage"),
        PartnerAccessException e => (ExitCodes.For(e.ErrorCode), e.ErrorCode == PartnerAccessErrorCode.Unknown ? "unknown" : GraphNames.ToGraphName(e.ErrorCode)),
        OperationCanceledException when cancellationToken.IsCancellationRequested => (ExitCodes.Cancelled, "cancelled"),
        Microsoft.Extensions.Options.OptionsValidationException => (ExitCodes.Usage, "usage"),
        Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException => (ExitCodes.Unauthorized, "unauthorized"),
        HttpRequestException => (ExitCodes.ServiceError, "serviceError"),
        IOException or UnauthorizedAccessException => (ExitCodes.Usage, "usage"),
        _ => (ExitCodes.InternalError, "internalError"),
    };

    // A multi-rule message repeats every rule; the rules are listed under the headline instead.
    private static string Headline(Exception exception) => exception switch
    {
        PartnerAccessException { Violations.Count: > 1 } e => $"{e.Violations.Count} GDAP rules were broken.",
        PartnerAccessException { Violations.Count: 1 } => "A GDAP rule was broken.",
        _ => exception.Message,
    };

    private static void WriteDetails(IAnsiConsole console, Exception exception, PartnerAccessException? partnerAccess)
    {
        console.MarkupLine("[grey]details:[/]");
        if (partnerAccess is not null)
        {
            console.MarkupLine($"  [grey]error code:[/] {partnerAccess.ErrorCode}");
            foreach (var (label, value) in new[]
                     {
                         ("http status", partnerAccess.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                         ("service error code", partnerAccess.ServiceErrorCode),
                         ("request id", partnerAccess.RequestId),
                     })
            {
                if (value is not null)
                {
                    console.MarkupLine($"  [grey]{label}:[/] {Markup.Escape(value)}");
                }
            }

            foreach (var violation in partnerAccess.Violations)
            {
                console.MarkupLine($"  [grey]{Markup.Escape(violation.Code)}:[/] target {Markup.Escape(violation.Target)}, value {Markup.Escape(violation.AttemptedValue ?? "(none)")}");
            }
        }

        console.WriteLine(exception.ToString(), Style.Plain);
    }
}
