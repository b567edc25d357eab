using System.Net;
using System.Text;

namespace PartnerAccess.Sdk.Notifications;

/// <summary>
/// A message as structure (headline, facts, sections) so the HTML and the plain text say exactly the same thing.
/// Output uses "\n" line ends on every platform, so golden files compare byte for byte.
/// </summary>
internal sealed class MessageContent
{
    public required string Headline { get; init; }

    public List<(string Label, string Value)> Facts { get; } = [];

    public List<(string Workload, IReadOnlyList<string> Roles)> RoleGroups { get; } = [];

    public List<Section> Sections { get; } = [];

    public List<string> Footer { get; } = [];

    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(Headline).Append('\n').Append('\n');
        foreach (var (label, value) in Facts)
        {
            text.Append(label).Append(": ").Append(value).Append('\n');
        }

        if (RoleGroups.Count > 0)
        {
            text.Append('\n').Append("Roles by workload:").Append('\n');
            foreach (var (workload, roles) in RoleGroups)
            {
                text.Append("  ").Append(workload).Append(": ").Append(string.Join(", ", roles)).Append('\n');
            }
        }

        foreach (var section in Sections)
        {
            text.Append('\n').Append(section.Heading).Append(':').Append('\n');
            foreach (var paragraph in section.Paragraphs)
            {
                text.Append("  ").Append(paragraph).Append('\n');
            }

            for (var i = 0; i < section.Steps.Count; i++)
            {
                text.Append("  ").Append(i + 1).Append(". ").Append(section.Steps[i]).Append('\n');
            }
        }

        if (Footer.Count > 0)
        {
            text.Append('\n');
            foreach (var line in Footer)
            {
                text.Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    public string ToHtml(string title)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<title>").Append(E(title)).Append("</title>\n</head>\n");
        html.Append("<body style=\"font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#1b1b1b;line-height:1.4;\">\n");
        html.Append("<h1 style=\"font-size:18px;\">").Append(E(Headline)).Append("</h1>\n");
        html.Append("<table style=\"border-collapse:collapse;\">\n");
        foreach (var (label, value) in Facts)
        {
            html.Append("<tr><th style=\"text-align:left;padding:2px 12px 2px 0;\">").Append(E(label))
                .Append("</th><td style=\"padding:2px 0;\">").Append(E(value)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
        if (RoleGroups.Count > 0)
        {
            html.Append("<h2 style=\"font-size:15px;\">Roles by workload</h2>\n<ul>\n");
            foreach (var (workload, roles) in RoleGroups)
            {
                html.Append("<li><strong>").Append(E(workload)).Append(":</strong> ").Append(E(string.Join(", ", roles))).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        foreach (var section in Sections)
        {
            html.Append("<h2 style=\"font-size:15px;\">").Append(E(section.Heading)).Append("</h2>\n");
            foreach (var paragraph in section.Paragraphs)
            {
                html.Append("<p>").Append(E(paragraph)).Append("</p>\n");
            }

            if (section.Steps.Count > 0)
            {
                html.Append("<ol>\n");
                foreach (var step in section.Steps)
                {
                    html.Append("<li>").Append(E(step)).Append("</li>\n");
                }

                html.Append("</ol>\n");
            }
        }

        foreach (var line in Footer)
        {
            html.Append("<p style=\"color:#605e5c;font-size:12px;\">").Append(E(line)).Append("</p>\n");
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    internal sealed class Section
    {
        public required string Heading { get; init; }

        public List<string> Paragraphs { get; } = [];

        public List<string> Steps { get; } = [];
    }
}
