using System.CommandLine;
using NodaTime;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Cli.Rendering;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;
using Spectre.Console;

namespace PartnerAccess.Cli.Commands;

/// <summary><c>relationships list|show|create|lock|terminate</c>.</summary>
internal static class RelationshipsCommand
{
    public static Command Build(CliHost host)
    {
        var command = new Command("relationships", "List, inspect, request, lock and terminate GDAP relationships.");
        command.Aliases.Add("rel");
        command.Subcommands.Add(List(host));
        command.Subcommands.Add(Show(host));
        command.Subcommands.Add(Create(host));
        command.Subcommands.Add(Lock(host));
        command.Subcommands.Add(Terminate(host));
        return command;
    }

    private static Command List(CliHost host)
    {
        var status = new Option<RelationshipStatus[]>("--status", "-s")
        {
            Description = "Only these statuses, for example active or approvalPending; repeat for several.",
            Arity = ArgumentArity.ZeroOrMore,
            CustomParser = result => result.Tokens
                .Select(t => (Text: t.Value, Status: GraphNames.Parse<RelationshipStatus>(t.Value)))
                .Where(s =>
                {
                    if (s.Status == RelationshipStatus.Unknown)
                    {
                        result.AddError($"'{s.Text}' is not a relationship status; use created, approvalPending, approved, activating, active, expiring, expired, terminationRequested, terminating or terminated.");
                    }

                    return s.Status != RelationshipStatus.Unknown;
                })
                .Select(s => s.Status)
                .ToArray(),
        };
        var customer = new Option<string?>("--customer") { Description = "Only this customer tenant id." };
        var name = new Option<string?>("--name") { Description = "Only this display name." };
        var command = new Command("list", "List relationships.") { status, customer, name };
        host.Handle(command, async context =>
        {
            var statuses = context.Get(status) ?? [];
            var query = new RelationshipQuery
            {
                Statuses = statuses.Length > 0 ? statuses : null,
                CustomerTenantId = context.Get(customer),
                DisplayName = context.Get(name),
            };
            var relationships = (await context.Client.ListRelationshipsAsync(query, context.CancellationToken).ToListAsync(context.CancellationToken))
                .OrderBy(r => r.DisplayName, StringComparer.OrdinalIgnoreCase)
                .ThenBy(r => r.Id, StringComparer.Ordinal)
                .ToList();
            var now = context.Now;
            if (context.Json)
            {
                context.WriteJson(relationships.Select(r => RelationshipView.From(r, now)).ToList());
                return ExitCodes.Success;
            }

            WriteTable(context, relationships, now);
            return ExitCodes.Success;
        });
        return command;
    }

    internal static void WriteTable(CommandContext context, IReadOnlyList<Relationship> relationships, Instant now)
    {
        var table = new Table().Border(TableBorder.Rounded).Expand();
        table.AddColumn("Relationship");
        table.AddColumn("Customer");
        table.AddColumn(new TableColumn("Status").NoWrap());
        table.AddColumn(new TableColumn("Roles").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("Ends").NoWrap());
        table.AddColumn(new TableColumn("Days left").RightAligned().NoWrap());
        foreach (var r in relationships)
        {
            table.AddRow(
                Cells.Escape(r.DisplayName) + (r.IsResellerRelationship ? " [grey](reseller)[/]" : string.Empty),
                Cells.Customer(r),
                Cells.Status(r.Status),
                Cells.RoleCount(r.Roles),
                Cells.Date(r.Status is RelationshipStatus.Active or RelationshipStatus.Expiring or RelationshipStatus.Expired ? r.EndsAt : null),
                Cells.DaysLeft(r, now));
        }

        context.Out.Write(table);
        context.Out.MarkupLine($"[grey]{relationships.Count} relationship(s) on {Cells.Escape(context.Backend.Description)}, as of {Cells.Time(now)} UTC.[/]");
    }

