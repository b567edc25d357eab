using System.CommandLine;
using NodaTime;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Cli.Rendering;
using PartnerAccess.Sdk;
using Spectre.Console;

namespace PartnerAccess.Cli.Commands;

/// <summary><c>expiring --within 30d</c>: active relationships that will lapse (auto-extending ones never do).</summary>
internal static class ExpiringCommand
{
    public static Command Build(CliHost host)
    {
        var within = Arguments.Span("--within", "How far ahead to look", Duration.FromDays(30));
        var command = new Command("expiring", "List active relationships that lapse soon and will not extend themselves.") { within };
        host.Handle(command, async context =>
        {
            var span = context.Get(within);
            if (span < Duration.Zero)
            {
                throw new UsageException("--within cannot be negative.");
            }

            var expiring = (await context.Client.ListExpiringAsync(span, context.CancellationToken).ToListAsync(context.CancellationToken))
                .OrderBy(r => r.EndsAt)
                .ThenBy(r => r.DisplayName, StringComparer.OrdinalIgnoreCase)
                .ToList();
            var now = context.Now;
            if (context.Json)
            {
                context.WriteJson(expiring.Select(r => RelationshipView.From(r, now)).ToList());
                return ExitCodes.Success;
            }

            if (expiring.Count == 0)
            {
                context.Out.MarkupLine($"[green]Nothing lapses within {span.Days} days.[/]");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded).Title($"Lapsing within {span.Days} days");
            table.AddColumn("Relationship");
            table.AddColumn("Customer");
            table.AddColumn(new TableColumn("Ends (UTC)").NoWrap());
            table.AddColumn(new TableColumn("Days left").RightAligned().NoWrap());
            table.AddColumn(new TableColumn("Roles").RightAligned().NoWrap());
            foreach (var r in expiring)
            {
                table.AddRow(Cells.Escape(r.DisplayName), Cells.Customer(r), Cells.Time(r.EndsAt), Cells.DaysLeft(r, now), Cells.RoleCount(r.Roles));
            }

            context.Out.Write(table);
            var withGlobalAdministrator = expiring.Count(r => r.HasGlobalAdministrator);
            context.Out.MarkupLine($"[grey]{expiring.Count} relationship(s) lapse by {Cells.Date(now + span)}." +
                (withGlobalAdministrator > 0 ? $" {withGlobalAdministrator} hold Global Administrator: renew them with fewer roles." : string.Empty) + "[/]");
            return ExitCodes.Success;
        });
        return command;
    }
}
