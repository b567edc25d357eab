using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Cli.Rendering;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Groups;
using PartnerAccess.Sdk.Lifecycle;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Reports;
using Spectre.Console;

namespace PartnerAccess.Cli.Commands;

/// <summary>The formats <c>report</c> writes.</summary>
internal enum ReportFormat
{
    /// <summary>Tables in the terminal.</summary>
    Table,

    /// <summary>One row per customer, relationship and role.</summary>
    Csv,

    /// <summary>The SDK's JSON report document; on standard output, with what the table adds (findings, group health, ...).</summary>
    Json,

    /// <summary>A self-contained HTML page with the least-privilege findings.</summary>
    Html,
}

/// <summary><c>report</c>: who holds which roles in which customer tenant, and what looks like more access than needed.</summary>
internal static class ReportCommand
{
    public static Command Build(CliHost host)
    {
        var format = new Option<ReportFormat?>("--format", "-f") { Description = "table (default), csv, json or html. --output json alone means json.", HelpName = "table|csv|json|html" };
        var output = new Option<FileInfo?>("--out") { Description = "Write the report to this file instead of the terminal.", HelpName = "file" };
        var expiring = Arguments.Span("--expiring-within", "Mark access ending within this span as expiring soon", Duration.FromDays(30));
        var command = new Command("report", "Access report: every role the partner holds in each customer tenant, with least-privilege findings.") { format, output, expiring };
        var templates = new DesiredStateInput();
        templates.AddOptionalTo(command);
        host.Handle(command, async context =>
        {
            var chosen = context.Get(format) ?? (context.Json ? ReportFormat.Json : ReportFormat.Table);
            var file = context.Get(output);
            if (chosen == ReportFormat.Table && file is not null)
            {
                throw new UsageException("--out needs --format csv, json or html.");
            }

            var (report, findings, jit) = await BuildAsync(context, context.Get(expiring));
            if (chosen == ReportFormat.Table)
            {
                WriteTables(context, report, findings);
                JitReport.WriteTable(context, jit);
                var (health, readiness) = await CheckAsync(context, templates);
                if (health is not null)
                {
                    VerifyCommand.WriteHealth(context, health);
                }

                if (readiness is not null)
                {
                    ReadinessOutput.WriteTable(context, readiness, includeReady: false);
                }

                return ExitCodes.Success;
            }

            if (file is null && chosen == ReportFormat.Json)
            {
                // The terminal's JSON says what the table says; a --out file keeps the SDK's document as it is.
                var (health, readiness) = await CheckAsync(context, templates);
                await WriteJsonAsync(context, report, findings, jit, health, readiness);
                return ExitCodes.Success;
            }

            if (file is null)
            {
                await WriteAsync(chosen, report, findings, context.Out.Profile.Out.Writer, context.CancellationToken);
                return ExitCodes.Success;
            }

            await using (var writer = new StreamWriter(file.FullName, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                await WriteAsync(chosen, report, findings, writer, context.CancellationToken);
            }

            if (!context.Json)
            {
                context.Out.MarkupLine($"[green]Wrote[/] {Cells.Escape(file.FullName)}: {report.Rows.Count} role(s) across {report.Customers.Count} customer(s), {findings.Count} finding(s).");
            }
            else
            {
                context.WriteJson(new { file = file.FullName, format = chosen.ToString().ToLowerInvariant(), rows = report.Rows.Count, customers = report.Customers.Count, findings = findings.Count });
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<(AccessReport Report, IReadOnlyList<AccessFinding> Findings, PartnerAccess.Sdk.JustInTime.JustInTimeAccessReport? JustInTime)> BuildAsync(CommandContext context, Duration expiringWithin)
    {
        var client = context.Client;
        var ct = context.CancellationToken;
        var now = context.Now;
        var relationships = await client.ListRelationshipsAsync(null, ct).ToListAsync(ct);
        var assignments = new Dictionary<string, IReadOnlyList<AccessAssignment>>(StringComparer.OrdinalIgnoreCase);
        foreach (var relationship in relationships.Where(r => r.Status == RelationshipStatus.Active))
        {
            assignments[relationship.Id] = await client.ListAccessAssignmentsAsync(relationship.Id, null, ct).ToListAsync(ct);
        }

        var report = AccessReport.Create(relationships, assignments, now, new AccessReportOptions
        {
            SecurityGroupNames = context.Backend.SecurityGroupNames,
            ExpiringSoonWithin = expiringWithin,
        });

        // Usage is judged only where sign-ins are known; no data must not read as "never used".
        var options = new LeastPrivilegeOptions();
        IReadOnlyList<AuditRecord>? signIns = null;
        if (context.Backend.HasSignIns)
        {
            signIns = await client.ListAuditRecordsAsync(new AuditQuery { Kinds = [AuditRecordKind.PartnerSignIn], From = now - options.SignInLookback }, ct).ToListAsync(ct);
        }

        var (jit, jitFindings) = await JitReport.CaptureAsync(context, relationships, assignments);
        var findings = LeastPrivilegeAnalyzer.Analyze(relationships, assignments, signIns, now, options)
            .Concat(jitFindings)
            .OrderByDescending(f => f.Severity)
            .ToList();
        return (report, findings, jit);
    }

    /// <summary>The partner's group health (null when the backend cannot see its groups) and, given templates, each customer's readiness.</summary>
    private static async Task<(IReadOnlyList<GroupHealthFinding>? Health, IReadOnlyList<CustomerReadiness>? Readiness)> CheckAsync(CommandContext context, DesiredStateInput templates)
    {
        var desired = templates.HasTemplates(context) ? await templates.BuildAsync(context) : null;
        var health = context.Backend.Groups is { } groups
            ? await new GroupHealthCheck(context.Client, groups).CheckAsync(desired, null, context.CancellationToken)
            : null;
        var readiness = desired is null ? null : await ReadinessOutput.CheckAsync(context, desired);
        return (health, readiness);
    }

    /// <summary>
    /// The SDK's report document, its fields untouched, plus <c>findings</c>, <c>justInTime</c>, <c>groupHealth</c> and
    /// <c>readiness</c>; each is null when it was not checked (no JIT access, no group directory, no templates).
    /// </summary>
    private static async Task WriteJsonAsync(
        CommandContext context,
        AccessReport report,
        IReadOnlyList<AccessFinding> findings,
        PartnerAccess.Sdk.JustInTime.JustInTimeAccessReport? jit,
        IReadOnlyList<GroupHealthFinding>? health,
        IReadOnlyList<CustomerReadiness>? readiness)
    {
        JsonObject document;
        using (var buffer = new MemoryStream())
        {
            await AccessReportExport.WriteJsonAsync(report, buffer, context.CancellationToken);
            document = JsonNode.Parse(buffer.ToArray())!.AsObject();
        }

        document["findings"] = Node(findings.Select(f => new
        {
            code = f.Code,
            severity = GraphNames.ToGraphName(f.Severity),
            reason = f.Reason,
            customerTenantId = f.CustomerTenantId,
            customerName = f.Relationship.Customer?.DisplayName,
            relationshipId = f.Relationship.Id,
            relationshipName = f.Relationship.DisplayName,
            role = f.Role is { } role ? RoleView.From(role) : null,
        }).ToList());
        document["justInTime"] = jit is null ? null : Node(new
        {
            generatedAt = Iso.Format(jit.GeneratedAt),
            rows = jit.Rows.Select(r => new
            {
                customerTenantId = r.CustomerTenantId,
                customerName = r.CustomerName,
                groupId = r.GroupId,
                groupName = r.GroupName,
                principalId = r.PrincipalId,
                userName = context.Backend.UserNames.GetValueOrDefault(r.PrincipalId),
                standing = GraphNames.ToGraphName(r.Standing),
                roles = r.Roles.Select(RoleView.From).ToList(),
                until = Iso.Format(r.Until),
            }).ToList(),
        });
        document["groupHealth"] = health is null ? null : Node(health.Select(VerifyCommand.HealthView).ToList());
        document["readiness"] = readiness is null ? null : Node(readiness.Select(ReadinessOutput.View).ToList());
        context.WriteJson(document);
    }

    private static JsonNode? Node<T>(T value) => JsonSerializer.SerializeToNode(value, JsonOutput.Options);

    private static async Task WriteAsync(ReportFormat format, AccessReport report, IReadOnlyList<AccessFinding> findings, TextWriter writer, CancellationToken cancellationToken)
    {
        switch (format)
        {
            case ReportFormat.Csv:
                await AccessReportExport.WriteCsvAsync(report, writer, cancellationToken);
                break;
            case ReportFormat.Html:
                await AccessReportExport.WriteHtmlAsync(report, writer, findings, cancellationToken);
                break;
            default:
                using (var buffer = new MemoryStream())
                {
                    await AccessReportExport.WriteJsonAsync(report, buffer, cancellationToken);
                    await writer.WriteLineAsync(Encoding.UTF8.GetString(buffer.ToArray()).AsMemory(), cancellationToken);
                }

                break;
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static void WriteTables(CommandContext context, AccessReport report, IReadOnlyList<AccessFinding> findings)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Access in force");
        table.AddColumn("Customer");
        table.AddColumn("Workload");
        table.AddColumn("Role");
        table.AddColumn("Security groups");
        table.AddColumn(new TableColumn("Days left").RightAligned().NoWrap());
        foreach (var customer in report.Customers)
        {
            var name = Cells.Escape(customer.DisplayName ?? customer.TenantId);
            foreach (var row in customer.Rows)
            {
                table.AddRow(
                    name,
                    Cells.Escape(row.Workload),
                    row.Role.IsGlobalAdministrator ? $"[red]{Cells.Escape(row.Role.Name)}[/]" : Cells.Escape(row.Role.Name),
                    row.SecurityGroups.Count == 0 ? "[yellow](no group)[/]" : Cells.Escape(string.Join(", ", row.SecurityGroups)),
                    Cells.DaysLeft(row.Relationship, report.GeneratedAt));
                name = string.Empty;
            }
        }

        context.Out.Write(table);
        context.Out.MarkupLine($"[grey]{report.Rows.Count} role(s) across {report.Customers.Count} customer(s); {report.Rows.Where(r => r.ExpiringSoon).Select(r => r.Relationship.Id).Distinct().Count()} relationship(s) expire soon.[/]");

        if (findings.Count == 0)
        {
            context.Out.MarkupLine("[green]No least-privilege findings.[/]");
            return;
        }

        var found = new Table().Border(TableBorder.Rounded).Title("Least-privilege findings");
        found.AddColumn(new TableColumn("Severity").NoWrap());
        found.AddColumn(new TableColumn("Code").NoWrap());
        found.AddColumn("Relationship");
        found.AddColumn("Reason");
        foreach (var finding in findings)
        {
            found.AddRow(
                finding.Severity switch
                {
                    FindingSeverity.High => "[red]high[/]",
                    FindingSeverity.Medium => "[darkorange]medium[/]",
                    _ => "[grey]" + Cells.Escape(GraphNames.ToGraphName(finding.Severity)) + "[/]",
                },
                Cells.Escape(finding.Code),
                Cells.Escape(finding.Relationship.DisplayName),
                Cells.Escape(finding.Reason));
        }

        context.Out.Write(found);
        var bySeverity = findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {GraphNames.ToGraphName(g.Key)}");
        context.Out.MarkupLine($"[grey]{findings.Count} finding(s): {string.Join(", ", bySeverity)}.[/]");
    }
}
