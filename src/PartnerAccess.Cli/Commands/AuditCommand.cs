using System.CommandLine;
using NodaTime;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Cli.Rendering;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using Spectre.Console;

namespace PartnerAccess.Cli.Commands;

/// <summary><c>audit signins|changes</c>: who signed in to customer tenants, and what changed in relationships.</summary>
internal static class AuditCommand
{
    public static Command Build(CliHost host)
    {
        var command = new Command("audit", "Read the audit trail: partner sign-ins into customer tenants, and relationship changes.");
        command.Subcommands.Add(SignIns(host));
        command.Subcommands.Add(Changes(host));
        return command;
    }

    private static Command SignIns(CliHost host)
    {
        var filters = new Filters();
        var failed = new Option<bool>("--failed") { Description = "Only failed sign-ins." };
        var export = new Export();
        var command = new Command("signins", "Partner sign-ins into customer tenants, newest first.") { failed };
        filters.AddTo(command, withRelationship: false);
        export.AddTo(command);
        host.Handle(command, async context =>
        {
            var query = filters.Query(context) with { Kinds = [AuditRecordKind.PartnerSignIn] };
            var records = (await ReadSignInsAsync(context, query))
                .Where(r => !context.Get(failed) || r.SignIn is { Succeeded: false })
                .OrderByDescending(r => r.OccurredAt)
                .ToList();
            if (await export.TryWriteAsync(context, records))
            {
                return ExitCodes.Success;
            }

            var customers = await CustomerNamesAsync(context);
            var table = new Table().Border(TableBorder.Rounded).Title("Partner sign-ins");
            table.AddColumn(new TableColumn("When (UTC)").NoWrap());
            table.AddColumns("User", "Customer", "App");
            table.AddColumn(new TableColumn("Result").NoWrap());
            foreach (var r in records)
            {
                var signIn = r.SignIn;
                table.AddRow(
                    Cells.Time(r.OccurredAt),
                    Cells.Escape(signIn?.UserDisplayName ?? signIn?.UserPrincipalName ?? r.Actor.ToString()),
                    Cells.Escape(Customer(customers, r.CustomerTenantId)),
                    Cells.Escape(signIn?.AppDisplayName ?? "-"),
                    signIn is null || signIn.Succeeded ? "[green]success[/]" : $"[red]failed {signIn.ErrorCode}[/]");
            }

            context.Out.Write(table);
            context.Out.MarkupLine($"[grey]{records.Count} sign-in(s).[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Changes(CliHost host)
    {
        var filters = new Filters();
        var export = new Export();
        var command = new Command("changes", "Relationship and access assignment changes, oldest first: the client's lifecycle records (for Graph, rebuilt from its requests, operations and assignments) and, where the backend has just-in-time access, the elevations, revocations and expiries, one per event.");
        filters.AddTo(command, withRelationship: true);
        export.AddTo(command);
        host.Handle(command, async context =>
        {
            var changeKinds = Enum.GetValues<AuditRecordKind>().Where(k => k is not (AuditRecordKind.PartnerSignIn or AuditRecordKind.Unknown)).ToList();
            var query = filters.Query(context) with { Kinds = changeKinds };
            var records = await ReadChangesAsync(context, query);
            if (await export.TryWriteAsync(context, records))
            {
                return ExitCodes.Success;
            }

            var customers = await CustomerNamesAsync(context);
            var table = new Table().Border(TableBorder.Rounded).Title("Changes");
            table.AddColumn(new TableColumn("When (UTC)").NoWrap());
            table.AddColumn(new TableColumn("What").NoWrap());
            table.AddColumns("By", "Customer", "Summary");
            foreach (var r in records)
            {
                table.AddRow(
                    Cells.Time(r.OccurredAt),
                    GraphNames.ToGraphName(r.Kind),
                    Cells.Escape(Actor(context, r.Actor)),
                    Cells.Escape(Customer(customers, r.CustomerTenantId)),
                    Cells.Escape(Summary(context, r)));
            }

            context.Out.Write(table);
            context.Out.MarkupLine($"[grey]{records.Count} change(s).[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The SDK's change trail; with the just-in-time elevations when the backend has PIM for Groups. Without a PIM
    /// licence or permission the lifecycle records still stand, as in <c>report</c>.
    /// </summary>
    private static async Task<IReadOnlyList<AuditRecord>> ReadChangesAsync(CommandContext context, AuditQuery query)
    {
        var ct = context.CancellationToken;
        if (context.Backend.JustInTime is not { } access)
        {
            return await ChangeTrail.BuildAsync(context.Client, query, cancellationToken: ct);
        }

        try
        {
            return await ChangeTrail.BuildWithElevationsAsync(context.Client, access, query, context.Backend.PartnerTenantId, cancellationToken: ct);
        }
        catch (PartnerAccessException exception) when (exception.ErrorCode is PartnerAccessErrorCode.Unauthorized)
        {
            // Read again without PIM: when the lifecycle itself was refused, this throws that error.
            var records = await ChangeTrail.BuildAsync(context.Client, query, cancellationToken: ct);
            context.Error.MarkupLine($"[grey]Just-in-time elevations left out: {Cells.Escape(exception.Message)}[/]");
            return records;
        }
    }

    /// <summary>An elevation's summary with the user's and the group's names where the backend knows them; others as they are.</summary>
    private static string Summary(CommandContext context, AuditRecord record)
    {
        var summary = record.Summary ?? string.Empty;
        if (record.Kind is not (AuditRecordKind.ElevationActivated or AuditRecordKind.ElevationRevoked or AuditRecordKind.ElevationExpired))
        {
            return summary;
        }

        if (record.Details.TryGetValue("principalId", out var user))
        {
            summary = summary.Replace(user, context.Backend.UserName(user), StringComparison.OrdinalIgnoreCase);
        }

        return record.Details.TryGetValue("groupId", out var group)
            ? summary.Replace($"group {group}", context.Backend.GroupName(group), StringComparison.OrdinalIgnoreCase)
            : summary;
    }

    /// <summary>A partner user's name where the backend knows it (PIM records carry only the object id).</summary>
    private static string Actor(CommandContext context, AuditActor actor) =>
        actor.DisplayName is null && actor.Id is { } id && context.Backend.UserNames.TryGetValue(id, out var name) ? name : actor.ToString();

    /// <summary>
    /// The demo's client holds sign-ins among its audit records; Graph keeps them in each customer tenant's sign-in
    /// log, read through the SDK's <see cref="PartnerAccess.Sdk.Graph.Audit.PartnerSignInReader"/>.
    /// </summary>
    private static async Task<IReadOnlyList<AuditRecord>> ReadSignInsAsync(CommandContext context, AuditQuery query)
    {
        var backend = context.Backend;
        if (backend.HasSignIns || backend.OpenSignInReader is null)
        {
            return await context.Client.ListAuditRecordsAsync(query, context.CancellationToken).ToListAsync(context.CancellationToken);
        }

        if (query.CustomerTenantId is not { } customer)
        {
            throw new UsageException("Sign-ins are read from one customer tenant's sign-in log at a time: add --customer <tenant id>.");
        }

        var now = context.Now;
        var (reader, owner) = backend.OpenSignInReader(customer);
        using (owner)
        {
            return (await reader.ReadAsync(query.From ?? now - Duration.FromDays(30), now, context.CancellationToken).ToListAsync(context.CancellationToken))
                .Select(r => r with { CustomerTenantId = r.CustomerTenantId ?? customer })
                .ToList();
        }
    }

    private static string Customer(IReadOnlyDictionary<string, string> names, string? tenantId) =>
        tenantId is null ? "-" : names.GetValueOrDefault(tenantId, tenantId);

    private static async Task<IReadOnlyDictionary<string, string>> CustomerNamesAsync(CommandContext context)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var relationship in context.Client.ListRelationshipsAsync(null, context.CancellationToken))
        {
            if (relationship.Customer is { DisplayName: { } name } customer)
            {
                names[customer.TenantId] = name;
            }
        }

        return names;
    }

    /// <summary>--format csv|jsonl and --out: the SDK's audit exports, for spreadsheets and log pipelines.</summary>
    private sealed class Export
    {
        private readonly Option<string?> _format = new("--format", "-f")
        {
            Description = "table (default), csv or jsonl (one JSON record per line). --output json alone means a JSON array.",
        };

        private readonly Option<FileInfo?> _out = new("--out") { Description = "Write the export to this file.", HelpName = "file" };

        public void AddTo(Command command)
        {
            _format.AcceptOnlyFromAmong("table", "csv", "jsonl");
            command.Options.Add(_format);
            command.Options.Add(_out);
        }

        /// <summary>Writes the records as an export (csv, jsonl) or a JSON array (-o json); false when a table is wanted.</summary>
        public async Task<bool> TryWriteAsync(CommandContext context, IReadOnlyList<AuditRecord> records)
        {
            var format = context.Get(_format);
            var file = context.Get(_out);
            if (format is null or "table")
            {
                if (file is not null)
                {
                    throw new UsageException("--out needs --format csv or jsonl.");
                }

                if (!context.Json)
                {
                    return false;
                }

                context.WriteJson(records.Select(AuditRecordView.From).ToList());
                return true;
            }

            var writer = file is null ? context.Out.Profile.Out.Writer : new StreamWriter(file.FullName, append: false);
            try
            {
                var count = format == "csv"
                    ? await AuditRecordCsv.WriteAsync(records, writer, cancellationToken: context.CancellationToken)
                    : await AuditRecordJsonLines.WriteAsync(records, writer, context.CancellationToken);
                await writer.FlushAsync(context.CancellationToken);
                if (file is not null)
                {
                    context.Error.MarkupLine($"[green]Wrote[/] {count} record(s) to {Cells.Escape(file.FullName)}.");
                }
            }
            finally
            {
                if (file is not null)
                {
                    await writer.DisposeAsync();
                }
            }

            return true;
        }
    }

    /// <summary>The filters both audit commands take.</summary>
    private sealed class Filters
    {
        private readonly Option<string?> _customer = new("--customer") { Description = "Only this customer tenant id." };
        private readonly Option<string?> _relationship = new("--relationship") { Description = "Only this relationship id." };
        private readonly Option<Duration?> _since = new("--since")
        {
            Description = $"Only the last span ({DurationText.Hint}).",
            HelpName = "span",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (DurationText.TryParse(text, out var duration) && duration >= Duration.Zero)
                {
                    return duration;
                }

                result.AddError($"'{text}' is not {DurationText.Hint}.");
                return null;
            },
        };

        public void AddTo(Command command, bool withRelationship)
        {
            command.Options.Add(_customer);
            command.Options.Add(_since);
            if (withRelationship)
            {
                command.Options.Add(_relationship);
            }
        }

        public AuditQuery Query(CommandContext context) => new()
        {
            CustomerTenantId = context.Get(_customer),
            RelationshipId = context.Get(_relationship),
            From = context.Get(_since) is { } since ? context.Now - since : null,
        };
    }
}
