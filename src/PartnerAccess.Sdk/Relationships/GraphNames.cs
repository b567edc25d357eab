using System.Collections.Concurrent;

namespace PartnerAccess.Sdk.Relationships;

/// <summary>
/// Converts the SDK's status and action enums to and from Graph's camelCase names. Values Graph adds later
/// (or <c>unknownFutureValue</c>) read as the enum's <c>Unknown</c> member instead of failing.
/// </summary>
public static class GraphNames
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    /// <summary>The Graph name of an enum value, for example <c>approvalPending</c>.</summary>
    /// <typeparam name="TEnum">An SDK enum whose zero value means unknown.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The camelCase name.</returns>
    public static string ToGraphName<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        return Names.GetOrAdd(value, static v =>
        {
            var name = v.ToString();
            return name == "Unknown" ? "unknownFutureValue" : char.ToLowerInvariant(name[0]) + name[1..];
        });
    }

    /// <summary>Reads a Graph name; unknown or missing names give the enum's zero (<c>Unknown</c>) value.</summary>
    /// <typeparam name="TEnum">An SDK enum whose zero value means unknown.</typeparam>
    /// <param name="value">The name Graph sent.</param>
    /// <returns>The matching value, or <c>default</c>.</returns>
    public static TEnum Parse<TEnum>(string? value)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrEmpty(value) || value.Any(char.IsDigit) || value.Contains(','))
        {
            return default;
        }

        return Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : default;
    }
}