    private static Command Show(CliHost host)
    {
        var relationship = Arguments.Relationship();
        var command = new Command("show", "Show one relationship with its access assignments and requests.") { relationship };
        host.Handle(command, async context =>
        {
            var found = await Arguments.ResolveRelationshipAsync(context, context.Get(relationship)!);
            var assignments = await context.Client.ListAccessAssignmentsAsync(found.Id, null, context.CancellationToken).ToListAsync(context.CancellationToken);
            var requests = await context.Client.ListRequestsAsync(found.Id, context.CancellationToken).ToListAsync(context.CancellationToken);
            var now = context.Now;
            if (context.Json)
            {
                context.WriteJson(new
                {
                    relationship = RelationshipView.From(found, now),
                    accessAssignments = assignments.Select(a => AssignmentView.From(a, context.Backend.SecurityGroupNames.GetValueOrDefault(a.SecurityGroupId))).ToList(),
                    requests = requests.Select(RequestView.From).ToList(),
                });
                return ExitCodes.Success;
            }

            WriteDetails(context, found, now);
            if (assignments.Count > 0)
            {
                context.Out.WriteLine();
                AssignmentsCommand.WriteTable(context, assignments);
            }

            if (requests.Count > 0)
            {
                var table = new Table().Border(TableBorder.Simple).Title("Requests");
                table.AddColumns("Created", "Action", "Status");
                foreach (var request in requests)
                {
                    table.AddRow(Cells.Time(request.CreatedAt), GraphNames.ToGraphName(request.Action), GraphNames.ToGraphName(request.Status));
                }

                context.Out.Write(table);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static void WriteDetails(CommandContext context, Relationship r, Instant now)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[grey]Id[/]", Cells.Escape(r.Id));
        grid.AddRow("[grey]Status[/]", Cells.Status(r.Status));
        grid.AddRow("[grey]Customer[/]", r.Customer is { } c ? $"{Cells.Escape(c.DisplayName ?? "-")} ({Cells.Escape(c.TenantId)})" : "[grey](any customer may approve)[/]");
        grid.AddRow("[grey]Roles[/]", Cells.Roles(r.Roles));
        grid.AddRow("[grey]Length[/]", $"{r.Window.LengthInDays} days" + (r.Window.AutoExtends ? ", [blue]auto-extends by 180 days[/]" : ", no auto-extend"));
        grid.AddRow("[grey]Created[/]", Cells.Time(r.CreatedAt) + " UTC");
        if (r.ActivatedAt is not null)
        {
            grid.AddRow("[grey]Active[/]", $"{Cells.Time(r.ActivatedAt)} to {Cells.Time(r.EndsAt)} UTC");
        }

        if (r.Status == RelationshipStatus.Active)
        {
            grid.AddRow("[grey]Days left[/]", Cells.DaysLeft(r, now));
        }

        if (r.IsResellerRelationship)
        {
            grid.AddRow("[grey]Indirect provider[/]", Cells.Escape(r.IndirectProviderTenantId) + (r.IsPartnerConsentPending == true ? " [yellow](your consent is pending)[/]" : string.Empty));
        }

        if (r.Status is RelationshipStatus.Created or RelationshipStatus.ApprovalPending)
        {
            grid.AddRow("[grey]Approval link[/]", Cells.Escape(r.ApprovalLink.ToString()));
        }

        context.Out.Write(new Panel(grid).Header(Cells.Escape(r.DisplayName)).Border(BoxBorder.Rounded));
    }

    private static Command Create(CliHost host)
    {
        var name = new Option<string>("--name") { Description = "The display name the customer sees (at most 50 characters, unique).", Required = true };
        var customer = new Option<string?>("--customer") { Description = "The customer tenant id; leave out to let any customer approve." };
        var customerName = new Option<string?>("--customer-name") { Description = "The customer's name, for your own lists." };
        var duration = Arguments.Span("--duration", "How long access lasts once approved, 1 to 730 days", Duration.FromDays(730));
        var roles = Arguments.Roles("The roles to ask for.");
        var autoExtend = new Option<bool>("--auto-extend") { Description = "Extend by 180 days at each end (never with Global Administrator)." };
        var lockIt = new Option<bool>("--lock") { Description = "Lock it for approval straight away and print the approval link." };
        var command = new Command("create", "Request a new relationship (status created).") { name, customer, customerName, duration, roles, autoExtend, lockIt };
        host.Handle(command, async context =>
        {
            var tenant = context.Get(customer);
            var request = new CreateRelationshipRequest
            {
                DisplayName = context.Get(name)!,
                Duration = context.Get(duration),
                Roles = context.Get(roles) ?? [],
                Customer = tenant is null ? null : new CustomerParticipant(tenant, context.Get(customerName)),
                AutoExtendDuration = context.Get(autoExtend) ? GdapDurations.AutoExtendPeriod : Duration.Zero,
            };
            var created = await context.Client.CreateRelationshipAsync(request, context.CancellationToken);
            RelationshipRequest? locked = null;
            if (context.Get(lockIt))
            {
                // The relationship was just created, so it is current: a state-aware client locks it without reading
                // it again, and the lock request says all there is to show (the service moves the status on its own).
                locked = context.Client is IStateAwareWriteCapability writer
                    ? await writer.LockForApprovalAsync(created, context.CancellationToken)
                    : await context.Client.LockForApprovalAsync(created.Id, context.CancellationToken);
            }

            var now = context.Now;
            if (context.Json)
            {
                context.WriteJson(new { relationship = RelationshipView.From(created, now), request = locked is null ? null : RequestView.From(locked) });
                return ExitCodes.Success;
            }

            context.Out.MarkupLine($"[green]Created[/] {Cells.Escape(created.DisplayName)}.");
            WriteDetails(context, created, now);
            if (locked is null)
            {
                context.Out.MarkupLine($"[grey]Lock it for approval with:[/] partner-access relationships lock {Cells.Escape(created.Id)}");
            }
            else
            {
                var pending = Cells.Status(RelationshipStatus.ApprovalPending);
                context.Out.MarkupLine(
                    $"[green]Locked[/] for approval (request {Cells.Escape(locked.Id)}, {GraphNames.ToGraphName(locked.Status)}): " +
                    (locked.Status == RelationshipRequestStatus.Succeeded ? $"it is {pending} now." : $"it turns {pending} once the service has processed the request."));
                context.Out.MarkupLine("Send the customer's Global Administrator the approval link above.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Lock(CliHost host)
    {
        var relationship = Arguments.Relationship();
        var command = new Command("lock", "Lock a created relationship for approval and print the link the customer approves at.") { relationship };
        host.Handle(command, async context =>
        {
            var found = await Arguments.ResolveRelationshipAsync(context, context.Get(relationship)!);
            var request = await context.Client.LockForApprovalAsync(found.Id, context.CancellationToken);
            if (context.Json)
            {
                context.WriteJson(new { request = RequestView.From(request), approvalLink = found.ApprovalLink.ToString() });
                return ExitCodes.Success;
            }

            context.Out.MarkupLine($"[green]Locked[/] {Cells.Escape(found.DisplayName)} for approval (request {Cells.Escape(request.Id)}, {GraphNames.ToGraphName(request.Status)}).");
            context.Out.MarkupLine("The customer's Global Administrator approves at:");
            context.Out.WriteLine("  " + found.ApprovalLink);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Terminate(CliHost host)
    {
        var relationship = Arguments.Relationship();
        var yes = Arguments.Yes();
        var command = new Command("terminate", "End an active relationship; its access assignments go with it.") { relationship, yes };
        host.Handle(command, async context =>
        {
            var found = await Arguments.ResolveRelationshipAsync(context, context.Get(relationship)!);
            if (!Arguments.Confirm(context, yes, $"Terminate '{found.DisplayName}'? The partner loses its roles in the customer tenant."))
            {
                context.Error.MarkupLine("Nothing was changed.");
                return ExitCodes.Cancelled;
            }

            var request = await context.Client.TerminateRelationshipAsync(found.Id, context.CancellationToken);
            var after = await context.Client.GetRelationshipAsync(found.Id, context.CancellationToken);
            if (context.Json)
            {
                context.WriteJson(new { request = RequestView.From(request), relationship = RelationshipView.From(after, context.Now) });
                return ExitCodes.Success;
            }

            context.Out.MarkupLine($"[green]Termination requested[/] for {Cells.Escape(found.DisplayName)}; it is now {Cells.Status(after.Status)}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
