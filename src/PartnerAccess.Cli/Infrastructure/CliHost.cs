using System.CommandLine;
using PartnerAccess.Cli.Backends;
using Spectre.Console;

namespace PartnerAccess.Cli.Infrastructure;

/// <summary>What stays the same for one invocation: where output goes, the global options and how backends open.</summary>
internal sealed class CliHost(IAnsiConsole output, IAnsiConsole error, Func<BackendSelection, IAnsiConsole, Backend>? openBackend = null)
{
    public IAnsiConsole Out { get; } = output;

    public IAnsiConsole Error { get; } = error;

    public GlobalOptions Options { get; } = new();

    public Backend OpenBackend(BackendSelection selection) => (openBackend ?? BackendFactory.Open)(selection, Error);

    /// <summary>Runs a command's body inside the error handling every command shares.</summary>
    public void Handle(Command command, Func<CommandContext, Task<int>> body) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var context = new CommandContext(this, parseResult, cancellationToken);
            try
            {
                await context.PrepareAsync();
                return await body(context);
            }
            catch (Exception exception)
            {
                return ErrorReporter.Report(context, exception);
            }
        });
}
