using System.CommandLine;
using NodaTime;
using PartnerAccess.Cli.Backends;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Cli.Rendering;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Graph.Notifications;
using PartnerAccess.Sdk.Notifications;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;
using Spectre.Console;

namespace PartnerAccess.Cli.Commands;

/// <summary>
/// <c>notify</c>: the expiry, auto-extension, clean-up and termination notices due now, through the SDK's notification
/// pipeline. <c>--dry-run</c> composes every message and sends none; otherwise Graph mail sends them once each.
/// </summary>
internal static class NotifyCommand
{
    private const string PartnerPlaceholder = "(partner recipients)";
    private const string CustomerPlaceholder = "(customer recipients)";

    public static Command Build(CliHost host)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the notices due now and their messages; send nothing, record nothing." };
        var partnerTo = new Option<string[]>("--partner-to") { Description = "A partner address that receives every partner notice; repeat for several.", Arity = ArgumentArity.ZeroOrMore };
        var customerTo = new Option<string[]>("--customer-to") { Description = "A customer's address: \"<tenant id>=<address>\"; repeat for several.", Arity = ArgumentArity.ZeroOrMore };
        var from = new Option<string?>("--from") { Description = "The mailbox notices are sent from (user id or UPN); needed to send." };
        var ledger = new Option<FileInfo?>("--ledger") { Description = "The JSON file that remembers what was sent, so each notice goes out once; needed to send.", HelpName = "file" };
        var partnerName = new Option<string?>("--partner-name") { Description = "Your company name, as customers see it in messages." };
        var showBody = new Option<bool>("--show-body") { Description = "Print each message's text body." };
        var command = new Command("notify", "Notices due now: expiring access, auto-extensions, approvals about to be cleaned up, terminations.")
        {
            dryRun, partnerTo, customerTo, from, ledger, partnerName, showBody,
        };
        host.Handle(command, async context =>
        {
            var isDryRun = context.Get(dryRun);
            var recipients = Recipients(context.Get(partnerTo) ?? [], context.Get(customerTo) ?? []);
            var sender = isDryRun ? null : MailSender(context, context.Get(from), context.Get(ledger));
            var recorder = new RecordingNotificationSender();
            INotificationLedger ledgerInUse = context.Get(ledger) is { } file ? new JsonFileNotificationLedger(file.FullName) : new InMemoryNotificationLedger();
            if (isDryRun)
            {
                ledgerInUse = new ReadOnlyLedger(ledgerInUse);
            }

            var composer = new NotificationComposer(new NotificationMessageOptions
            {
                PartnerDisplayName = context.Get(partnerName) ?? (context.Backend.Client is InMemoryPartnerAccessClient ? DemoPartner.PartnerName : null),
            });
            var dispatcher = new NotificationDispatcher(
                new NotificationPlanner(),
                ledgerInUse,
                sender is null ? [recorder] : [recorder, sender],
                isDryRun ? new DryRunRecipients(recipients) : recipients,
                composer,
                context.Client.TimeProvider);
            var relationships = await context.Client.ListRelationshipsAsync(null, context.CancellationToken).ToListAsync(context.CancellationToken);
            var run = await dispatcher.DispatchAsync(relationships, LoadAssignments(context.Client), context.CancellationToken);

            var messages = recorder.Messages.ToDictionary(m => m.Key!, StringComparer.Ordinal);
            var rows = run.Outcomes.Select(o => new NoticeView(
                GraphNames.ToGraphName(o.Notice.Kind),
                GraphNames.ToGraphName(o.Notice.Audience),
                o.Notice.Relationship.Id,
                o.Notice.Relationship.DisplayName,
                o.Notice.CustomerTenantId,
                o.Notice.DaysLeft,
                Iso.Format(o.Notice.WindowEnd),
                o.Notice.DedupeKey,
                isDryRun && o.Delivery == NotificationDelivery.Sent ? "wouldSend" : GraphNames.ToGraphName(o.Delivery),
                messages.GetValueOrDefault(o.Notice.DedupeKey)?.Recipients ?? [],
                messages.GetValueOrDefault(o.Notice.DedupeKey)?.Subject,
                messages.GetValueOrDefault(o.Notice.DedupeKey)?.TextBody,
                o.Error)).ToList();

            if (context.Json)
            {
                context.WriteJson(new { ranAt = Iso.Format(run.RanAt), dryRun = isDryRun, notices = rows });
            }
            else
            {
                Write(context, rows, isDryRun, context.Get(showBody));
            }

            return run.FailedCount > 0 ? ExitCodes.ServiceError : ExitCodes.Success;
        });
        return command;
    }

    private static NotificationRecipients Recipients(string[] partner, string[] customer)
    {
        var recipients = new NotificationRecipients();
        foreach (var address in partner)
        {
            recipients.Partner.Add(address);
        }

        foreach (var entry in customer)
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !Guid.TryParse(parts[0], out _) || parts[1].Length == 0)
            {
                throw new UsageException($"--customer-to needs \"<tenant id>=<address>\"; '{entry}' is not.");
            }

            if (!recipients.Customer.TryGetValue(parts[0], out var list))
            {
                list = new List<string>();
                recipients.Customer[parts[0]] = list;
            }

            list.Add(parts[1]);
        }

        return recipients;
    }

    private static GraphMailNotificationSender MailSender(CommandContext context, string? from, FileInfo? ledger)
    {
        if (context.Client is not GraphPartnerAccessClient graph)
        {
            throw new UsageException("The demo partner cannot send mail. Use --dry-run, or --emulator/--tenant with --from and --ledger.");
        }

        if (string.IsNullOrWhiteSpace(from) || ledger is null)
        {
            throw new UsageException("Sending needs --from <mailbox> and --ledger <file> (so each notice goes out once); or use --dry-run.");
        }

        return new GraphMailNotificationSender(graph.Graph, new GraphMailOptions { Mailbox = from }, context.Client.TimeProvider);
    }

    private static AccessAssignmentLoader LoadAssignments(IPartnerAccessClient client) => async (relationship, cancellationToken) =>
        await client.ListAccessAssignmentsAsync(relationship.Id, null, cancellationToken).ToListAsync(cancellationToken);

    private static void Write(CommandContext context, IReadOnlyList<NoticeView> rows, bool dryRun, bool showBody)
    {
        if (rows.Count == 0)
        {
            context.Out.MarkupLine("[green]No notices are due.[/]");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title(dryRun ? "Notices due (dry run: nothing sent)" : "Notices");
        table.AddColumn(new TableColumn("Notice").NoWrap());
        table.AddColumn(new TableColumn("For").NoWrap());
        table.AddColumn("Relationship");
        table.AddColumn("Subject");
        table.AddColumn(new TableColumn("Delivery").NoWrap());
        foreach (var row in rows)
        {
            table.AddRow(
                Cells.Escape(row.Kind),
                Cells.Escape(row.Audience),
                Cells.Escape(row.RelationshipName),
                Cells.Escape(row.Subject ?? "-"),
                row.Delivery switch
                {
                    "sent" => "[green]sent[/]",
                    "wouldSend" => "[blue]would send[/]",
                    "failed" => "[red]failed[/]",
                    _ => "[grey]" + Cells.Escape(row.Delivery) + "[/]",
                });
        }

        context.Out.Write(table);
        context.Out.MarkupLine($"[grey]{rows.Count} notice(s).{(dryRun ? " Without --partner-to/--customer-to, recipients show as placeholders." : string.Empty)}[/]");
        if (showBody)
        {
            foreach (var row in rows.Where(r => r.TextBody is not null))
            {
                context.Out.Write(new Panel(new Text(row.TextBody!)).Header(Cells.Escape(row.Subject ?? row.Kind)).Border(BoxBorder.Rounded));
            }
        }
    }

    /// <summary>Consults the real ledger, so the dry run shows what a real run would skip, but records nothing.</summary>
    private sealed class ReadOnlyLedger(INotificationLedger inner) : INotificationLedger
    {
        public Task<bool> ContainsAsync(string key, CancellationToken cancellationToken = default) => inner.ContainsAsync(key, cancellationToken);

        public Task RecordAsync(NotificationLedgerEntry entry, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<int> PruneAsync(Instant sentBefore, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }

    /// <summary>The configured recipients, or a placeholder, so a dry run composes every message.</summary>
    private sealed class DryRunRecipients(NotificationRecipients configured) : INotificationRecipientResolver
    {
        public async Task<IReadOnlyList<string>> ResolveAsync(Notice notice, CancellationToken cancellationToken = default)
        {
            var found = await configured.ResolveAsync(notice, cancellationToken);
            return found.Count > 0 ? found : [notice.Audience == NotificationAudience.Partner ? PartnerPlaceholder : CustomerPlaceholder];
        }
    }
}

internal sealed record NoticeView(
    string Kind,
    string Audience,
    string RelationshipId,
    string RelationshipName,
    string? CustomerTenantId,
    int? DaysLeft,
    string? WindowEnd,
    string DedupeKey,
    string Delivery,
    IReadOnlyList<string> Recipients,
    string? Subject,
    string? TextBody,
    string? Error);
