using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Renewal;

/// <summary>
/// Derives a renewal's display name: the base name plus " R2", " R3" and so on, so the customer recognises it and
/// Graph's uniqueness rule holds. Names that would pass 50 characters are cut and given a short hash of the full
/// base name, so two long names sharing a prefix still differ.
/// </summary>
public static partial class RenewalNames
{
    private const int HashLength = 6;

    /// <summary>The name of the next renewal of <paramref name="displayName"/> that no relationship in <paramref name="taken"/> uses.</summary>
    /// <param name="displayName">The current relationship's name, for example <c>Contoso support</c> or <c>Contoso support R2</c>.</param>
    /// <param name="taken">Names in use (compared case-insensitively, as Graph does).</param>
    /// <returns>For example <c>Contoso support R2</c>, or <c>Contoso support R3</c> when R2 is taken.</returns>
    public static string Next(string displayName, IEnumerable<string> taken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        ArgumentNullException.ThrowIfNull(taken);
        var used = new HashSet<string>(taken, GdapRules.DisplayNameComparer);
        var (baseName, generation) = Split(displayName.Trim());
        for (var next = generation + 1; ; next++)
        {
            var candidate = Compose(baseName, next);
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Splits a name into its base and renewal number: <c>Contoso R3</c> gives (<c>Contoso</c>, 3); a name without a suffix is generation 1.</summary>
    /// <param name="displayName">The name.</param>
    /// <returns>The base name and the generation.</returns>
    public static (string BaseName, int Generation) Split(string displayName)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        var match = SuffixPattern().Match(displayName);
        if (match.Success && int.TryParse(match.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 2 &&
            match.Groups["base"].Value.Trim().Length > 0)
        {
            return (match.Groups["base"].Value, n);
        }

        return (displayName, 1);
    }

    /// <summary>Builds generation <paramref name="generation"/> of <paramref name="baseName"/>, at most 50 characters.</summary>
    /// <param name="baseName">The base name.</param>
    /// <param name="generation">2 or more.</param>
    /// <returns>The name.</returns>
    public static string Compose(string baseName, int generation)
    {
        ArgumentNullException.ThrowIfNull(baseName);
        ArgumentOutOfRangeException.ThrowIfLessThan(generation, 2);
        var suffix = " R" + generation.ToString(CultureInfo.InvariantCulture);
        if (baseName.Length + suffix.Length <= GdapRules.MaxDisplayNameLength)
        {
            return baseName + suffix;
        }

        var keep = GdapRules.MaxDisplayNameLength - suffix.Length - HashLength - 1;
        var head = baseName[..keep];
        if (char.IsHighSurrogate(head[^1]))
        {
            head = head[..^1];
        }

        return head.TrimEnd() + "-" + ShortHash(baseName) + suffix;
    }

    private static string ShortHash(string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexString(hash).ToLowerInvariant()[..HashLength];
    }

    [GeneratedRegex(@"^(?<base>.*) R(?<n>[0-9]{1,6})$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex SuffixPattern();
}
