using System.CommandLine;
using NodaTime;
using NodaTime.Text;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Cli.Rendering;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.JustInTime;
using Spectre.Console;

namespace PartnerAccess.Cli.Commands;

/// <summary>
/// <c>jit eligible|elevate|list|revoke|remove-eligibility|convert</c>: just-in-time membership of the partner's GDAP
/// groups through PIM for Groups, so nobody holds customer roles all day.
/// </summary>
internal static class JitCommand
{
    public static Command Build(CliHost host)
    {
        var command = new Command("jit", "Just-in-time access: make technicians eligible for GDAP groups, elevate for a window, revoke, convert standing members.");
        command.Subcommands.Add(Eligible(host));
        command.Subcommands.Add(Elevate(host));
        command.Subcommands.Add(List(host));
        command.Subcommands.Add(Revoke(host));
        command.Subcommands.Add(RemoveEligibility(host));
        command.Subcommands.Add(Convert(host));
        command.Subcommands.Add(History(host));
        return command;
    }

    private static Option<string> Group() => new("--group", "-g") { Description = "The partner security group: its object id, or its name where the backend knows names.", Required = true, HelpName = "group" };

    private static Option<string> User(bool required = true) => new("--user", "-u") { Description = "The user's object id, or a name the backend knows.", Required = required, HelpName = "user" };

    private static Option<string> Until() => new("--until") { Description = "When eligibility ends: a date (2026-06-30), an instant (2026-06-30T17:00:00Z) or a span from now (90d).", Required = true, HelpName = "date|span" };

    private static Option<string?> Reason(bool required = false) => new("--reason") { Description = "Why; recorded with the request.", Required = required, HelpName = "text" };

