using System.CommandLine;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Cli.Rendering;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;
using Spectre.Console;

namespace PartnerAccess.Cli.Commands;

/// <summary><c>plan</c> and <c>apply</c>: bring customers to the access the templates describe, through <see cref="AccessPlanner"/>.</summary>
internal static class PlanCommands
{
    public static Command BuildPlan(CliHost host)
    {
        var input = new DesiredStateInput();
        var all = new Option<bool>("--all") { Description = "Also list customers that are already up to date." };
        var createGroups = CreateGroupsOption();
        var command = new Command("plan", "Show what apply would change to give customers the templates' access; changes nothing.") { all, createGroups };
        input.AddTo(command);
        host.Handle(command, async context =>
        {
            var (desired, groups) = await input.BuildAsync(context, context.Get(createGroups) ? MissingGroupHandling.Report : MissingGroupHandling.Fail);
            var planner = new AccessPlanner(context.Client, input.PlannerOptions(context));
            var plan = await planner.PlanAsync(desired, context.CancellationToken);
            if (context.Json)
            {
                var readiness = await ReadinessOutput.CheckAsync(context, desired);
                context.WriteJson(PlanView.From(plan, context.Get(all)) with
                {
                    GroupsToCreate = groups?.Missing.Select(g => g.DisplayName).ToList() ?? [],
                    Readiness = readiness.Select(ReadinessOutput.View).ToList(),
                });
                return ExitCodes.Success;
            }

            WriteGroupsToCreate(context, groups);
            WritePlan(context, plan, context.Get(all));
            ReadinessOutput.WriteTable(context, await ReadinessOutput.CheckAsync(context, desired), includeReady: context.Get(all));
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command BuildApply(CliHost host)
    {
        var input = new DesiredStateInput();
        var yes = Arguments.Yes();
        var concurrency = new Option<int>("--max-concurrency")
        {
            Description = "How many customers to work on at once.",
            DefaultValueFactory = _ => new AccessPlannerOptions().MaxConcurrency,
        };
        var limitHint = new Option<double?>("--rate-limit-hint")
        {
            Description = "The service's request limit per second as an earlier apply measured it (apply prints it when it was throttled): start just below it instead of learning it again.",
            HelpName = "per-second",
        };
        var createGroups = CreateGroupsOption();
        var command = new Command("apply", "Plan, then make the changes, with a live progress bar; resumable and safe to run again.") { yes, concurrency, limitHint, createGroups };
        input.AddTo(command);
        host.Handle(command, async context =>
        {
            var (desired, groups) = await input.BuildAsync(context, context.Get(createGroups) ? MissingGroupHandling.Report : MissingGroupHandling.Fail);
            var missingGroups = groups?.Missing.Count ?? 0;
            var maxConcurrency = context.Get(concurrency);
            if (maxConcurrency < 1)
            {
                throw new UsageException("--max-concurrency must be at least 1.");
            }

            if (context.Get(limitHint) is <= 0)
            {
                throw new UsageException("--rate-limit-hint must be positive.");
            }

            var planner = new AccessPlanner(context.Client, input.PlannerOptions(context) with
            {
                MaxConcurrency = maxConcurrency,
                RequestsPerSecondLimitHint = context.Get(limitHint),
            });
            var plan = await planner.PlanAsync(desired, context.CancellationToken);
            if (plan.Writes == 0 && missingGroups == 0)
            {
                if (context.Json)
                {
                    context.WriteJson(ApplyView.From(new ApplyResult([])));
                }
                else
                {
                    context.Out.MarkupLine($"[green]Nothing to change:[/] {plan.Customers.Count} customer(s) already match the templates or await approval.");
                }

                return ExitCodes.Success;
            }

            if (!context.Json)
            {
                WriteGroupsToCreate(context, groups);
                WritePlan(context, plan, includeUpToDate: false);
            }

            var customersToChange = plan.Customers.Count(c => c.Writes > 0);
            var question = missingGroups == 0
                ? $"Make {plan.Writes} change(s) for {customersToChange} customer(s)?"
                : $"Create {missingGroups} security group(s), then make the changes for the customers?";
            if (!Arguments.Confirm(context, yes, question))
            {
                context.Error.MarkupLine("Nothing was changed.");
                return ExitCodes.Cancelled;
            }

            if (missingGroups > 0)
            {
                // The groups come first; the plan is made again with them bound, so their assignments are in it.
                (desired, groups) = await input.BuildAsync(context, MissingGroupHandling.Create);
                if (!context.Json)
                {
                    foreach (var created in groups!.Created)
                    {
                        context.Out.MarkupLine($"[green]Created group[/] {Cells.Escape(created.DisplayName)} ({created.SecurityGroupId}).");
                    }
                }

                plan = await planner.PlanAsync(desired, context.CancellationToken);
            }

            var result = context.Json
                ? await planner.ApplyAsync(plan, null, context.CancellationToken)
                : await ApplyWithProgressAsync(context, planner, plan);
            if (context.Json)
            {
                var readiness = await ReadinessOutput.CheckAsync(context, desired);
                context.WriteJson(ApplyView.From(result) with
                {
                    GroupsCreated = groups?.Created.Select(g => new CreatedGroupView(g.DisplayName, g.SecurityGroupId)).ToList() ?? [],
                    Readiness = readiness.Select(ReadinessOutput.View).ToList(),
                });
            }
            else
            {
                WriteResult(context, result);
                if (result.ThrottledCalls > 0 && planner.MeasuredRequestsPerSecondLimit is { } limit)
                {
                    var perSecond = Math.Floor(limit).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    context.Out.MarkupLine($"The service throttled at about {perSecond} requests a second; start the next apply there with [bold]--rate-limit-hint {perSecond}[/].");
                }

                ReadinessOutput.WriteTable(context, await ReadinessOutput.CheckAsync(context, desired), includeReady: false);
            }

            return result.Customers.FirstOrDefault(c => c.Outcome == CustomerOutcome.Failed) is { } failed
                ? failed.Error is { } error ? ExitCodes.For(error.ErrorCode) : ExitCodes.ServiceError
                : ExitCodes.Success;
        });
        return command;
    }

    private static Option<bool> CreateGroupsOption() => new("--create-groups")
    {
        Description = "Create the security groups that template slots name but the partner tenant lacks (each name once; never a second group with one name).",
    };

    private static void WriteGroupsToCreate(CommandContext context, TemplateGroupResolution? groups)
    {
        foreach (var missing in groups?.Missing ?? [])
        {
            context.Out.MarkupLine($"[green]createGroup[/] {Cells.Escape(missing.DisplayName)}: a security group; its slots' assignments are planned once it exists.");
        }
    }

    private static async Task<ApplyResult> ApplyWithProgressAsync(CommandContext context, AccessPlanner planner, AccessPlan plan)
    {
        ApplyResult? result = null;
        await context.Error.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Applying", maxValue: plan.Customers.Count);
                ApplyProgress? shown = null;
                var reporter = new Reporter<ApplyProgress>(p =>
                {
                    // Workers report concurrently, so an older snapshot can arrive after a newer one.
                    if (shown is { } last && (p.CustomersCompleted < last.CustomersCompleted || p.Writes < last.Writes))
                    {
                        return;
                    }

                    shown = p;
                    task.MaxValue = p.CustomersTotal;
                    task.Value = p.CustomersCompleted;
                    task.Description = $"{p.CustomersCompleted}/{p.CustomersTotal} customers, {p.Writes} writes";
                });
                result = await planner.ApplyAsync(plan, reporter, context.CancellationToken);
                task.Value = task.MaxValue;
            });
        return result!;
    }

    private static void WritePlan(CommandContext context, AccessPlan plan, bool includeUpToDate)
    {
        var shown = plan.Customers.Where(c => includeUpToDate || PlanView.IsShown(c)).ToList();
        if (shown.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("Plan");
            table.AddColumn("Customer");
            table.AddColumn(new TableColumn("Step").NoWrap());
            table.AddColumn(new TableColumn("Writes").RightAligned());
            table.AddColumn("What");
            foreach (var customer in shown)
            {
                var name = Cells.Escape(customer.Customer.DisplayName ?? customer.Customer.TenantId);
                if (customer.ReadError is { } readError)
                {
                    table.AddRow(name, "[yellow]notFullyRead[/]", string.Empty, Cells.Escape($"not fully read ({readError.Message}); the steps may be incomplete and apply reads it again"));
                    name = string.Empty;
                }
                else if (customer.Steps.Count == 0)
                {
                    table.AddRow(name, "[green]upToDate[/]", "0", string.Empty);
                }

                foreach (var step in customer.Steps)
                {
                    table.AddRow(name, StepKind(step.Kind), step.Writes.ToString(System.Globalization.CultureInfo.InvariantCulture), Cells.Escape(step.ToString()));
                    name = string.Empty;
                }
            }

            context.Out.Write(table);
        }

        var counts = plan.CountByKind().Where(k => k.Value > 0).Select(k => $"{GraphNames.ToGraphName(k.Key)} {k.Value}");
        var upToDate = plan.Customers.Count(c => c.IsUpToDate && !c.AwaitsApproval && c.ReadError is null);
        var notFullyRead = plan.Customers.Count(c => c.ReadError is not null);
        context.Out.MarkupLine($"{plan.Customers.Count} customer(s): [bold]{plan.Writes} write(s)[/]" +
            (plan.Writes > 0 ? $" ({Cells.Escape(string.Join(", ", counts))})" : string.Empty) +
            $"; {upToDate} up to date" +
            (notFullyRead > 0 ? $"; [yellow]{notFullyRead} not fully read[/] (apply reads them again)." : "."));
    }

    private static void WriteResult(CommandContext context, ApplyResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Result");
        table.AddColumn("Customer");
        table.AddColumn(new TableColumn("Outcome").NoWrap());
        table.AddColumn(new TableColumn("Writes").RightAligned());
        table.AddColumn("Next");
        foreach (var customer in result.Customers.Where(c => c.Writes > 0 || c.Outcome != CustomerOutcome.Succeeded))
        {
            var next = customer.Outcome switch
            {
                CustomerOutcome.Failed => $"[red]{Cells.Escape(customer.Error?.ErrorCode.ToString() ?? "error")}:[/] {Cells.Escape(customer.Error?.Message)}",
                CustomerOutcome.PendingApproval => $"{customer.ApprovalLinks.Count} approval link(s) below",
                _ => string.Empty,
            };
            table.AddRow(
                Cells.Escape(customer.Customer.DisplayName ?? customer.Customer.TenantId),
                customer.Outcome switch
                {
                    CustomerOutcome.Succeeded => "[green]succeeded[/]",
                    CustomerOutcome.PendingApproval => "[yellow]pendingApproval[/]",
                    _ => "[red]failed[/]",
                },
                customer.Writes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                next);
        }

        context.Out.Write(table);
        context.Out.MarkupLine($"{result.Writes} write(s): {result.Succeeded} succeeded, {result.PendingApproval} awaiting approval, " +
            (result.Failed > 0 ? $"[red]{result.Failed} failed[/]" : "0 failed") +
            (result.ThrottledCalls > 0 ? $"; {result.ThrottledCalls} call(s) throttled and retried." : "."));
        if (result.PendingApproval > 0)
        {
            context.Out.MarkupLine("Send each customer its approval link; run apply again after they approve to create the access assignments:");

            // Written unwrapped, so each link stays one line to copy.
            var writer = context.Out.Profile.Out.Writer;
            foreach (var customer in result.Customers.Where(c => c.ApprovalLinks.Count > 0))
            {
                foreach (var link in customer.ApprovalLinks)
                {
                    writer.WriteLine($"  {customer.Customer.DisplayName ?? customer.Customer.TenantId}: {link}");
                }
            }

            writer.Flush();
        }
    }

    private static string StepKind(PlanStepKind kind)
    {
        var name = GraphNames.ToGraphName(kind);
        return kind switch
        {
            PlanStepKind.CreateRelationship or PlanStepKind.RenewRelationship or PlanStepKind.ReplaceRelationship or PlanStepKind.CreateAssignment => $"[green]{name}[/]",
            PlanStepKind.TerminateRelationship or PlanStepKind.TerminateReplacedRelationship or PlanStepKind.DeleteRelationship or PlanStepKind.DeleteAssignment or PlanStepKind.RemoveGlobalAdministrator => $"[red]{name}[/]",
            PlanStepKind.AwaitApproval or PlanStepKind.AwaitService or PlanStepKind.Note => $"[grey]{name}[/]",
            _ => $"[yellow]{name}[/]",
        };
    }

    /// <summary>Reports on the calling thread, so the bar never lags behind the result.</summary>
    private sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        private readonly Lock _gate = new();

        public void Report(T value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}

internal sealed record PlanStepView(
    string Kind,
    string TemplateName,
    string RelationshipName,
    string? RelationshipId,
    string? SecurityGroupId,
    IReadOnlyList<string>? Roles,
    string? Reason,
    int Writes,
    string? ApprovalLink,
    string Description,
    string? ReplacesRelationshipId = null,
    string? ReplacedByRelationshipId = null)
{
    public static PlanStepView From(PlanStep s) => new(
        GraphNames.ToGraphName(s.Kind),
        s.TemplateName,
        s.RelationshipName,
        s.Relationship?.Id,
        s.SecurityGroupId,
        s.Roles?.Select(r => r.Name).ToList(),
        s.Reason,
        s.Writes,
        s.ApprovalLink?.ToString(),
        s.ToString(),
        s.Replaces?.Id,
        s.ReplacedBy?.Id);
}

// ReadError: why the customer's relationship details could not be read (its steps may be incomplete; apply reads it
// again); null when all was read.
internal sealed record CustomerPlanView(string TenantId, string? DisplayName, int Writes, bool UpToDate, bool AwaitsApproval, IReadOnlyList<PlanStepView> Steps, ErrorView? ReadError);

internal sealed record PlanView(string CreatedAt, int Customers, int Writes, IReadOnlyDictionary<string, int> CountByKind, IReadOnlyList<CustomerPlanView> CustomerPlans)
{
    /// <summary>Security groups that slots name and apply --create-groups would create.</summary>
    public IReadOnlyList<string> GroupsToCreate { get; init; } = [];

    /// <summary>Each customer's readiness verdict, as verify reports it.</summary>
    public IReadOnlyList<object> Readiness { get; init; } = [];

    public static PlanView From(AccessPlan plan, bool includeUpToDate) => new(
        Iso.Format(plan.CreatedAt),
        plan.Customers.Count,
        plan.Writes,
        new SortedDictionary<string, int>(plan.CountByKind().Where(k => k.Value > 0).ToDictionary(k => GraphNames.ToGraphName(k.Key), k => k.Value), StringComparer.Ordinal),
        plan.Customers
            .Where(c => includeUpToDate || IsShown(c))
            .Select(c => new CustomerPlanView(
                c.Customer.TenantId,
                c.Customer.DisplayName,
                c.Writes,
                c.IsUpToDate,
                c.AwaitsApproval,
                c.Steps.Select(PlanStepView.From).ToList(),
                c.ReadError is { } e ? ErrorView.From(e) : null))
            .ToList());

    /// <summary>Whether a customer is listed without <c>--all</c>: it has steps, or it was not fully read, so "no steps" is not "up to date".</summary>
    public static bool IsShown(CustomerPlan customer) => customer.Steps.Count > 0 || customer.ReadError is not null;
}

internal sealed record CustomerResultView(string TenantId, string? DisplayName, string Outcome, int Writes, int Attempts, IReadOnlyList<string> ApprovalLinks, ErrorView? Error);

internal sealed record ApplyView(int Writes, int Succeeded, int PendingApproval, int Failed, int ThrottledCalls, IReadOnlyList<CustomerResultView> Customers)
{
    public static ApplyView From(ApplyResult result) => new(
        result.Writes,
        result.Succeeded,
        result.PendingApproval,
        result.Failed,
        result.ThrottledCalls,
        result.Customers.Select(c => new CustomerResultView(
            c.Customer.TenantId,
            c.Customer.DisplayName,
            GraphNames.ToGraphName(c.Outcome),
            c.Writes,
            c.Attempts,
            c.ApprovalLinks.Select(l => l.ToString()).ToList(),
            c.Error is { } e ? ErrorView.From(e) : null)).ToList());

    /// <summary>The security groups <c>--create-groups</c> created in this run.</summary>
    public IReadOnlyList<CreatedGroupView> GroupsCreated { get; init; } = [];

    /// <summary>Each customer's readiness verdict after the apply, as verify reports it.</summary>
    public IReadOnlyList<object> Readiness { get; init; } = [];
}

internal sealed record CreatedGroupView(string DisplayName, string? SecurityGroupId);
