using System.CommandLine;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Cli.Rendering;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Time;
using Spectre.Console;

namespace PartnerAccess.Cli.Commands;

/// <summary><c>templates list|validate</c>: the SDK's starter access tiers, and checking template files.</summary>
internal static class TemplatesCommand
{
    public static Command Build(CliHost host)
    {
        var command = new Command("templates", "Access templates: the starter tiers, and checking your own template files.");
        command.Subcommands.Add(List(host));
        command.Subcommands.Add(Validate(host));
        return command;
    }

    internal static TemplateView View(AccessTemplate t) => new(
        t.Name,
        t.Description,
        t.Roles.Select(RoleView.From).ToList(),
        GdapDurations.Format(t.Duration),
        t.AutoExtend,
        t.Groups.Select(g => new TemplateGroupView(g.Label, g.SecurityGroupId, g.Roles.Select(r => r.Name).ToList())).ToList());

    private static Command List(CliHost host)
    {
        var file = new Option<FileInfo?>("--file", "-f") { Description = "List the templates in this JSON file instead of the starters." };
        var command = new Command("list", "List the starter templates (or the templates in a file).") { file };
        host.Handle(command, async context =>
        {
            var templates = context.Get(file) is { } path ? await TemplateFiles.LoadAsync(path, context.CancellationToken) : StarterTemplates.All;
            if (context.Json)
            {
                context.WriteJson(templates.Select(View).ToList());
                return ExitCodes.Success;
            }

            WriteTable(context, templates);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Validate(CliHost host)
    {
        var file = new Argument<FileInfo>("file") { Description = "A template JSON file: one template, an array, or {\"templates\": [...]}." };
        var command = new Command("validate", "Check a template file against every template and GDAP rule; exit 2 lists each problem.") { file };
        host.Handle(command, async context =>
        {
            var templates = await TemplateFiles.LoadAsync(context.Get(file)!, context.CancellationToken);
            if (context.Json)
            {
                context.WriteJson(new { valid = true, templates = templates.Select(View).ToList() });
                return ExitCodes.Success;
            }

            context.Out.MarkupLine($"[green]Valid:[/] {templates.Count} template(s) in {Cells.Escape(context.Get(file)!.Name)}.");
            WriteTable(context, templates);
            if (templates.Any(t => !t.IsBound))
            {
                context.Out.MarkupLine("[grey]Bind each group slot to a partner security group with --bind \"<slot>=<group id>\" when you plan.[/]");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteTable(CommandContext context, IReadOnlyList<AccessTemplate> templates)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("Template").NoWrap());
        table.AddColumn("Roles");
        table.AddColumn(new TableColumn("Length").NoWrap());
        table.AddColumn(new TableColumn("Auto-extend").NoWrap());
        table.AddColumn("Groups (slot: roles)");
        foreach (var t in templates)
        {
            var groups = string.Join(Environment.NewLine, t.Groups.Select(g =>
                $"{Cells.Escape(g.SecurityGroupId ?? g.Label ?? "?")}{(g.SecurityGroupId is null ? " [yellow](unbound)[/]" : string.Empty)}: {(g.Roles.Count == t.Roles.Count ? "all roles" : Cells.Escape(string.Join(", ", g.Roles.Select(r => r.Name))))}"));
            table.AddRow(
                Cells.Escape(t.Name),
                Cells.Roles(t.Roles),
                $"{t.Duration.Days} days",
                t.AutoExtend ? "[blue]on[/]" : "off",
                groups);
        }

        context.Out.Write(table);
    }
}

internal sealed record TemplateGroupView(string? Label, string? SecurityGroupId, IReadOnlyList<string> Roles);

internal sealed record TemplateView(string Name, string? Description, IReadOnlyList<RoleView> Roles, string Duration, bool AutoExtend, IReadOnlyList<TemplateGroupView> Groups);

/// <summary>Reads template files; a missing file is a usage error, a broken one the SDK's validation error.</summary>
internal static class TemplateFiles
{
    public static async Task<IReadOnlyList<AccessTemplate>> LoadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new UsageException($"The template file '{file.FullName}' does not exist.");
        }

        await using var stream = file.OpenRead();
        return await AccessTemplate.LoadAsync(stream, cancellationToken: cancellationToken);
    }
}
