using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Reports;

/// <summary>
/// Writes an <see cref="AccessReport"/> as CSV (one row per customer, relationship and role), as JSON (customers with
/// their relationships and roles, and roles with their customers), or as one self-contained HTML page with a timeline.
/// </summary>
public static class AccessReportExport
{
    private static readonly string[] CsvHeader =
    [
        "customerTenantId", "customerName", "workload", "role", "roleId", "privileged", "securityGroups",
        "relationshipId", "relationshipName", "status", "activatedAt", "endsAt", "daysLeft", "autoExtend", "expiringSoon",
    ];

    /// <summary>Writes the rows as CSV (RFC 4180, formula-guarded like the audit export; groups joined with "; ").</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>A task that completes when the report is written.</returns>
    public static async Task WriteCsvAsync(AccessReport report, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var text = new StringBuilder();
        text.Append(Csv.Row(CsvHeader.Select(h => ((string?)h, false)), guardFormulas: false));
        foreach (var row in report.Rows)
        {
            var r = row.Relationship;
            text.Append(Csv.Row(
            [
                (row.CustomerTenantId, true),
                (row.CustomerName, true),
                (row.Workload, true),
                (row.Role.Name, true),
                (row.Role.RoleDefinitionId.ToString(), false),
                (Bool(row.Role.IsPrivileged), false),
                (string.Join("; ", row.SecurityGroups), true),
                (r.Id, true),
                (r.DisplayName, true),
                (GraphNames.ToGraphName(r.Status), false),
                (r.ActivatedAt is { } a ? InstantText.Iso(a) : null, false),
                (r.EndsAt is { } e ? InstantText.Iso(e) : null, false),
                (row.DaysLeft?.ToString(CultureInfo.InvariantCulture), false),
                (Bool(row.AutoExtends), false),
                (Bool(row.ExpiringSoon), false),
            ], guardFormulas: true));
        }

        await writer.WriteAsync(text.ToString().AsMemory(), cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the report as one JSON document.</summary>
    /// <param name="report">The report.</param>
    /// <param name="stream">Where to write (UTF-8).</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>A task that completes when the report is written.</returns>
    public static async Task WriteJsonAsync(AccessReport report, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        await using (json.ConfigureAwait(false))
        {
            json.WriteStartObject();
            json.WriteString("generatedAt", InstantText.Iso(report.GeneratedAt));
            json.WriteStartArray("customers");
            foreach (var customer in report.Customers)
            {
                json.WriteStartObject();
                json.WriteString("tenantId", customer.TenantId);
                WriteOptional(json, "displayName", customer.DisplayName);
                json.WriteStartArray("relationships");
                foreach (var relationship in customer.Relationships)
                {
                    json.WriteStartObject();
                    WriteRelationship(json, relationship, report.GeneratedAt, report.Options);
                    json.WriteStartArray("roles");
                    foreach (var row in customer.Rows.Where(r => r.Relationship.Id == relationship.Id))
                    {
                        json.WriteStartObject();
                        WriteRole(json, row);
                        json.WriteStartArray("securityGroups");
                        foreach (var group in row.SecurityGroups)
                        {
                            json.WriteStringValue(group);
                        }

                        json.WriteEndArray();
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("roles");
            foreach (var role in report.Roles)
            {
                json.WriteStartObject();
                WriteRole(json, role.Rows[0]);
                json.WriteStartArray("customers");
                foreach (var row in role.Rows)
                {
                    json.WriteStartObject();
                    json.WriteString("tenantId", row.CustomerTenantId);
                    WriteOptional(json, "displayName", row.CustomerName);
                    json.WriteString("relationshipId", row.Relationship.Id);
                    WriteOptional(json, "endsAt", row.EndsAt is { } e ? InstantText.Iso(e) : null);
                    if (row.DaysLeft is { } days)
                    {
                        json.WriteNumber("daysLeft", days);
                    }

                    json.WriteBoolean("autoExtend", row.AutoExtends);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Renders the report as one HTML page: no scripts, no external files, inline CSS, every value HTML-encoded. It
    /// shows a timeline of the access windows (inline SVG), colours access that ends within 30 days, and lists each
    /// customer's roles by workload and each role's customers, with the findings when given.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="findings">Least-privilege findings to list; optional.</param>
    /// <param name="title">The page title.</param>
    /// <returns>The HTML document.</returns>
    public static string RenderHtml(AccessReport report, IReadOnlyList<AccessFinding>? findings = null, string title = "GDAP access report")
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(title);
        var html = new StringBuilder();
        var relationships = report.Customers.SelectMany(c => c.Relationships).DistinctBy(r => r.Id).ToList();
        var expiring = relationships.Count(r => r.Window.ExpiresWithin(report.GeneratedAt, report.Options.ExpiringSoonWithin));
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<title>").Append(E(title)).Append("</title>\n");
        html.Append("<style>\n")
            .Append("body{font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#1b1b1b;margin:24px;}\n")
            .Append("h1{font-size:22px;}h2{font-size:18px;margin-top:32px;}h3{font-size:15px;margin-bottom:4px;}\n")
            .Append("table{border-collapse:collapse;margin:8px 0 16px;}th,td{border:1px solid #d2d0ce;padding:4px 8px;text-align:left;vertical-align:top;}\n")
            .Append("th{background:#f3f2f1;}tr.soon td{background:#fde7e9;}.soon-text{color:#a4262c;font-weight:600;}\n")
            .Append(".muted{color:#605e5c;}.sev-High{color:#a4262c;font-weight:600;}.sev-Medium{color:#8a6d00;font-weight:600;}\n")
            .Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(E(title)).Append("</h1>\n");
        html.Append("<p class=\"muted\">As of ").Append(E(InstantText.ForPeople(report.GeneratedAt))).Append(". ")
            .Append(report.Customers.Count).Append(" customer(s), ").Append(relationships.Count).Append(" relationship(s), ")
            .Append("<span class=\"soon-text\">").Append(expiring).Append(" ending within ")
            .Append((int)report.Options.ExpiringSoonWithin.TotalDays).Append(" days</span>.</p>\n");

        html.Append("<h2>Access windows</h2>\n");
        AppendTimeline(html, report, relationships);

        if (findings is { Count: > 0 })
        {
            html.Append("<h2>Least-privilege findings</h2>\n<table>\n<tr><th>Severity</th><th>Customer</th><th>Relationship</th><th>Role</th><th>Finding</th></tr>\n");
            foreach (var finding in findings)
            {
                html.Append("<tr><td class=\"sev-").Append(finding.Severity).Append("\">").Append(E(finding.Severity.ToString())).Append("</td><td>")
                    .Append(E(CustomerLabel(finding.Relationship))).Append("</td><td>").Append(E(finding.Relationship.DisplayName)).Append("</td><td>")
                    .Append(E(finding.Role?.Name ?? string.Empty)).Append("</td><td>").Append(E(finding.Reason)).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("<h2>By customer</h2>\n");
        foreach (var customer in report.Customers)
        {
            html.Append("<h3>").Append(E(customer.DisplayName ?? customer.TenantId)).Append(" <span class=\"muted\">").Append(E(customer.TenantId)).Append("</span></h3>\n");
            html.Append("<table>\n<tr><th>Workload</th><th>Role</th><th>Held by groups</th><th>Relationship</th><th>Until</th><th>Days left</th><th>Auto-extend</th></tr>\n");
            foreach (var row in customer.Rows)
            {
                html.Append(row.ExpiringSoon ? "<tr class=\"soon\">" : "<tr>")
                    .Append("<td>").Append(E(row.Workload)).Append("</td>")
                    .Append("<td>").Append(E(row.Role.Name)).Append(row.Role.IsPrivileged ? " <span class=\"muted\">(privileged)</span>" : string.Empty).Append("</td>")
                    .Append("<td>").Append(row.SecurityGroups.Count == 0 ? "<span class=\"muted\">none</span>" : E(string.Join(", ", row.SecurityGroups))).Append("</td>")
                    .Append("<td>").Append(E(row.Relationship.DisplayName)).Append("</td>")
                    .Append("<td>").Append(E(row.EndsAt is { } end ? InstantText.Date(end) : "not active")).Append("</td>")
                    .Append("<td>").Append(row.DaysLeft?.ToString(CultureInfo.InvariantCulture) ?? string.Empty).Append("</td>")
                    .Append("<td>").Append(row.AutoExtends ? "on" : "off").Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("<h2>By role</h2>\n<table>\n<tr><th>Role</th><th>Customers</th></tr>\n");
        foreach (var role in report.Roles)
        {
            var customers = role.Rows.Select(r => $"{r.CustomerName ?? r.CustomerTenantId} (until {(r.EndsAt is { } e ? InstantText.Date(e) : "not active")}{(r.AutoExtends ? ", auto-extends" : string.Empty)})");
            html.Append("<tr><td>").Append(E(role.Role.Name)).Append("</td><td>").Append(E(string.Join("; ", customers))).Append("</td></tr>\n");
        }

        html.Append("</table>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Writes <see cref="RenderHtml"/> to a writer.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="findings">Least-privilege findings to list; optional.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>A task that completes when the page is written.</returns>
    public static async Task WriteHtmlAsync(AccessReport report, TextWriter writer, IReadOnlyList<AccessFinding>? findings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteAsync(RenderHtml(report, findings).AsMemory(), cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AppendTimeline(StringBuilder html, AccessReport report, List<Relationship> relationships)
    {
        var windows = relationships.Where(r => r.ActivatedAt is not null && r.EndsAt is not null)
            .OrderBy(r => r.EndsAt).ThenBy(r => r.DisplayName, StringComparer.Ordinal).ToList();
        if (windows.Count == 0)
        {
            html.Append("<p class=\"muted\">No active access windows.</p>\n");
            return;
        }

        const int labelWidth = 320;
        const int chartWidth = 640;
        const int rowHeight = 22;
        const int top = 24;
        var now = report.GeneratedAt;
        var start = Instant.Min(windows.Min(r => r.ActivatedAt!.Value), now);
        var end = Instant.Max(windows.Max(r => r.EndsAt!.Value), now + Duration.FromDays(1));
        var span = (end - start).TotalSeconds;
        double X(Instant t) => labelWidth + ((t - start).TotalSeconds / span * chartWidth);
        var height = top + (windows.Count * rowHeight) + 8;
        var width = labelWidth + chartWidth + 16;
        html.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(width).Append("\" height=\"").Append(height)
            .Append("\" role=\"img\" aria-label=\"Access windows\" font-family=\"Segoe UI,Helvetica,Arial,sans-serif\" font-size=\"12\">\n");
        html.Append("<text x=\"").Append(labelWidth).Append("\" y=\"14\" fill=\"#605e5c\">").Append(E(InstantText.Date(start))).Append("</text>\n");
        html.Append("<text x=\"").Append(labelWidth + chartWidth).Append("\" y=\"14\" text-anchor=\"end\" fill=\"#605e5c\">").Append(E(InstantText.Date(end))).Append("</text>\n");
        for (var i = 0; i < windows.Count; i++)
        {
            var r = windows[i];
            var y = top + (i * rowHeight);
            var soon = r.Window.ExpiresWithin(now, report.Options.ExpiringSoonWithin);
            var colour = soon ? "#d13438" : r.Window.AutoExtends ? "#107c10" : "#0078d4";
            var x1 = X(r.ActivatedAt!.Value);
            var barWidth = Math.Max(2, X(r.EndsAt!.Value) - x1);
            var label = $"{CustomerLabel(r)}: {r.DisplayName}";
            var tooltip = $"{label}, {InstantText.Date(r.ActivatedAt.Value)} to {InstantText.Date(r.EndsAt.Value)}" +
                          $"{(r.Window.AutoExtends ? ", auto-extends" : string.Empty)}, {r.Window.DaysLeftAt(now).ToString(CultureInfo.InvariantCulture)} days left";
            html.Append("<text x=\"4\" y=\"").Append(y + 15).Append("\"").Append(soon ? " fill=\"#a4262c\"" : string.Empty).Append('>')
                .Append(E(Shorten(label, 48))).Append("</text>\n");
            html.Append("<rect x=\"").Append(F(x1)).Append("\" y=\"").Append(y + 4).Append("\" width=\"").Append(F(barWidth))
                .Append("\" height=\"").Append(rowHeight - 8).Append("\" rx=\"3\" fill=\"").Append(colour).Append("\"><title>")
                .Append(E(tooltip)).Append("</title></rect>\n");
        }

        var nowX = F(X(now));
        html.Append("<line x1=\"").Append(nowX).Append("\" y1=\"").Append(top - 4).Append("\" x2=\"").Append(nowX).Append("\" y2=\"").Append(height)
            .Append("\" stroke=\"#1b1b1b\" stroke-dasharray=\"4 3\"/>\n");
        html.Append("<text x=\"").Append(nowX).Append("\" y=\"").Append(top - 6).Append("\" text-anchor=\"middle\">now</text>\n");
        html.Append("</svg>\n");
        html.Append("<p class=\"muted\">Red: ends within ").Append((int)report.Options.ExpiringSoonWithin.TotalDays)
            .Append(" days. Green: auto-extends. Blue: ends later.</p>\n");
    }

    private static void WriteRelationship(Utf8JsonWriter json, Relationship relationship, Instant now, AccessReportOptions options)
    {
        json.WriteString("id", relationship.Id);
        json.WriteString("displayName", relationship.DisplayName);
        json.WriteString("status", GraphNames.ToGraphName(relationship.Status));
        WriteOptional(json, "activatedAt", relationship.ActivatedAt is { } a ? InstantText.Iso(a) : null);
        WriteOptional(json, "endsAt", relationship.EndsAt is { } e ? InstantText.Iso(e) : null);
        if (relationship.EndsAt is not null)
        {
            json.WriteNumber("daysLeft", relationship.Window.DaysLeftAt(now));
        }

        json.WriteBoolean("autoExtend", relationship.Window.AutoExtends);
        json.WriteBoolean("expiringSoon", relationship.Window.ExpiresWithin(now, options.ExpiringSoonWithin));
    }

    private static void WriteRole(Utf8JsonWriter json, AccessReportRow row)
    {
        json.WriteString("roleId", row.Role.RoleDefinitionId.ToString());
        json.WriteString("role", row.Role.Name);
        json.WriteString("workload", row.Workload);
        json.WriteBoolean("privileged", row.Role.IsPrivileged);
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string CustomerLabel(Relationship relationship) =>
        relationship.Customer is { } c ? c.DisplayName ?? c.TenantId : "no customer";

    private static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[max - 2]) ? max - 2 : max - 1;
        return text[..cut] + "…";
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
