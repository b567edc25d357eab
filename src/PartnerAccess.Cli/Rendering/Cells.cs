using System.Globalization;
using NodaTime;
using NodaTime.Text;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using Spectre.Console;

namespace PartnerAccess.Cli.Rendering;

/// <summary>How tables show values: short UTC dates, coloured statuses, role names.</summary>
internal static class Cells
{
    private static readonly InstantPattern DatePattern = InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd");
    private static readonly InstantPattern TimePattern = InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    public static string Date(Instant? instant) => instant is { } value ? DatePattern.Format(value) : "-";

    public static string Time(Instant? instant) => instant is { } value ? TimePattern.Format(value) : "-";

    public static string Escape(string? text) => Markup.Escape(text ?? string.Empty);

    public static string Status(RelationshipStatus status)
    {
        var name = GraphNames.ToGraphName(status);
        var colour = status switch
        {
            RelationshipStatus.Active => "green",
            RelationshipStatus.Created => "grey",
            RelationshipStatus.ApprovalPending or RelationshipStatus.Approved or RelationshipStatus.Activating => "yellow",
            RelationshipStatus.Expiring or RelationshipStatus.Expired => "darkorange",
            RelationshipStatus.TerminationRequested or RelationshipStatus.Terminating or RelationshipStatus.Terminated => "red",
            _ => "white",
        };
        return $"[{colour}]{name}[/]";
    }

    public static string Status(AccessAssignmentStatus status)
    {
        var name = GraphNames.ToGraphName(status);
        var colour = status switch
        {
            AccessAssignmentStatus.Active => "green",
            AccessAssignmentStatus.Pending => "yellow",
            AccessAssignmentStatus.Error => "red",
            _ => "grey",
        };
        return $"[{colour}]{name}[/]";
    }

    public static string Roles(IEnumerable<RoleGrant> roles) =>
        string.Join(", ", roles.Select(r => r.IsGlobalAdministrator ? "[red]" + Escape(r.Name) + "[/]" : Escape(r.Name)));

    /// <summary>How many roles, with Global Administrator called out: the list view leaves names to <c>show</c>.</summary>
    public static string RoleCount(IReadOnlyList<RoleGrant> roles) =>
        roles.Any(r => r.IsGlobalAdministrator)
            ? $"[red]GA[/] + {roles.Count - 1}"
            : roles.Count.ToString(CultureInfo.InvariantCulture);

    public static string DaysLeft(Relationship relationship, Instant now)
    {
        if (relationship.Status != RelationshipStatus.Active || relationship.EndsAt is null)
        {
            return "-";
        }

        var days = relationship.Window.DaysLeftAt(now);
        var text = days.ToString(CultureInfo.InvariantCulture);
        if (relationship.Window.AutoExtends)
        {
            return text + " [blue](renews)[/]";
        }

        return days <= 7 ? $"[red]{text}[/]" : days <= 30 ? $"[darkorange]{text}[/]" : text;
    }

    public static string Customer(Relationship relationship) =>
        relationship.Customer is { } c ? Escape(c.DisplayName ?? c.TenantId) : "[grey](any customer)[/]";
}
