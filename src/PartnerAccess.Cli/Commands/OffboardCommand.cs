using System.CommandLine;
using System.Text;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Cli.Rendering;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Lifecycle;
using Spectre.Console;

namespace PartnerAccess.Cli.Commands;

/// <summary>
/// <c>offboard</c>: removes a customer's access assignments, terminates its active relationships and deletes the ones
/// never sent for approval, after showing the plan and asking; idempotent, and leaves an audit record.
/// </summary>
internal static class OffboardCommand
{
    public static Command Build(CliHost host)
    {
        var customer = new Option<string>("--customer") { Description = "The customer's tenant id.", Required = true, HelpName = "tenant id" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the plan and change nothing." };
        var auditLog = new Option<FileInfo?>("--audit-log") { Description = "Append the offboarding's audit record to this JSON Lines file.", HelpName = "file" };
        var yes = Arguments.Yes();
        var command = new Command("offboard", "End all delegated access to a customer: remove its assignments, terminate or delete its relationships.")
        {
            customer, dryRun, auditLog, yes,
        };
        host.Handle(command, async context =>
        {
            var offboarder = new CustomerOffboarder(context.Client);
            var plan = await offboarder.PlanAsync(context.Get(customer)!, context.CancellationToken);
            if (!context.Json)
            {
                WritePlan(context, plan);
            }

            if (context.Get(dryRun) || plan.Writes == 0)
            {
                if (context.Json)
                {
                    context.WriteJson(View(plan, null, dryRun: context.Get(dryRun)));
                }
                else
                {
                    context.Out.MarkupLine(plan.Writes == 0
                        ? $"[green]Nothing to change:[/] {Cells.Escape(plan.CustomerName ?? plan.CustomerTenantId)} has no access left to remove."
                        : "Dry run: nothing was changed.");
                }

                return ExitCodes.Success;
            }

            if (!Arguments.Confirm(context, yes, $"Make {plan.Writes} change(s) to offboard {plan.CustomerName ?? plan.CustomerTenantId}? This cannot be undone."))
            {
                context.Error.MarkupLine("Nothing was changed.");
                return ExitCodes.Cancelled;
            }

            var result = await offboarder.ExecuteAsync(plan, context.CancellationToken);
            if (context.Get(auditLog) is { } file)
            {
                await using var writer = new StreamWriter(file.FullName, append: true, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                await AuditRecordJsonLines.WriteAsync([result.Audit], writer, context.CancellationToken);
            }

            if (context.Json)
            {
                context.WriteJson(View(plan, result, dryRun: false));
            }
            else
            {
                context.Out.MarkupLine($"[green]Done:[/] {Cells.Escape(result.Audit.Summary)}");
                context.Out.MarkupLine($"Audit record {Cells.Escape(result.Audit.Id)} ({GraphNamesFor(result.Audit.Kind)})" +
                    (context.Get(auditLog) is { } written ? $" appended to {Cells.Escape(written.FullName)}." : "."));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WritePlan(CommandContext context, OffboardingPlan plan)
    {
        if (plan.Steps.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"Offboarding {Cells.Escape(plan.CustomerName ?? plan.CustomerTenantId)}");
        table.AddColumn(new TableColumn("Step").NoWrap());
        table.AddColumn("What");
        foreach (var step in plan.Steps)
        {
            table.AddRow(step.IsWrite ? $"[red]{StepName(step.Kind)}[/]" : $"[grey]{StepName(step.Kind)}[/]", Cells.Escape(step.Description));
        }

        context.Out.Write(table);
    }

    private static object View(OffboardingPlan plan, OffboardingResult? result, bool dryRun) => new
    {
        customerTenantId = plan.CustomerTenantId,
        customerName = plan.CustomerName,
        dryRun,
        writes = plan.Writes,
        steps = plan.Steps.Select(s => new { kind = StepName(s.Kind), relationshipId = s.Relationship.Id, relationshipName = s.Relationship.DisplayName, accessAssignmentId = s.Assignment?.Id, description = s.Description }).ToList(),
        completed = result?.Completed.Count ?? 0,
        audit = result is null ? null : new { id = result.Audit.Id, kind = GraphNamesFor(result.Audit.Kind), occurredAt = Iso.Format(result.Audit.OccurredAt), summary = result.Audit.Summary, details = result.Audit.Details },
    };

    private static string StepName(OffboardingStepKind kind) => kind switch
    {
        OffboardingStepKind.DeleteAssignment => "deleteAssignment",
        OffboardingStepKind.TerminateRelationship => "terminateRelationship",
        OffboardingStepKind.DeleteRelationship => "deleteRelationship",
        _ => "note",
    };

    private static string GraphNamesFor(AuditRecordKind kind) => PartnerAccess.Sdk.Relationships.GraphNames.ToGraphName(kind);
}
