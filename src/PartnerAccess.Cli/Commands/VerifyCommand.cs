using System.CommandLine;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Cli.Rendering;
using PartnerAccess.Sdk.Groups;
using PartnerAccess.Sdk.Lifecycle;
using PartnerAccess.Sdk.Planning;
using Spectre.Console;

namespace PartnerAccess.Cli.Commands;

/// <summary>
/// <c>verify</c>: one readiness verdict per customer (ready, provisioning, waitingForCustomer, broken) with the reasons,
/// plus the partner's group health; the exit code is the worst verdict, for scripts.
/// </summary>
internal static class VerifyCommand
{
    public static Command Build(CliHost host)
    {
        var input = new DesiredStateInput();
        var command = new Command("verify",
            "Is each customer ready? Checks the templates' relationships, roles, assignments and groups. " +
            "Exit code 0 ready, 10 provisioning, 11 waiting for the customer, 12 broken.");
        input.AddTo(command);
        host.Handle(command, async context =>
        {
            var desired = await input.BuildAsync(context);
            var readiness = await ReadinessOutput.CheckAsync(context, desired);
            var health = context.Backend.Groups is { } groups
                ? await new GroupHealthCheck(context.Client, groups).CheckAsync(desired, null, context.CancellationToken)
                : [];
            var worst = ReadinessChecker.Worst(readiness);
            if (context.Json)
            {
                context.WriteJson(new
                {
                    verdict = ReadinessOutput.Name(worst),
                    exitCode = ExitCodes.For(worst),
                    customers = readiness.Select(ReadinessOutput.View).ToList(),
                    groupHealth = health.Select(HealthView).ToList(),
                });
            }
            else
            {
                ReadinessOutput.WriteTable(context, readiness, includeReady: true);
                WriteHealth(context, health);
                context.Out.MarkupLine($"Verdict: {ReadinessOutput.Markup(worst)} (exit code {ExitCodes.For(worst)}).");
            }

            return ExitCodes.For(worst);
        });
        return command;
    }

    internal static void WriteHealth(CommandContext context, IReadOnlyList<GroupHealthFinding> findings)
    {
        if (findings.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("Group health");
        table.AddColumn("Finding");
        table.AddColumn("Group");
        table.AddColumn("What");
        foreach (var finding in findings)
        {
            table.AddRow(
                finding.Kind == GroupHealthFindingKind.RolesDiffer ? "[yellow]rolesDiffer[/]" : $"[red]{Cells.Escape(HealthKind(finding.Kind))}[/]",
                Cells.Escape(finding.GroupName ?? context.Backend.GroupName(finding.SecurityGroupId)),
                Cells.Escape(finding.Message));
        }

        context.Out.Write(table);
    }

    internal static object HealthView(GroupHealthFinding finding) => new
    {
        kind = HealthKind(finding.Kind),
        securityGroupId = finding.SecurityGroupId,
        groupName = finding.GroupName,
        relationshipId = finding.Relationship?.Id,
        relationshipName = finding.Relationship?.DisplayName,
        customerTenantId = finding.Relationship?.Customer?.TenantId,
        accessAssignmentId = finding.Assignment?.Id,
        templateName = finding.TemplateName,
        message = finding.Message,
    };

    private static string HealthKind(GroupHealthFindingKind kind) => kind switch
    {
        GroupHealthFindingKind.AccessContainerMissing => "accessContainerMissing",
        GroupHealthFindingKind.GroupEmpty => "groupEmpty",
        _ => "rolesDiffer",
    };
}

/// <summary>How readiness verdicts are computed and shown by verify, plan and apply.</summary>
internal static class ReadinessOutput
{
    public static async Task<IReadOnlyList<CustomerReadiness>> CheckAsync(CommandContext context, DesiredState desired)
    {
        var checker = new ReadinessChecker(context.Client, context.Backend.Groups);
        var results = new List<CustomerReadiness>();
        await foreach (var readiness in checker.CheckAsync(desired, context.CancellationToken))
        {
            results.Add(readiness);
        }

        return results;
    }

    public static string Name(ReadinessVerdict verdict) => verdict switch
    {
        ReadinessVerdict.Ready => "ready",
        ReadinessVerdict.Provisioning => "provisioning",
        ReadinessVerdict.WaitingForCustomer => "waitingForCustomer",
        _ => "broken",
    };

    public static string Markup(ReadinessVerdict verdict) => verdict switch
    {
        ReadinessVerdict.Ready => "[green]ready[/]",
        ReadinessVerdict.Provisioning => "[grey]provisioning[/]",
        ReadinessVerdict.WaitingForCustomer => "[yellow]waitingForCustomer[/]",
        _ => "[red]broken[/]",
    };

    public static object View(CustomerReadiness readiness) => new
    {
        tenantId = readiness.Customer.TenantId,
        displayName = readiness.Customer.DisplayName,
        verdict = Name(readiness.Verdict),
        reasons = readiness.Reasons.Select(r => new { code = r.Code, verdict = Name(r.Verdict), message = r.Message, templateName = r.TemplateName, relationshipId = r.RelationshipId, securityGroupId = r.SecurityGroupId }).ToList(),
        approvalLinks = readiness.ApprovalLinks.Select(l => l.ToString()).ToList(),
    };

    public static void WriteTable(CommandContext context, IReadOnlyList<CustomerReadiness> readiness, bool includeReady)
    {
        var shown = readiness.Where(r => includeReady || r.Verdict != ReadinessVerdict.Ready).ToList();
        if (shown.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("Readiness");
            table.AddColumn("Customer");
            table.AddColumn(new TableColumn("Verdict").NoWrap());
            table.AddColumn("Why");
            foreach (var customer in shown)
            {
                table.AddRow(
                    Cells.Escape(customer.Customer.DisplayName ?? customer.Customer.TenantId),
                    Markup(customer.Verdict),
                    Cells.Escape(string.Join(Environment.NewLine, customer.Reasons.Select(r => r.Message))));
            }

            context.Out.Write(table);
        }

        var counts = Enum.GetValues<ReadinessVerdict>().Select(v => $"{readiness.Count(r => r.Verdict == v)} {Name(v)}");
        context.Out.MarkupLine($"Readiness of {readiness.Count} customer(s): {Cells.Escape(string.Join(", ", counts))}.");
    }
}
