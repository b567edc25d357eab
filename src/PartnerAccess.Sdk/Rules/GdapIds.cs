namespace PartnerAccess.Sdk.Rules;

/// <summary>
/// The one GUID parser of the SDK, its tools and its emulator. Graph writes ids in the canonical 36-character form
/// (<c>62e90394-69f5-4237-9190-012177145e10</c>) and compares them as text, so that is the only spelling accepted:
/// no braces, parentheses, missing hyphens or surrounding spaces, although <see cref="Guid.TryParse(string, out Guid)"/>
/// would take them. Letters may be upper or lower case.
/// </summary>
public static class GdapIds
{
    /// <summary>Parses a GUID in its canonical hyphenated 36-character form.</summary>
    /// <param name="text">The text.</param>
    /// <param name="id">The GUID, when parsing succeeds.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is exactly a canonical GUID.</returns>
    public static bool TryParseGuid(string? text, out Guid id)
    {
        id = Guid.Empty;
        return text is { Length: 36 } && Guid.TryParseExact(text, "D", out id);
    }

    /// <summary>Whether the text names something: a canonical GUID (see <see cref="TryParseGuid"/>) other than the empty GUID.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> for a canonical, non-empty GUID.</returns>
    public static bool IsGuid(string? text) => TryParseGuid(text, out var id) && id != Guid.Empty;
}
