using System.Globalization;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Planning;

/// <summary>One customer and the templates it should have.</summary>
/// <param name="Customer">The customer: tenant id (a GUID) and name. The name goes into relationship display names.</param>
/// <param name="TemplateNames">The templates, by name. Empty means the customer should have none of the templates.</param>
public sealed record DesiredCustomer(CustomerParticipant Customer, IReadOnlyList<string> TemplateNames)
{
    /// <inheritdoc />
    public override string ToString() => $"{Customer.DisplayName ?? Customer.TenantId} ({Customer.TenantId}): {string.Join(", ", TemplateNames)}";
}

/// <summary>
/// Which templates each customer should have. The planner compares it with the partner's relationships and access
/// assignments. Construction checks everything at once and throws one exception listing every problem.
/// </summary>
/// <remarks>
/// Every template listed here is "managed": for a customer listed here, a relationship derived from a managed
/// template the customer no longer wants is terminated when <see cref="AccessPlannerOptions.TerminateUnwanted"/> is on.
/// Customers not listed are never touched.
/// </remarks>
public sealed class DesiredState
{
    private readonly Dictionary<string, AccessTemplate> _templates;

    /// <summary>Creates a desired state and checks it.</summary>
    /// <param name="templates">Every managed template; each must be valid and, when used, bound to security groups.</param>
    /// <param name="customers">The customers and the templates each should have.</param>
    /// <param name="rules">The rule engine; <see cref="GdapRules.Default"/> when <see langword="null"/>.</param>
    /// <exception cref="PartnerAccessException">Validation, listing every problem.</exception>
    public DesiredState(IEnumerable<AccessTemplate> templates, IEnumerable<DesiredCustomer> customers, GdapRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(customers);
        Templates = templates.ToList();
        Customers = customers.ToList();
        var violations = new List<RuleViolation>();
        rules ??= GdapRules.Default;
        _templates = new Dictionary<string, AccessTemplate>(StringComparer.OrdinalIgnoreCase);
        var used = Customers.SelectMany(c => c.TemplateNames).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var template in Templates)
        {
            var path = $"templates['{template.Name}']";
            violations.AddRange(template.Validate(rules, path));
            if (used.Contains(template.Name))
            {
                violations.AddRange(template.ValidateBound(path));
            }

            if (!_templates.TryAdd(template.Name, template))
            {
                violations.Add(new RuleViolation(TemplateRuleCodes.NameNotUnique, path,
                    $"Template name '{template.Name}' is used more than once; names identify templates and must be unique.", template.Name));
            }
        }

        var tenants = new HashSet<Guid>();
        for (var i = 0; i < Customers.Count; i++)
        {
            var entry = Customers[i];
            var path = string.Create(CultureInfo.InvariantCulture, $"customers[{i}]");
            if (!GdapIds.TryParseGuid(entry.Customer.TenantId, out var tenantId) || tenantId == Guid.Empty)
            {
                violations.Add(new RuleViolation(TemplateRuleCodes.CustomerTenantIdInvalid, path + ".tenantId",
                    $"Customer '{entry.Customer.DisplayName}' has tenant id '{entry.Customer.TenantId}', which is not a GUID.", entry.Customer.TenantId));
            }
            else if (!tenants.Add(tenantId))
            {
                violations.Add(new RuleViolation(TemplateRuleCodes.CustomerDuplicate, path + ".tenantId",
                    $"Customer tenant {entry.Customer.TenantId} is listed more than once; list all its templates in one entry.", entry.Customer.TenantId));
            }

            foreach (var name in entry.TemplateNames.Where(n => !_templates.ContainsKey(n)))
            {
                violations.Add(new RuleViolation(TemplateRuleCodes.TemplateUnknown, path + ".templates",
                    $"Customer '{entry.Customer.DisplayName ?? entry.Customer.TenantId}' asks for template '{name}', which the desired state does not define.", name));
            }
        }

        GdapRules.ThrowIfAny(violations);
    }

    /// <summary>Every managed template.</summary>
    public IReadOnlyList<AccessTemplate> Templates { get; }

    /// <summary>Every customer and the templates it should have.</summary>
    public IReadOnlyList<DesiredCustomer> Customers { get; }

    /// <summary>The same templates for every customer: the common onboarding case.</summary>
    /// <param name="customers">The customers.</param>
    /// <param name="templates">The templates each of them should have.</param>
    /// <returns>The desired state.</returns>
    /// <exception cref="PartnerAccessException">Validation, listing every problem.</exception>
    public static DesiredState ForAll(IEnumerable<CustomerParticipant> customers, params AccessTemplate[] templates)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(templates);
        var names = templates.Select(t => t.Name).ToList();
        return new DesiredState(templates, customers.Select(c => new DesiredCustomer(c, names)));
    }

    /// <summary>Looks a managed template up by name, ignoring case.</summary>
    /// <param name="name">The template name.</param>
    /// <returns>The template.</returns>
    /// <exception cref="KeyNotFoundException">No managed template has that name.</exception>
    public AccessTemplate GetTemplate(string name) =>
        _templates.TryGetValue(name, out var template) ? template : throw new KeyNotFoundException($"No managed template is named '{name}'.");
}
