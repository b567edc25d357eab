using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Planning;

/// <summary>
/// Derives relationship display names from a customer and a template, deterministically, so the planner recognises
/// a relationship it created before and never creates a second one.
/// </summary>
/// <remarks>
/// <para>A name reads <c>{template} - {customer} [TAG]</c>, for example <c>Service desk - Contoso Ltd [K3F9Q2]</c>.
/// TAG is six characters of a SHA-256 over the customer's tenant id and the template's name, so it never changes
/// for the pair. When the text is too long for Graph's 50 characters the customer part is shortened; the tag stays.</para>
/// <para>The tag is always there, not only after shortening: tenant names are not unique (two customers can both be
/// "Contoso"), and a customer can be renamed. The tag keeps names unique across the partner, and lets the planner
/// find a pair's relationships by tag and tenant id even after the customer's name changed.</para>
/// <para>A renewal is a new relationship (Graph cannot lengthen one), so it needs a new unique name: generation
/// <c>n</c> ≥ 2 reads <c>… [TAG-n]</c>. This is the one scheme for every relationship the SDK creates: template
/// applies, the renewal planner and renewals proposed by notices (<see cref="Next"/>). Names of the earlier renewal
/// scheme, <c>… [TAG] R2</c>, are still recognised as generation 2.</para>
/// </remarks>
public static partial class RelationshipNames
{
    /// <summary>The number of characters in a tag.</summary>
    public const int TagLength = 6;

    // Crockford's base 32: no I, L, O or U, so a tag read aloud or retyped survives.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>The display name of a customer's relationship for a template.</summary>
    /// <param name="customer">The customer; its tenant id and name.</param>
    /// <param name="templateName">The template's name.</param>
    /// <param name="generation">1 for the first relationship, 2 and up for renewals.</param>
    /// <returns>A name of at most 50 characters.</returns>
    public static string Derive(CustomerParticipant customer, string templateName, int generation = 1)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentException.ThrowIfNullOrWhiteSpace(templateName);
        ArgumentOutOfRangeException.ThrowIfLessThan(generation, 1);
        var suffix = generation == 1
            ? $" [{Tag(customer.TenantId, templateName)}]"
            : string.Create(CultureInfo.InvariantCulture, $" [{Tag(customer.TenantId, templateName)}-{generation}]");
        var customerName = Clean(customer.DisplayName);
        if (customerName.Length == 0)
        {
            customerName = customer.TenantId.Length > 8 ? customer.TenantId[..8] : customer.TenantId;
        }

        var text = $"{Clean(templateName)} - {customerName}";
        var room = GdapRules.MaxDisplayNameLength - suffix.Length;
        return Shorten(text, room) + suffix;
    }

    /// <summary>The tag of a customer and template: six base-32 characters of a SHA-256 over both.</summary>
    /// <param name="customerTenantId">The customer's tenant id.</param>
    /// <param name="templateName">The template's name (case does not matter).</param>
    /// <returns>The tag.</returns>
    public static string Tag(string customerTenantId, string templateName)
    {
        ArgumentNullException.ThrowIfNull(customerTenantId);
        ArgumentNullException.ThrowIfNull(templateName);
        var tenant = Guid.TryParse(customerTenantId, out var id) ? id.ToString("D") : customerTenantId.Trim().ToLowerInvariant();
        var key = tenant + "\n" + templateName.Trim().ToLowerInvariant();
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        var bits = ((ulong)hash[0] << 32) | ((ulong)hash[1] << 24) | ((ulong)hash[2] << 16) | ((ulong)hash[3] << 8) | hash[4];
        Span<char> tag = stackalloc char[TagLength];
        for (var i = 0; i < TagLength; i++)
        {
            tag[i] = Alphabet[(int)((bits >> (35 - (5 * i))) & 31)];
        }

        return new string(tag);
    }

    /// <summary>
    /// The name of the next renewal of a relationship that no name in <paramref name="taken"/> uses: the same text and
    /// tag with the next generation, so the planner recognises the renewal as its own.
    /// </summary>
    /// <param name="displayName">The current relationship's name, for example <c>Service desk - Contoso [K3F9Q2]</c>.</param>
    /// <param name="customerTenantId">
    /// The customer's tenant id, for a name without a tag (made by hand): the renewal then gets the tag of this tenant
    /// and the name's text; <see langword="null"/> when the relationship names no customer.
    /// </param>
    /// <param name="taken">Names in use (compared case-insensitively, as Graph does).</param>
    /// <returns>For example <c>Service desk - Contoso [K3F9Q2-2]</c>, or <c>… [K3F9Q2-3]</c> when that is taken.</returns>
    public static string Next(string displayName, string? customerTenantId, IEnumerable<string> taken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        ArgumentNullException.ThrowIfNull(taken);
        var used = new HashSet<string>(taken, GdapRules.DisplayNameComparer);
        string text;
        string tag;
        int generation;
        var match = TagPattern().Match(displayName);
        if (match.Success)
        {
            text = displayName[..match.Index];
            tag = match.Groups["tag"].Value.ToUpperInvariant();
            generation = GenerationOf(match);
        }
        else
        {
            text = Clean(displayName);
            tag = Tag(customerTenantId ?? string.Empty, text);
            generation = 1;
        }

        for (var next = generation + 1; ; next++)
        {
            var suffix = string.Create(CultureInfo.InvariantCulture, $" [{tag}-{next}]");
            var candidate = Shorten(text, GdapRules.MaxDisplayNameLength - suffix.Length) + suffix;
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Reads the tag and generation from a display name this class derived.</summary>
    /// <param name="displayName">A relationship's display name.</param>
    /// <param name="tag">The tag, upper case.</param>
    /// <param name="generation">1 for a first relationship, 2 and up for renewals.</param>
    /// <returns><see langword="true"/> when the name ends with a tag.</returns>
    public static bool TryParse(string? displayName, out string tag, out int generation)
    {
        tag = string.Empty;
        generation = 0;
        if (displayName is null)
        {
            return false;
        }

        var match = TagPattern().Match(displayName);
        if (!match.Success)
        {
            return false;
        }

        tag = match.Groups["tag"].Value.ToUpperInvariant();
        generation = GenerationOf(match);
        return true;
    }

    // "[TAG-n]" is generation n; the earlier renewal scheme's "[TAG] Rn" is generation n too.
    private static int GenerationOf(Match match) =>
        match.Groups["gen"].Success ? int.Parse(match.Groups["gen"].Value, CultureInfo.InvariantCulture)
        : match.Groups["legacy"].Success ? int.Parse(match.Groups["legacy"].Value, CultureInfo.InvariantCulture)
        : 1;

    private static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        // Control characters break Graph's display-name rule; runs of white space waste the 50 characters.
        var builder = new StringBuilder(text.Length);
        var lastWasSpace = false;
        foreach (var c in text.Trim())
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            builder.Append(c);
            lastWasSpace = false;
        }

        return builder.ToString().Trim();
    }

    private static string Shorten(string text, int room)
    {
        if (text.Length <= room)
        {
            return text;
        }

        var cut = room;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut].TrimEnd(' ', '-', ',', '.', '(', '&');
    }

    [GeneratedRegex(@" \[(?<tag>[0-9A-HJKMNP-TV-Z]{6})(?:-(?<gen>[1-9][0-9]{0,3}))?\](?: R(?<legacy>[2-9]|[1-9][0-9]{1,3}))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
