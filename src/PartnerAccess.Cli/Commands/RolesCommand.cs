using System.CommandLine;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Cli.Rendering;
using PartnerAccess.Sdk.Access;
using Spectre.Console;

namespace PartnerAccess.Cli.Commands;

/// <summary><c>roles</c>: the built-in roles GDAP can delegate, from the SDK's catalog, for --role.</summary>
internal static class RolesCommand
{
    public static Command Build(CliHost host)
    {
        var workload = new Option<Workload?>("--workload") { Description = "Only roles that serve this workload, least privileged first." };
        var command = new Command("roles", "List the roles GDAP can delegate (names and ids for --role).") { workload };
        host.Handle(command, context =>
        {
            var catalog = RoleCatalog.Default;
            var roles = context.Get(workload) is { } w
                ? catalog.ForWorkload(w)
                : catalog.Roles.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
            if (context.Json)
            {
                context.WriteJson(roles.Select(r => new
                {
                    id = r.TemplateId.ToString("D"),
                    name = r.Name,
                    workloads = r.Workloads.Select(x => x.ToString()).ToList(),
                    privileged = r.IsPrivileged,
                }).ToList());
                return Task.FromResult(ExitCodes.Success);
            }

            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumns("Role", "Template id", "Workloads", "Privileged");
            foreach (var role in roles)
            {
                table.AddRow(
                    Cells.Escape(role.Name),
                    role.TemplateId.ToString("D"),
                    Cells.Escape(string.Join(", ", role.Workloads)),
                    role.IsPrivileged ? "[red]yes[/]" : "no");
            }

            context.Out.Write(table);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
