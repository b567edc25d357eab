using System.CommandLine;
using System.Text.Json;
using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Cli.Rendering;
using PartnerAccess.Sdk.Lifecycle;
using PartnerAccess.Sdk.Relationships;
using Spectre.Console;

namespace PartnerAccess.Cli.Commands;

/// <summary><c>watch</c>: prints relationship events (approved, activated, expiring, ...) as they happen, through <see cref="RelationshipWatcher"/>.</summary>
internal static class WatchCommand
{
    public static Command Build(CliHost host)
    {
        var checkpoint = new Option<FileInfo?>("--checkpoint")
        {
            Description = "A JSON file that keeps the watcher's place, so the next run resumes and prints each event once.",
            HelpName = "file",
        };
        var once = new Option<bool>("--once") { Description = "Poll once, print what changed since the checkpoint, and exit." };
        var timeout = Arguments.Span("--timeout", "Stop watching after this long");
        var maxEvents = new Option<int?>("--max-events") { Description = "Stop after printing this many events.", HelpName = "n" };
        var pending = Arguments.Span("--pending-interval", "How often to poll while something awaits approval or the service", Duration.FromMinutes(1));
        var idle = Arguments.Span("--idle-interval", "How often to poll when nothing is pending", Duration.FromMinutes(15));
        var command = new Command("watch", "Print relationship events live: approved, activated, expiring, expired, terminated, autoExtended, approvalExpired.")
        {
            checkpoint, once, timeout, maxEvents, pending, idle,
        };
        host.Handle(command, async context =>
        {
            var limit = context.Get(maxEvents);
            if (limit is < 1)
            {
                throw new UsageException("--max-events must be at least 1.");
            }

            var span = context.ParseResult.GetResult(timeout) is { Implicit: false } ? context.Get(timeout) : (Duration?)null;
            if (span <= Duration.Zero)
            {
                throw new UsageException("--timeout must be positive.");
            }

            RelationshipWatcherOptions options;
            try
            {
                options = new RelationshipWatcherOptions { PendingInterval = context.Get(pending).ToTimeSpan(), IdleInterval = context.Get(idle).ToTimeSpan() };
                if (options.Problems() is { Count: > 0 } problems)
                {
                    throw new UsageException(string.Join(" ", problems));
                }
            }
            catch (OverflowException)
            {
                throw new UsageException("--pending-interval or --idle-interval is too long.");
            }

            IRelationshipWatchCheckpointStore store = context.Get(checkpoint) is { } file
                ? new JsonFileRelationshipWatchCheckpointStore(file.FullName)
                : new InMemoryRelationshipWatchCheckpointStore();
            var hadCheckpoint = await store.LoadAsync(context.CancellationToken) is not null;
            var watcher = new RelationshipWatcher(context.Client, store, options);
            if (context.Get(once))
            {
                var events = await watcher.PollAsync(context.CancellationToken);
                if (!hadCheckpoint && !context.Json)
                {
                    context.Error.MarkupLine("[grey]First poll: the current state is the baseline; the next run prints what changes.[/]");
                }

                foreach (var change in events)
                {
                    Write(context, change);
                }

                if (!context.Json && hadCheckpoint && events.Count == 0)
                {
                    context.Out.MarkupLine("[green]No relationship events since the last poll.[/]");
                }

                return ExitCodes.Success;
            }

            using var stop = span is { } d
                ? new CancellationTokenSource(d.ToTimeSpan(), context.Client.TimeProvider)
                : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, context.CancellationToken);
            if (!context.Json)
            {
                context.Error.MarkupLine($"[grey]Watching relationships ({(hadCheckpoint ? "resuming from the checkpoint" : "the first poll is the baseline")}); " +
                    $"polls every {DurationText(options.PendingInterval)} while something is pending, every {DurationText(options.IdleInterval)} otherwise.[/]");
            }

            var printed = 0;
            try
            {
                await foreach (var change in watcher.WatchAsync(linked.Token))
                {
                    Write(context, change);
                    if (++printed >= limit)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
            {
                if (!context.Json)
                {
                    context.Error.MarkupLine($"[grey]Stopped after {DurationText(span!.Value.ToTimeSpan())}: {printed} event(s).[/]");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(CommandContext context, RelationshipEvent change)
    {
        if (context.Json)
        {
            // One compact object a line (JSON Lines), so a script can read events as they arrive.
            var writer = context.Out.Profile.Out.Writer;
            writer.WriteLine(JsonSerializer.Serialize(RelationshipEventView.From(change), JsonLines));
            writer.Flush();
            return;
        }

        context.Out.MarkupLine($"{Cells.Time(change.OccurredAt)}  {Kind(change.Kind)}  {Cells.Escape(change.DisplayName)}  " +
            $"[grey]{Cells.Escape(change.Customer?.DisplayName ?? change.Customer?.TenantId ?? "unknown customer")}[/]  {Cells.Escape(change.Summary)}");
    }

    private static readonly JsonSerializerOptions JsonLines = new(JsonOutput.Options) { WriteIndented = false };

    private static string Kind(RelationshipEventKind kind)
    {
        var name = GraphNames.ToGraphName(kind);
        return kind switch
        {
            RelationshipEventKind.Approved or RelationshipEventKind.Activated or RelationshipEventKind.AutoExtended => $"[green]{name,-15}[/]",
            RelationshipEventKind.Expiring => $"[yellow]{name,-15}[/]",
            _ => $"[red]{name,-15}[/]",
        };
    }

    private static string DurationText(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? $"{span.TotalDays:0}d"
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{span.TotalHours:0}h"
        : $"{span.TotalMinutes:0.##}m";
}

internal sealed record RelationshipEventView(
    string Id,
    string Kind,
    string OccurredAt,
    string DetectedAt,
    string RelationshipId,
    string DisplayName,
    string? CustomerTenantId,
    string? CustomerName,
    string Status,
    string Summary)
{
    public static RelationshipEventView From(RelationshipEvent e) => new(
        e.Id,
        GraphNames.ToGraphName(e.Kind),
        Iso.Format(e.OccurredAt),
        Iso.Format(e.DetectedAt),
        e.RelationshipId,
        e.DisplayName,
        e.Customer?.TenantId,
        e.Customer?.DisplayName,
        GraphNames.ToGraphName(e.Relationship.Status),
        e.Summary);
}
