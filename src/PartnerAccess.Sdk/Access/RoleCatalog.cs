using System.Collections.Frozen;
using System.Text.Json;

namespace PartnerAccess.Sdk.Access;

/// <summary>
/// The shipped catalog of Entra built-in roles that GDAP can delegate, with their workloads and privileged flag,
/// and the roles GDAP must refuse. Every id is checked against at least two sources (docs/concepts/roles-and-least-privilege.md).
/// </summary>
public sealed class RoleCatalog
{
    /// <summary>The Global Administrator template id; it rules out auto-extend.</summary>
    public static readonly Guid GlobalAdministratorId = new("62e90394-69f5-4237-9190-012177145e10");

    private static readonly Lazy<RoleCatalog> DefaultCatalog = new(LoadEmbedded);

    private readonly FrozenDictionary<Guid, RoleDefinition> _roles;
    private readonly FrozenDictionary<Guid, ExcludedRole> _excluded;

    /// <summary>Creates a catalog from explicit entries, for example a refreshed list.</summary>
    /// <param name="roles">The eligible roles.</param>
    /// <param name="excluded">The refused roles.</param>
    public RoleCatalog(IEnumerable<RoleDefinition> roles, IEnumerable<ExcludedRole> excluded)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(excluded);
        Roles = roles.ToList();
        Excluded = excluded.ToList();
        _roles = Roles.ToFrozenDictionary(r => r.TemplateId);
        _excluded = Excluded.ToFrozenDictionary(r => r.TemplateId);
    }

    /// <summary>The catalog shipped with this version of the SDK.</summary>
    public static RoleCatalog Default => DefaultCatalog.Value;

    /// <summary>Every eligible role, in catalog order.</summary>
    public IReadOnlyList<RoleDefinition> Roles { get; }

    /// <summary>Every refused role.</summary>
    public IReadOnlyList<ExcludedRole> Excluded { get; }

    /// <summary>Looks a role up by template id.</summary>
    /// <param name="templateId">The role template id.</param>
    /// <returns>The definition, or <see langword="null"/> when the catalog does not know it.</returns>
    public RoleDefinition? Find(Guid templateId) => _roles.GetValueOrDefault(templateId);

    /// <summary>Looks a role up by its Entra display name, ignoring case.</summary>
    /// <param name="name">For example <c>Exchange Administrator</c>.</param>
    /// <returns>The definition, or <see langword="null"/>.</returns>
    public RoleDefinition? FindByName(string name) =>
        Roles.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Why a role is refused, if it is.</summary>
    /// <param name="templateId">The role template id.</param>
    /// <returns>The exclusion, or <see langword="null"/> when the role is not on the list.</returns>
    public ExcludedRole? FindExcluded(Guid templateId) => _excluded.GetValueOrDefault(templateId);

    /// <summary>The roles that serve a workload, for example every role an Exchange engineer might need.</summary>
    /// <param name="workload">The workload.</param>
    /// <returns>The roles, least privileged first.</returns>
    public IReadOnlyList<RoleDefinition> ForWorkload(Workload workload) =>
        Roles.Where(r => r.Workloads.Contains(workload)).OrderBy(r => r.IsPrivileged).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();

    /// <summary>Whether a role is privileged. Roles the catalog does not know count as privileged.</summary>
    /// <param name="templateId">The role template id.</param>
    /// <returns><see langword="true"/> when Entra labels it privileged or the catalog does not know it.</returns>
    public bool IsPrivileged(Guid templateId) => Find(templateId)?.IsPrivileged ?? true;

    private static RoleCatalog LoadEmbedded()
    {
        using var stream = typeof(RoleCatalog).Assembly.GetManifestResourceStream("PartnerAccess.Sdk.role-catalog.json")
            ?? throw new InvalidOperationException("The role catalog resource is missing from the assembly.");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var roles = root.GetProperty("roles").EnumerateArray().Select(e =>
        {
            var primary = Enum.Parse<Workload>(e.GetProperty("workload").GetString()!);
            var workloads = new List<Workload> { primary };
            workloads.AddRange(e.GetProperty("additionalWorkloads").EnumerateArray().Select(w => Enum.Parse<Workload>(w.GetString()!)));
            return new RoleDefinition
            {
                TemplateId = Guid.Parse(e.GetProperty("templateId").GetString()!),
                Name = e.GetProperty("name").GetString()!,
                PrimaryWorkload = primary,
                Workloads = workloads,
                IsPrivileged = e.GetProperty("privileged").GetBoolean(),
                Notes = e.GetProperty("notes").GetString() is { Length: > 0 } notes ? notes : null,
                Sources = e.GetProperty("sources").EnumerateArray().Select(s => s.GetString()!).ToList(),
            };
        });
        var excluded = root.GetProperty("excluded").EnumerateArray().Select(e => new ExcludedRole(
            Guid.Parse(e.GetProperty("templateId").GetString()!),
            e.GetProperty("name").GetString()!,
            e.GetProperty("reason").GetString()!));
        return new RoleCatalog(roles, excluded);
    }
}
