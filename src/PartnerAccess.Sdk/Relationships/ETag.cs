namespace PartnerAccess.Sdk.Relationships;

/// <summary>
/// An opaque concurrency token (Graph's <c>@odata.etag</c>). It travels with each domain object and is sent as
/// <c>If-Match</c> on every change, so a change made against a stale copy fails instead of overwriting.
/// </summary>
public readonly record struct ETag
{
    /// <summary>Wraps a token exactly as the service sent it.</summary>
    /// <param name="value">The token, for example <c>W/"JyI0NzAw…"</c>.</param>
    public ETag(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    /// <summary>The token matching any version. The SDK never sends it on its own.</summary>
    public static ETag All { get; } = new("*");

    /// <summary>The token text; empty for a default value.</summary>
    public string Value => field ?? string.Empty;

    /// <summary>Whether this is a real token.</summary>
    public bool HasValue => !string.IsNullOrEmpty(Value);

    /// <summary>Whether <paramref name="ifMatch"/> allows a change of the version this token names.</summary>
    /// <param name="ifMatch">The token the caller supplied.</param>
    /// <returns><see langword="true"/> when it is <see cref="All"/> or equal to this token.</returns>
    public bool IsMatchedBy(ETag ifMatch) => ifMatch.Value == All.Value || string.Equals(ifMatch.Value, Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Value;
}
