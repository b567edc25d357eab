using System.Text;
using PartnerAccess.Cli;
using PartnerAccess.Cli.Infrastructure;

Console.OutputEncoding = Encoding.UTF8;
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C asks the command to stop cleanly (exit 130); a second one ends the process.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

// A terminal keeps its width; a file, pipe or CI log gets output as wide as its content (or COLUMNS).
var columns = Environment.GetEnvironmentVariable(CliConsole.ColumnsVariable);
var output = CliConsole.Create(Console.Out, Console.IsOutputRedirected, columns);
var errors = CliConsole.Create(Console.Error, Console.IsErrorRedirected, columns);
return await CliApp.RunAsync(args, output, errors, cancellation.Token);
