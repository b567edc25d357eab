namespace PartnerAccess.Sdk.Access;

/// <summary>An entry of the <see cref="RoleCatalog"/>: an Entra built-in role that GDAP can delegate.</summary>
public sealed record RoleDefinition
{
    /// <summary>The role template id.</summary>
    public required Guid TemplateId { get; init; }

    /// <summary>The role's display name in Entra.</summary>
    public required string Name { get; init; }

    /// <summary>The workload the role is listed under.</summary>
    public required Workload PrimaryWorkload { get; init; }

    /// <summary>Every workload the role serves, the primary one first.</summary>
    public required IReadOnlyList<Workload> Workloads { get; init; }

    /// <summary>Whether Entra labels the role privileged.</summary>
    public required bool IsPrivileged { get; init; }

    /// <summary>Guidance on when to use the role.</summary>
    public string? Notes { get; init; }

    /// <summary>The sources (E, M, G, P in docs/concepts/roles-and-least-privilege.md) that confirm the id.</summary>
    public IReadOnlyList<string> Sources { get; init; } = Array.Empty<string>();
}

/// <summary>A role the catalog refuses, and why.</summary>
/// <param name="TemplateId">The role template id.</param>
/// <param name="Name">The role's display name.</param>
/// <param name="Reason">Why GDAP must not delegate it.</param>
public sealed record ExcludedRole(Guid TemplateId, string Name, string Reason);
