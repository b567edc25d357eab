namespace PartnerAccess.Sdk.Planning;

/// <summary>
/// Least-privilege starter tiers shipped with the SDK. Their group slots carry labels only: bind each to a partner
/// security group with <see cref="AccessTemplate.WithSecurityGroup"/> before applying. docs/templates.md lists the roles.
/// </summary>
public static class StarterTemplates
{
    private static readonly Lazy<IReadOnlyList<AccessTemplate>> Templates = new(LoadEmbedded);

    /// <summary>Every starter, in the order docs/templates.md lists them.</summary>
    public static IReadOnlyList<AccessTemplate> All => Templates.Value;

    /// <summary>Tier-1 support: Helpdesk, License and Service Support Administrator, Message Center Reader. Slot "Service desk agents".</summary>
    public static AccessTemplate ServiceDesk => Get("Service desk");

    /// <summary>Mail work: Exchange Recipient Administrator and Exchange Administrator in separate slots.</summary>
    public static AccessTemplate ExchangeSpecialist => Get("Exchange specialist");

    /// <summary>Tier-3: Global Reader, User, Intune and Security Administrator; one year, no auto-extend.</summary>
    public static AccessTemplate EscalationEngineer => Get("Escalation engineer");

    /// <summary>SOC: Security Reader for analysts, plus Security Operator for responders.</summary>
    public static AccessTemplate SecurityOperations => Get("Security operations");

    /// <summary>Audits: Global Reader and Reports Reader for 90 days, no auto-extend.</summary>
    public static AccessTemplate ReadOnlyAuditor => Get("Read-only auditor");

    /// <summary>A starter by name, ignoring case.</summary>
    /// <param name="name">For example <c>Service desk</c>.</param>
    /// <returns>The template.</returns>
    /// <exception cref="KeyNotFoundException">No starter has that name.</exception>
    public static AccessTemplate Get(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"No starter template is named '{name}'. Starters: {string.Join(", ", All.Select(t => t.Name))}.");

    private static IReadOnlyList<AccessTemplate> LoadEmbedded()
    {
        using var stream = typeof(StarterTemplates).Assembly.GetManifestResourceStream("PartnerAccess.Sdk.Planning.starter-templates.json")
            ?? throw new InvalidOperationException("The starter templates resource is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return AccessTemplate.ListFromJson(reader.ReadToEnd());
    }
}
