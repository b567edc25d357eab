using System.CommandLine;
using System.Text.Json;
using NodaTime;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Cli.Commands;

/// <summary>
/// The options <c>plan</c> and <c>apply</c> share, and how they become the SDK's <see cref="DesiredState"/>: which
/// templates, bound to which partner groups, for which customers.
/// </summary>
internal sealed class DesiredStateInput
{
    private readonly Option<string[]> _templates = new("--template", "-t")
    {
        Description = "A starter template name (see `templates list`) or a template JSON file; repeat for several.",
        Required = true,
        Arity = ArgumentArity.OneOrMore,
        HelpName = "name|file",
    };

    private readonly Option<string[]> _bind = new("--bind", "-b")
    {
        Description = "Bind a template's group slot to a partner security group: \"<slot>=<group id or group name>\"; a name is looked up in the partner tenant (see --create-groups on apply); repeat per slot.",
        Arity = ArgumentArity.ZeroOrMore,
        HelpName = "slot=group",
    };

    private readonly Option<FileInfo?> _customersFile = new("--customers")
    {
        Description = "A JSON ([{\"tenantId\", \"name\", \"templates\"}]) or CSV (tenantId,name,templates with ';' between templates) file of customers. Default: every customer the partner has a relationship with, with every template.",
        HelpName = "file",
    };

    private readonly Option<string[]> _customer = new("--customer")
    {
        Description = "Only these customer tenant ids; repeat for several.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<Duration> _renewWithin = Arguments.Span("--renew-within", "Renew relationships that end within this span", Duration.FromDays(30));

    private readonly Option<bool> _terminateUnwanted = new("--terminate-unwanted")
    {
        Description = "Terminate (or delete) relationships of managed templates a listed customer no longer wants.",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _templates, _bind, _customersFile, _customer, _renewWithin, _terminateUnwanted })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Adds only the options that say which templates each customer should have, with --template optional (report).</summary>
    public void AddOptionalTo(Command command)
    {
        _templates.Required = false;
        _templates.Description = "Also judge each customer's readiness against these templates: a starter template name or a template JSON file; repeat for several.";
        foreach (var option in new Option[] { _templates, _bind, _customersFile, _customer })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Whether --template was given.</summary>
    public bool HasTemplates(CommandContext context) => context.Get(_templates) is { Length: > 0 };

    public AccessPlannerOptions PlannerOptions(CommandContext context) => new()
    {
        RenewWithin = context.Get(_renewWithin),
        TerminateUnwanted = context.Get(_terminateUnwanted),
    };

    public async Task<DesiredState> BuildAsync(CommandContext context) => (await BuildAsync(context, MissingGroupHandling.Fail)).Desired;

    /// <summary>Builds the desired state, first binding slots that name a group through the backend's groups.</summary>
    public async Task<(DesiredState Desired, TemplateGroupResolution? Groups)> BuildAsync(CommandContext context, MissingGroupHandling missingGroups)
    {
        IReadOnlyList<AccessTemplate> templates = await TemplatesAsync(context);
        TemplateGroupResolution? resolution = null;
        if (templates.Any(t => t.Groups.Any(g => g.SecurityGroupId is null && g.SecurityGroupName is not null)))
        {
            var groups = context.Backend.Groups ?? throw new UsageException("This backend cannot read partner groups, so slots must be bound by group id.");
            resolution = await new TemplateGroupResolver(groups).ResolveAsync(templates, missingGroups, context.CancellationToken);
            templates = resolution.Templates;
        }

        var names = templates.Select(t => t.Name).ToList();
        var customers = await CustomersAsync(context, names);
        return (new DesiredState(templates, customers), resolution);
    }

    private async Task<IReadOnlyList<AccessTemplate>> TemplatesAsync(CommandContext context)
    {
        var templates = new List<AccessTemplate>();
        foreach (var reference in context.Get(_templates) ?? [])
        {
            if (File.Exists(reference))
            {
                templates.AddRange(await TemplateFiles.LoadAsync(new FileInfo(reference), context.CancellationToken));
                continue;
            }

            try
            {
                templates.Add(StarterTemplates.Get(reference));
            }
            catch (KeyNotFoundException e)
            {
                throw new UsageException($"'{reference}' is neither a template file nor a starter template. {e.Message}");
            }
        }

        foreach (var binding in context.Get(_bind) ?? [])
        {
            var parts = binding.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new UsageException($"--bind needs \"<slot>=<group id>\"; '{binding}' is not.");
            }

            var groupId = GroupId(context, parts[1]);
            var bound = false;
            for (var i = 0; i < templates.Count; i++)
            {
                if (templates[i].Groups.Any(g => string.Equals(g.Label, parts[0], StringComparison.OrdinalIgnoreCase)))
                {
                    templates[i] = groupId is null ? templates[i].WithSecurityGroupName(parts[0], parts[1]) : templates[i].WithSecurityGroup(parts[0], groupId);
                    bound = true;
                }
            }

            if (!bound)
            {
                var slots = templates.SelectMany(t => t.Groups).Select(g => g.Label).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase);
                throw new UsageException($"No template has a group slot '{parts[0]}'. Slots: {string.Join(", ", slots.Select(s => $"'{s}'"))}.");
            }
        }

