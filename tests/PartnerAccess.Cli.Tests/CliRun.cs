using System.Text.Json;
using PartnerAccess.Cli.Backends;
using Spectre.Console;
using Spectre.Console.Testing;

namespace PartnerAccess.Cli.Tests;

/// <summary>The outcome of one in-process run of partner-access.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public JsonElement Json() => JsonDocument.Parse(Output).RootElement.Clone();

    public JsonElement ErrorJson() => JsonDocument.Parse(Error).RootElement.Clone();
}

/// <summary>Runs the CLI in-process on test consoles wide enough that tables do not wrap.</summary>
internal static class CliRun
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    public static async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken, bool interactiveErrors = false)
    {
        using var output = NewConsole();
        using var error = NewConsole();
        if (interactiveErrors)
        {
            // A live display needs a terminal that understands cursor movement.
            error.Interactive();
            error.Profile.Capabilities.Ansi = true;
        }

        var exitCode = await CliApp.RunAsync(args, output, error, cancellationToken);
        return new CliResult(exitCode, output.Output, error.Output);
    }

    /// <summary>Runs against a backend the test built, for example a demo it changed first.</summary>
    public static async Task<CliResult> RunAsync(Func<Backend> backend, params string[] args)
    {
        using var console = NewConsole();
        var exitCode = await CliApp.RunAsync(args, console, (_, _) => backend());
        return new CliResult(exitCode, console.Output, console.Output);
    }

    /// <summary>Runs against a backend the test built, with output and errors kept apart (for <c>-o json</c>).</summary>
    public static async Task<CliResult> RunAsync(Func<Backend> backend, string[] args, CancellationToken cancellationToken)
    {
        using var output = NewConsole();
        using var error = NewConsole();
        var exitCode = await CliApp.RunAsync(args, output, error, (_, _) => backend(), cancellationToken);
        return new CliResult(exitCode, output.Output, error.Output);
    }

    public static TestConsole NewConsole()
    {
        var console = new TestConsole().Width(250);
        console.Profile.Capabilities.Ansi = false;
        return console;
    }
}
