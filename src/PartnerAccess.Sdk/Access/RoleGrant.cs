namespace PartnerAccess.Sdk.Access;

/// <summary>
/// One Entra built-in role in a relationship or an access assignment, identified by its template id and resolved
/// through the <see cref="RoleCatalog"/>. A role Graph returns that the catalog does not know stays readable and is
/// marked <see cref="IsKnown"/> = <see langword="false"/>.
/// </summary>
/// <param name="RoleDefinitionId">The role template id.</param>
public sealed record RoleGrant(Guid RoleDefinitionId)
{
    /// <summary>The catalog entry, when the shipped catalog knows the role.</summary>
    public RoleDefinition? Definition => RoleCatalog.Default.Find(RoleDefinitionId);

    /// <summary>Whether the shipped catalog knows the role.</summary>
    public bool IsKnown => Definition is not null;

    /// <summary>The role's name, or a placeholder naming the id.</summary>
    public string Name => Definition?.Name ?? $"Unknown role {RoleDefinitionId}";

    /// <summary>The workloads the role serves; empty for unknown roles.</summary>
    public IReadOnlyList<Workload> Workloads => Definition?.Workloads ?? Array.Empty<Workload>();

    /// <summary>Whether the role is privileged; unknown roles count as privileged.</summary>
    public bool IsPrivileged => Definition?.IsPrivileged ?? true;

    /// <summary>Whether this is Global Administrator, which rules out auto-extend.</summary>
    public bool IsGlobalAdministrator => RoleDefinitionId == RoleCatalog.GlobalAdministratorId;

    /// <summary>Parses a role template id in canonical GUID form (<see cref="Rules.GdapIds.TryParseGuid"/>).</summary>
    /// <param name="roleDefinitionId">A GUID string such as <c>62e90394-69f5-4237-9190-012177145e10</c>.</param>
    /// <returns>The grant.</returns>
    /// <exception cref="FormatException">The text is not a canonical GUID.</exception>
    public static RoleGrant Parse(string roleDefinitionId) =>
        Rules.GdapIds.TryParseGuid(roleDefinitionId, out var id)
            ? new RoleGrant(id)
            : throw new FormatException($"'{roleDefinitionId}' is not a role template id (a GUID such as 62e90394-69f5-4237-9190-012177145e10).");

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({RoleDefinitionId})";
}