    private static Command Eligible(CliHost host)
    {
        var group = Group();
        var user = User();
        var until = Until();
        var reason = Reason();
        var command = new Command("eligible", "Make a user eligible for a group until a date (PIM adminAssign on eligibility).") { group, user, until, reason };
        host.Handle(command, async context =>
        {
            var access = Access(context);
            var eligibility = await access.MakeEligibleAsync(new EligibilityRequest
            {
                GroupId = ResolveGroup(context, context.Get(group)!),
                PrincipalId = ResolveUser(context, context.Get(user)!),
                EndsAt = ParseUntil(context.Get(until)!, context.Now),
                Justification = context.Get(reason),
            }, context.CancellationToken);
            if (context.Json)
            {
                context.WriteJson(EligibilityView.From(eligibility, context));
                return ExitCodes.Success;
            }

            context.Out.MarkupLine($"[green]Eligible[/]: {Cells.Escape(context.Backend.UserName(eligibility.PrincipalId))} for {Cells.Escape(context.Backend.GroupName(eligibility.GroupId))} until {Cells.Time(eligibility.EndsAt)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Elevate(CliHost host)
    {
        var group = Group();
        var user = User();
        var duration = Arguments.Span("--for", "How long the elevation lasts; at least 5m, at most the policy's maximum (8h by default)");
        duration.Required = true;
        var reason = Reason(required: true);
        var ticket = new Option<string?>("--ticket") { Description = "A ticket number, for example INC-1042.", HelpName = "number" };
        var ticketSystem = new Option<string?>("--ticket-system") { Description = "The ticket system, for example ServiceNow.", HelpName = "name" };
        var onBehalf = new Option<bool>("--on-behalf") { Description = "Assign the window as an approver (adminAssign) instead of the user's own activation (selfActivate)." };
        var command = new Command("elevate", "Elevate an eligible user into a group for a window.") { group, user, duration, reason, ticket, ticketSystem, onBehalf };
        host.Handle(command, async context =>
        {
            var access = Access(context);
            var elevation = await access.ElevateAsync(new ElevationRequest
            {
                GroupId = ResolveGroup(context, context.Get(group)!),
                PrincipalId = ResolveUser(context, context.Get(user)!),
                Duration = context.Get(duration),
                Justification = context.Get(reason),
                TicketNumber = context.Get(ticket),
                TicketSystem = context.Get(ticketSystem),
                OnBehalf = context.Get(onBehalf),
            }, context.CancellationToken);
            if (context.Json)
            {
                context.WriteJson(AssignmentView.From(elevation, context));
                return ExitCodes.Success;
            }

            context.Out.MarkupLine($"[green]Elevated[/]: {Cells.Escape(context.Backend.UserName(elevation.PrincipalId))} is a member of {Cells.Escape(context.Backend.GroupName(elevation.GroupId))} until {Cells.Time(elevation.EndsAt)}; it ends by itself.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(CliHost host)
    {
        var group = Group();
        group.Required = false;
        var user = User(required: false);
        var command = new Command("list", "List eligibilities and active memberships: of one group or user, or of every group holding a GDAP access assignment.") { group, user };
        host.Handle(command, async context =>
        {
            var access = Access(context);
            var ct = context.CancellationToken;
            var groupText = context.Get(group);
            var userText = context.Get(user);
            List<GroupEligibility> eligibilities;
            List<GroupAssignment> active;
            if (groupText is null && userText is null)
            {
                var snapshot = await JustInTimeSnapshot.CaptureAsync(context.Client, access, ct);
                eligibilities = [.. snapshot.Eligibilities];
                active = [.. snapshot.ActiveAssignments];
            }
            else
            {
                var query = new JustInTimeQuery
                {
                    GroupId = groupText is null ? null : ResolveGroup(context, groupText),
                    PrincipalId = userText is null ? null : ResolveUser(context, userText),
                };
                eligibilities = await access.ListEligibilitiesAsync(query, ct).ToListAsync(ct);
                active = await access.ListActiveAssignmentsAsync(query, ct).ToListAsync(ct);
            }

            if (context.Json)
            {
                context.WriteJson(new
                {
                    eligible = eligibilities.Select(e => EligibilityView.From(e, context)).ToList(),
                    active = active.Select(a => AssignmentView.From(a, context)).ToList(),
                });
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded).Title("Just-in-time access");
            table.AddColumn("Group");
            table.AddColumn("User");
            table.AddColumn(new TableColumn("Access").NoWrap());
            table.AddColumn(new TableColumn("Until").NoWrap());
            var rows = eligibilities.Select(e => (e.GroupId, e.PrincipalId, Access: "[blue]eligible[/]", e.EndsAt))
                .Concat(active.Select(a => (a.GroupId, a.PrincipalId, Access: a.IsStanding ? "[red]standing[/]" : "[green]elevated[/]", a.EndsAt)))
                .OrderBy(r => context.Backend.GroupName(r.GroupId), StringComparer.OrdinalIgnoreCase)
                .ThenBy(r => context.Backend.UserName(r.PrincipalId), StringComparer.OrdinalIgnoreCase);
            foreach (var row in rows)
            {
                table.AddRow(Cells.Escape(context.Backend.GroupName(row.GroupId)), Cells.Escape(context.Backend.UserName(row.PrincipalId)), row.Access, row.EndsAt is null ? "-" : Cells.Time(row.EndsAt));
            }

            context.Out.Write(table);
            context.Out.MarkupLine($"[grey]{eligibilities.Count} eligible, {active.Count(a => !a.IsStanding)} elevated now, {active.Count(a => a.IsStanding)} standing.[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Revoke(CliHost host)
    {
        var group = Group();
        var user = User();
        var reason = Reason();
        var command = new Command("revoke", "End a user's active membership of a group now: an elevation early, or standing access.") { group, user, reason };
        host.Handle(command, async context =>
        {
            var groupId = ResolveGroup(context, context.Get(group)!);
            var userId = ResolveUser(context, context.Get(user)!);
            await Access(context).RevokeAsync(groupId, userId, context.Get(reason), context.CancellationToken);
            if (context.Json)
            {
                context.WriteJson(new { groupId, principalId = userId, revoked = true });
                return ExitCodes.Success;
            }

            context.Out.MarkupLine($"[green]Revoked[/]: {Cells.Escape(context.Backend.UserName(userId))} is no longer a member of {Cells.Escape(context.Backend.GroupName(groupId))}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RemoveEligibility(CliHost host)
    {
        var group = Group();
        var user = User();
        var command = new Command("remove-eligibility", "End a user's eligibility for a group.") { group, user };
        host.Handle(command, async context =>
        {
            var groupId = ResolveGroup(context, context.Get(group)!);
            var userId = ResolveUser(context, context.Get(user)!);
            await Access(context).RemoveEligibilityAsync(groupId, userId, context.CancellationToken);
            if (context.Json)
            {
                context.WriteJson(new { groupId, principalId = userId, eligible = false });
                return ExitCodes.Success;
            }

            context.Out.MarkupLine($"[green]Removed[/]: {Cells.Escape(context.Backend.UserName(userId))} is no longer eligible for {Cells.Escape(context.Backend.GroupName(groupId))}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Convert(CliHost host)
    {
        var group = Group();
        var until = Until();
        var reason = Reason();
        var yes = Arguments.Yes();
        var command = new Command("convert", "Convert a group's standing members to eligible ones: eligibility first, then the standing membership goes. Safe to run again.") { group, until, reason, yes };
        host.Handle(command, async context =>
        {
            var access = Access(context);
            var groupId = ResolveGroup(context, context.Get(group)!);
            var endsAt = ParseUntil(context.Get(until)!, context.Now);
            if (!Arguments.Confirm(context, yes, $"Make every standing member of {context.Backend.GroupName(groupId)} eligible until {Cells.Time(endsAt)} and remove their standing membership?"))
            {
                context.Error.MarkupLine("Nothing was changed.");
                return ExitCodes.Cancelled;
            }

            var result = await access.ConvertStandingMembersAsync(groupId, endsAt, context.Get(reason), context.CancellationToken);
            if (context.Json)
            {
                context.WriteJson(new
                {
                    groupId,
                    members = result.Members.Select(m => new { principalId = m.PrincipalId, name = context.Backend.UserNames.GetValueOrDefault(m.PrincipalId), outcome = Camel(m.Outcome.ToString()), eligibility = EligibilityView.From(m.Eligibility, context) }).ToList(),
                });
                return ExitCodes.Success;
            }

            if (result.Members.Count == 0)
            {
                context.Out.MarkupLine($"{Cells.Escape(context.Backend.GroupName(groupId))} has no standing members; nothing to do.");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded).Title($"Converted in {Markup.Escape(context.Backend.GroupName(groupId))}");
            table.AddColumn("User");
            table.AddColumn("Outcome");
            table.AddColumn(new TableColumn("Eligible until").NoWrap());
            foreach (var member in result.Members)
            {
                table.AddRow(Cells.Escape(context.Backend.UserName(member.PrincipalId)),
                    member.Outcome == StandingMemberOutcome.Converted ? "made eligible, standing removed" : "already eligible, standing removed",
                    Cells.Time(member.Eligibility.EndsAt));
            }

            context.Out.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command History(CliHost host)
    {
        var group = Group();
        group.Required = false;
        var command = new Command("history", "Elevations, early revocations and expiries as audit records: one per customer the group reaches through GDAP.") { group };
        host.Handle(command, async context =>
        {
            var snapshot = await JustInTimeSnapshot.CaptureAsync(context.Client, Access(context), context.CancellationToken);
            var groupId = context.Get(group) is { } text ? ResolveGroup(context, text) : null;
            var records = JustInTimeAudit.ToAuditRecords(snapshot, context.Backend.PartnerTenantId)
                .Where(r => groupId is null || string.Equals(r.Details.GetValueOrDefault("groupId"), groupId, StringComparison.OrdinalIgnoreCase))
                .ToList();
            var customers = snapshot.Reach.Values.SelectMany(r => r)
                .GroupBy(r => r.CustomerTenantId, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().CustomerName ?? g.Key, StringComparer.OrdinalIgnoreCase);
            if (context.Json)
            {
                context.WriteJson(records.Select(r => new
                {
                    id = r.Id,
                    occurredAt = InstantPattern.ExtendedIso.Format(r.OccurredAt),
                    kind = Camel(r.Kind.ToString()),
                    customerTenantId = r.CustomerTenantId,
                    relationshipId = r.RelationshipId,
                    summary = r.Summary,
                    details = r.Details,
                }).ToList());
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded).Title("Just-in-time history");
            table.AddColumn(new TableColumn("When").NoWrap());
            table.AddColumn(new TableColumn("What").NoWrap());
            table.AddColumn("Customer");
            table.AddColumn("User");
            table.AddColumn("Group");
            table.AddColumn("Roles");
            table.AddColumn("Justification / ticket");
            foreach (var record in records)
            {
                var details = record.Details;
                table.AddRow(
                    Cells.Time(record.OccurredAt),
                    record.Kind switch
                    {
                        Sdk.Audit.AuditRecordKind.ElevationActivated => "[green]elevated[/]",
                        Sdk.Audit.AuditRecordKind.ElevationRevoked => "[yellow]revoked[/]",
                        _ => "[grey]expired[/]",
                    },
                    Cells.Escape(record.CustomerTenantId is { } tenant ? customers.GetValueOrDefault(tenant, tenant) : "-"),
                    Cells.Escape(context.Backend.UserName(details.GetValueOrDefault("principalId") ?? string.Empty)),
                    Cells.Escape(context.Backend.GroupName(details.GetValueOrDefault("groupId") ?? string.Empty)),
                    Cells.Escape(details.GetValueOrDefault("roles") ?? "-"),
                    Cells.Escape(string.Join(" / ", new[] { details.GetValueOrDefault("justification"), details.GetValueOrDefault("ticketNumber") }.Where(t => t is not null))));
            }

            context.Out.Write(table);
            context.Out.MarkupLine($"[grey]{records.Count} record(s).[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    private static IJustInTimeAccess Access(CommandContext context) =>
        context.Backend.JustInTime ?? throw new UsageException($"The backend ({context.Backend.Description}) has no just-in-time access.");

    internal static string ResolveGroup(CommandContext context, string text) =>
        Guid.TryParse(text, out _) ? text
        : context.Backend.SecurityGroupNames.FirstOrDefault(g => string.Equals(g.Value, text, StringComparison.OrdinalIgnoreCase)).Key
          ?? throw new UsageException($"'{text}' is neither a group object id nor a group name this backend knows.");

    private static string ResolveUser(CommandContext context, string text) =>
        Guid.TryParse(text, out _) ? text
        : context.Backend.UserNames.FirstOrDefault(u => string.Equals(u.Value, text, StringComparison.OrdinalIgnoreCase)).Key
          ?? throw new UsageException($"'{text}' is neither a user object id nor a user name this backend knows.");

    private static Instant ParseUntil(string text, Instant now)
    {
        if (DurationText.TryParse(text, out var span))
        {
            return now + span;
        }

        var instant = InstantPattern.ExtendedIso.Parse(text);
        if (instant.Success)
        {
            return instant.Value;
        }

        var date = LocalDatePattern.Iso.Parse(text);
        if (date.Success)
        {
            return date.Value.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
        }

        throw new UsageException($"--until '{text}' is neither a date (2026-06-30), an instant (2026-06-30T17:00:00Z) nor {DurationText.Hint}.");
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private sealed record EligibilityView(string Id, string GroupId, string GroupName, string PrincipalId, string? PrincipalName, string StartsAt, string? EndsAt)
    {
        public static EligibilityView From(GroupEligibility e, CommandContext context) => new(
            e.Id, e.GroupId, context.Backend.GroupName(e.GroupId), e.PrincipalId, context.Backend.UserNames.GetValueOrDefault(e.PrincipalId),
            InstantPattern.ExtendedIso.Format(e.StartsAt), e.EndsAt is { } end ? InstantPattern.ExtendedIso.Format(end) : null);
    }

    private sealed record AssignmentView(string Id, string GroupId, string GroupName, string PrincipalId, string? PrincipalName, string Type, bool Standing, string? StartsAt, string? EndsAt)
    {
        public static AssignmentView From(GroupAssignment a, CommandContext context) => new(
            a.Id, a.GroupId, context.Backend.GroupName(a.GroupId), a.PrincipalId, context.Backend.UserNames.GetValueOrDefault(a.PrincipalId),
            Camel(a.Type.ToString()), a.IsStanding,
            a.StartsAt == Instant.MinValue ? null : InstantPattern.ExtendedIso.Format(a.StartsAt),
            a.EndsAt is { } end ? InstantPattern.ExtendedIso.Format(end) : null);
    }
}