        return templates;
    }

    /// <summary>The group id a --bind value gives, or <see langword="null"/> for a group name to resolve through the backend's groups.</summary>
    private static string? GroupId(CommandContext context, string text)
    {
        if (GdapIds.IsGuid(text))
        {
            return text;
        }

        var match = context.Backend.SecurityGroupNames.FirstOrDefault(g => string.Equals(g.Value, text, StringComparison.OrdinalIgnoreCase));
        if (match.Key is not null || context.Backend.Groups is not null)
        {
            return match.Key;
        }

        throw new UsageException($"'{text}' is not a security group id" +
            (context.Backend.SecurityGroupNames.Count > 0 ? $" nor one of the groups {string.Join(", ", context.Backend.SecurityGroupNames.Values.Select(v => $"'{v}'"))}." : "."));
    }

    private async Task<IReadOnlyList<DesiredCustomer>> CustomersAsync(CommandContext context, IReadOnlyList<string> allTemplates)
    {
        IReadOnlyList<DesiredCustomer> customers = context.Get(_customersFile) is { } file
            ? ReadCustomers(file, allTemplates)
            : await KnownCustomersAsync(context, allTemplates);
        var only = context.Get(_customer) ?? [];
        if (only.Length == 0)
        {
            return customers;
        }

        var unknown = only.Where(id => !customers.Any(c => string.Equals(c.Customer.TenantId, id, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            throw new PartnerAccessException(PartnerAccessErrorCode.NotFound, $"No customer has tenant id {string.Join(", ", unknown)}; list them in --customers to onboard new ones.");
        }

        return customers.Where(c => only.Contains(c.Customer.TenantId, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    private static async Task<IReadOnlyList<DesiredCustomer>> KnownCustomersAsync(CommandContext context, IReadOnlyList<string> templates)
    {
        var customers = new Dictionary<string, CustomerParticipant>(StringComparer.OrdinalIgnoreCase);
        await foreach (var relationship in context.Client.ListRelationshipsAsync(null, context.CancellationToken))
        {
            if (relationship.Customer is { } customer && (!customers.TryGetValue(customer.TenantId, out var known) || known.DisplayName is null))
            {
                customers[customer.TenantId] = customer;
            }
        }

        return customers.Values
            .OrderBy(c => c.DisplayName ?? c.TenantId, StringComparer.OrdinalIgnoreCase)
            .Select(c => new DesiredCustomer(c, templates))
            .ToList();
    }

    private static List<DesiredCustomer> ReadCustomers(FileInfo file, IReadOnlyList<string> allTemplates)
    {
        if (!file.Exists)
        {
            throw new UsageException($"The customers file '{file.FullName}' does not exist.");
        }

        var text = File.ReadAllText(file.FullName);
        return string.Equals(file.Extension, ".csv", StringComparison.OrdinalIgnoreCase)
            ? ReadCsv(text, allTemplates)
            : ReadJson(text, allTemplates);
    }

    private static List<DesiredCustomer> ReadJson(string text, IReadOnlyList<string> allTemplates)
    {
        List<CustomerEntry>? entries;
        try
        {
            entries = JsonSerializer.Deserialize<List<CustomerEntry>>(text, new JsonSerializerOptions(JsonSerializerDefaults.Web)
            {
                ReadCommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException e)
        {
            throw new UsageException($"The customers file is not a JSON array of {{\"tenantId\", \"name\", \"templates\"}}: {e.Message}");
        }

        return (entries ?? []).Select(e => new DesiredCustomer(
            new CustomerParticipant(e.TenantId ?? string.Empty, e.Name ?? e.DisplayName),
            e.Templates is { } names ? names : allTemplates)).ToList();
    }

    private static List<DesiredCustomer> ReadCsv(string text, IReadOnlyList<string> allTemplates)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0 || !lines[0].StartsWith("tenantId", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException("The customers CSV needs a header line: tenantId,name,templates");
        }

        return lines.Skip(1).Select(line =>
        {
            var cells = line.Split(',', 3, StringSplitOptions.TrimEntries);
            var templates = cells.Length > 2 && cells[2].Length > 0
                ? cells[2].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : allTemplates;
            return new DesiredCustomer(new CustomerParticipant(cells[0], cells.Length > 1 && cells[1].Length > 0 ? cells[1] : null), templates);
        }).ToList();
    }

    private sealed record CustomerEntry(string? TenantId, string? Name, string? DisplayName, string[]? Templates);
}
