using System.CommandLine;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Cli.Rendering;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using Spectre.Console;

namespace PartnerAccess.Cli.Commands;

/// <summary><c>assignments list|create|update|delete</c>: which partner security groups hold which roles.</summary>
internal static class AssignmentsCommand
{
    public static Command Build(CliHost host)
    {
        var command = new Command("assignments", "Give partner security groups roles of an active relationship, change them, take them away.");
        command.Subcommands.Add(List(host));
        command.Subcommands.Add(Create(host));
        command.Subcommands.Add(Update(host));
        command.Subcommands.Add(Delete(host));
        return command;
    }

    internal static void WriteTable(CommandContext context, IReadOnlyList<AccessAssignment> assignments)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Access assignments");
        table.AddColumn(new TableColumn("Assignment").NoWrap());
        table.AddColumns("Security group");
        table.AddColumn(new TableColumn("Status").NoWrap());
        table.AddColumn("Roles");
        table.AddColumn(new TableColumn("Created").NoWrap());
        foreach (var a in assignments)
        {
            var group = context.Backend.GroupName(a.SecurityGroupId);
            table.AddRow(
                Cells.Escape(a.Id),
                Cells.Escape(group),
                Cells.Status(a.Status),
                Cells.Roles(a.Roles),
                Cells.Date(a.CreatedAt));
        }

        context.Out.Write(table);
    }

    private static AssignmentView View(CommandContext context, AccessAssignment a) =>
        AssignmentView.From(a, context.Backend.SecurityGroupNames.GetValueOrDefault(a.SecurityGroupId));

    private static Command List(CliHost host)
    {
        var relationship = Arguments.Relationship();
        var includeDeleted = new Option<bool>("--include-deleted") { Description = "Also list deleted assignments." };
        var command = new Command("list", "List a relationship's access assignments.") { relationship, includeDeleted };
        host.Handle(command, async context =>
        {
            var found = await Arguments.ResolveRelationshipAsync(context, context.Get(relationship)!);
            var query = context.Get(includeDeleted)
                ? null
                : new AccessAssignmentQuery { Statuses = [AccessAssignmentStatus.Pending, AccessAssignmentStatus.Active, AccessAssignmentStatus.Deleting, AccessAssignmentStatus.Error] };
            var assignments = await context.Client.ListAccessAssignmentsAsync(found.Id, query, context.CancellationToken).ToListAsync(context.CancellationToken);
            if (context.Json)
            {
                context.WriteJson(assignments.Select(a => View(context, a)).ToList());
                return ExitCodes.Success;
            }

            context.Out.MarkupLine($"{Cells.Escape(found.DisplayName)} ({Cells.Status(found.Status)})");
            WriteTable(context, assignments);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Create(CliHost host)
    {
        var relationship = Arguments.Relationship();
        var group = new Option<string>("--group", "-g") { Description = "The partner security group's object id.", Required = true };
        var roles = Arguments.Roles("The roles to give; each must be one of the relationship's roles.");
        var command = new Command("create", "Give a partner security group some of an active relationship's roles.") { relationship, group, roles };
        host.Handle(command, async context =>
        {
            var found = await Arguments.ResolveRelationshipAsync(context, context.Get(relationship)!);
            var created = await context.Client.CreateAccessAssignmentAsync(found.Id, new CreateAccessAssignmentRequest
            {
                SecurityGroupId = context.Get(group)!,
                Roles = context.Get(roles) ?? [],
            }, context.CancellationToken);
            if (context.Json)
            {
                context.WriteJson(View(context, created));
                return ExitCodes.Success;
            }

            context.Out.MarkupLine($"[green]Assigned[/] {Cells.Roles(created.Roles)} to {Cells.Escape(context.Backend.GroupName(created.SecurityGroupId))} in {Cells.Escape(found.DisplayName)}: {Cells.Status(created.Status)}, assignment {Cells.Escape(created.Id)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Update(CliHost host)
    {
        var relationship = Arguments.Relationship();
        var assignment = new Argument<string>("assignment") { Description = "The access assignment id." };
        var roles = Arguments.Roles("The group's new roles (they replace the current ones).");
        var wait = new Option<bool>("--wait") { Description = "Wait until the service has applied the change." };
        var command = new Command("update", "Change the roles of an active access assignment.") { relationship, assignment, roles, wait };
        host.Handle(command, async context =>
        {
            var found = await Arguments.ResolveRelationshipAsync(context, context.Get(relationship)!);
            var current = await context.Client.GetAccessAssignmentAsync(found.Id, context.Get(assignment)!, context.CancellationToken);
            var outcome = await context.Client.UpdateAccessAssignmentAsync(current, context.Get(roles) ?? [], context.CancellationToken);
            var operation = outcome.Operation;
            if (operation is not null && context.Get(wait))
            {
                operation = await context.Client.WaitForOperationAsync(operation, cancellationToken: context.CancellationToken);
                if (operation.Status == OperationStatus.Failed)
                {
                    throw new PartnerAccessException(PartnerAccessErrorCode.ServiceError, $"The service could not change the roles (operation {operation.Id} failed).");
                }
            }

            if (context.Json)
            {
                context.WriteJson(new { accessAssignment = outcome.Value is { } value ? View(context, value) : null, operation = operation is null ? null : OperationView.From(operation) });
                return ExitCodes.Success;
            }

            if (operation is null)
            {
                context.Out.MarkupLine("The group already holds exactly these roles; nothing changed.");
            }
            else
            {
                context.Out.MarkupLine($"[green]Role change accepted[/]: operation {Cells.Escape(operation.Id)} is {GraphNames.ToGraphName(operation.Status)}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Delete(CliHost host)
    {
        var relationship = Arguments.Relationship();
        var assignment = new Argument<string>("assignment") { Description = "The access assignment id." };
        var yes = Arguments.Yes();
        var command = new Command("delete", "Take a security group's roles away (the assignment goes deleting, then deleted).") { relationship, assignment, yes };
        host.Handle(command, async context =>
        {
            var found = await Arguments.ResolveRelationshipAsync(context, context.Get(relationship)!);
            var current = await context.Client.GetAccessAssignmentAsync(found.Id, context.Get(assignment)!, context.CancellationToken);
            var group = context.Backend.GroupName(current.SecurityGroupId);
            if (!Arguments.Confirm(context, yes, $"Take {RoleList(current)} away from {group} in '{found.DisplayName}'?"))
            {
                context.Error.MarkupLine("Nothing was changed.");
                return ExitCodes.Cancelled;
            }

            await context.Client.DeleteAccessAssignmentAsync(current, context.CancellationToken);
            var after = await context.Client.GetAccessAssignmentAsync(found.Id, current.Id, context.CancellationToken);
            if (context.Json)
            {
                context.WriteJson(View(context, after));
                return ExitCodes.Success;
            }

            context.Out.MarkupLine($"[green]Removed[/] the roles of {Cells.Escape(group)}; the assignment is {Cells.Status(after.Status)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string RoleList(AccessAssignment assignment) => string.Join(", ", assignment.Roles.Select(r => r.Name));
}
