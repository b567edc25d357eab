using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Cli.Rendering;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Reports;
using Spectre.Console;

namespace PartnerAccess.Cli.Commands;

/// <summary>The just-in-time part of <c>report</c>: who can elevate into what per customer, and the JIT findings.</summary>
internal static class JitReport
{
    /// <summary>Reads PIM for Groups for every group holding a GDAP access assignment; null when the backend has no JIT access or PIM refuses.</summary>
    public static async Task<(JustInTimeAccessReport? Report, IReadOnlyList<AccessFinding> Findings)> CaptureAsync(
        CommandContext context,
        IReadOnlyList<Relationship> relationships,
        IReadOnlyDictionary<string, IReadOnlyList<AccessAssignment>> assignments)
    {
        if (context.Backend.JustInTime is not { } access)
        {
            return (null, []);
        }

        var ct = context.CancellationToken;
        var groups = assignments.Values.SelectMany(a => a)
            .Where(a => a.Status is AccessAssignmentStatus.Active or AccessAssignmentStatus.Pending)
            .Select(a => a.SecurityGroupId)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var eligibilities = new List<GroupEligibility>();
        var active = new List<GroupAssignment>();
        var requests = new List<JustInTimeRequest>();
        try
        {
            foreach (var group in groups)
            {
                var query = new JustInTimeQuery { GroupId = group };
                eligibilities.AddRange(await access.ListEligibilitiesAsync(query, ct).ToListAsync(ct));
                active.AddRange(await access.ListActiveAssignmentsAsync(query, ct).ToListAsync(ct));
                requests.AddRange(await access.ListRequestsAsync(query, ct).ToListAsync(ct));
            }
        }
        catch (PartnerAccessException exception) when (exception.ErrorCode is PartnerAccessErrorCode.Unauthorized)
        {
            // No PIM licence or permission: the rest of the report still stands.
            context.Error.MarkupLine($"[grey]Just-in-time access left out: {Cells.Escape(exception.Message)}[/]");
            return (null, []);
        }

        var snapshot = JustInTimeSnapshot.Create(relationships, assignments, eligibilities, active, requests, NodaTime.Instant.FromDateTimeOffset(access.TimeProvider.GetUtcNow()));
        var findings = JustInTimeAnalyzer.Analyze(snapshot, new JustInTimeFindingOptions { SecurityGroupNames = context.Backend.SecurityGroupNames, UserNames = context.Backend.UserNames });
        return (JustInTimeAccessReport.Create(snapshot, context.Backend.SecurityGroupNames), findings);
    }

    public static void WriteTable(CommandContext context, JustInTimeAccessReport? report)
    {
        if (report is null)
        {
            return;
        }

        if (report.Rows.Count == 0)
        {
            context.Out.MarkupLine("[grey]Nobody is eligible for, elevated into or a standing member of a GDAP group.[/]");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("Who can elevate into what");
        table.AddColumn("Customer");
        table.AddColumn("Group");
        table.AddColumn("User");
        table.AddColumn(new TableColumn("Access").NoWrap());
        table.AddColumn("Roles");
        table.AddColumn(new TableColumn("Until").NoWrap());
        string? last = null;
        foreach (var row in report.Rows)
        {
            var customer = row.CustomerName ?? row.CustomerTenantId;
            table.AddRow(
                customer == last ? string.Empty : Cells.Escape(customer),
                Cells.Escape(row.GroupName),
                Cells.Escape(context.Backend.UserName(row.PrincipalId)),
                row.Standing switch
                {
                    JustInTimeStanding.Standing => "[red]standing[/]",
                    JustInTimeStanding.Elevated => "[green]elevated[/]",
                    _ => "[blue]eligible[/]",
                },
                Cells.Roles(row.Roles),
                row.Until is null ? "-" : Cells.Time(row.Until));
            last = customer;
        }

        context.Out.Write(table);
        context.Out.MarkupLine($"[grey]{report.Rows.Select(r => r.PrincipalId).Distinct(StringComparer.OrdinalIgnoreCase).Count()} user(s) across {report.Rows.Select(r => r.CustomerTenantId).Distinct(StringComparer.OrdinalIgnoreCase).Count()} customer(s); {report.Rows.Count(r => r.Standing == JustInTimeStanding.Standing)} standing row(s).[/]");
    }
}
