using System.Text.Json.Nodes;

namespace PartnerAccess.Sdk.Emulator.Wire;

/// <summary>The top-level properties a response keeps under <c>$select</c>. Annotations and <c>id</c> always stay.</summary>
internal sealed class PropertySelection
{
    private readonly HashSet<string>? _names;

    private PropertySelection(HashSet<string>? names) => _names = names;

    /// <summary>No <c>$select</c>: every property.</summary>
    public static PropertySelection All { get; } = new(null);

    /// <summary>The properties <paramref name="names"/> lists (case-insensitive), already checked against the endpoint's.</summary>
    public static PropertySelection Of(IEnumerable<string> names) => new(new HashSet<string>(names, StringComparer.OrdinalIgnoreCase));

    public bool Keeps(string property) =>
        _names is null || property == "id" || property.StartsWith("@odata.", StringComparison.Ordinal) || _names.Contains(property);

    /// <summary>Removes what is not kept from an entity built as a <see cref="JsonObject"/>; the rest keeps its order.</summary>
    public void Apply(JsonObject entity)
    {
        if (_names is null)
        {
            return;
        }

        foreach (var key in entity.Select(p => p.Key).Where(k => !Keeps(k)).ToList())
        {
            entity.Remove(key);
        }
    }
}
