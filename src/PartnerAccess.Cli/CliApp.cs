using System.CommandLine;
using PartnerAccess.Cli.Backends;
using PartnerAccess.Cli.Commands;
using PartnerAccess.Cli.Infrastructure;
using Spectre.Console;

namespace PartnerAccess.Cli;

/// <summary>The partner-access command line, callable in-process: parse, run one command, return the exit code.</summary>
internal static class CliApp
{
    /// <summary>Runs partner-access with results and errors on one console.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="console">Where output goes; a Spectre.Console TestConsole in tests.</param>
    /// <param name="cancellationToken">Cancels the command; the exit code is then 130.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken cancellationToken = default) =>
        RunAsync(args, console, console, cancellationToken);

    /// <summary>Runs partner-access with results on one console and errors and prompts on another.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="console">Where results go (standard output).</param>
    /// <param name="errorConsole">Where errors, progress and sign-in prompts go (standard error).</param>
    /// <param name="cancellationToken">Cancels the command; the exit code is then 130.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, IAnsiConsole errorConsole, CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliHost(console, errorConsole), cancellationToken);

    internal static Task<int> RunAsync(string[] args, IAnsiConsole console, Func<BackendSelection, IAnsiConsole, Backend> openBackend, CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliHost(console, console, openBackend), cancellationToken);

    internal static Task<int> RunAsync(string[] args, IAnsiConsole console, IAnsiConsole errorConsole, Func<BackendSelection, IAnsiConsole, Backend> openBackend, CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliHost(console, errorConsole, openBackend), cancellationToken);

    internal static RootCommand BuildRoot(CliHost host)
    {
        var root = new RootCommand("partner-access: GDAP relationships, access assignments, audit and reports for Microsoft partners.");
        host.Options.AddTo(root);
        root.Subcommands.Add(RelationshipsCommand.Build(host));
        root.Subcommands.Add(AssignmentsCommand.Build(host));
        root.Subcommands.Add(ExpiringCommand.Build(host));
        root.Subcommands.Add(AuditCommand.Build(host));
        root.Subcommands.Add(ReportCommand.Build(host));
        root.Subcommands.Add(TemplatesCommand.Build(host));
        root.Subcommands.Add(PlanCommands.BuildPlan(host));
        root.Subcommands.Add(PlanCommands.BuildApply(host));
        root.Subcommands.Add(NotifyCommand.Build(host));
        root.Subcommands.Add(RolesCommand.Build(host));
        root.Subcommands.Add(JitCommand.Build(host));
        root.Subcommands.Add(VerifyCommand.Build(host));
        root.Subcommands.Add(OffboardCommand.Build(host));
        root.Subcommands.Add(WatchCommand.Build(host));
        return root;
    }

    private static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = BuildRoot(host);
        var parseResult = root.Parse(args);
        var configuration = new InvocationConfiguration
        {
            Output = host.Out.Profile.Out.Writer,
            Error = host.Error.Profile.Out.Writer,

            // Every command catches its own failures (ErrorReporter); Ctrl+C arrives through the token Program passes.
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };

        try
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Cancelled;
        }
    }
}
