using System.Xml;
using NodaTime;

namespace PartnerAccess.Sdk.Time;

/// <summary>
/// Reads and writes GDAP durations in ISO 8601 form. Graph writes days (<c>P730D</c>, <c>P180D</c>) and zero as
/// <c>PT0S</c>, and accepts <c>P2Y</c>; a year counts as 365 days, so <c>P2Y</c> is 730 days (docs/adr/0002-time-model.md).
/// <see cref="TimeSpan.Parse(string)"/> cannot read these forms; this type can.
/// </summary>
public static class GdapDurations
{
    /// <summary>The only auto-extension Graph offers: 180 days.</summary>
    public static Duration AutoExtendPeriod { get; } = Duration.FromDays(180);

    /// <summary>The longest relationship: 730 days.</summary>
    public static Duration Maximum { get; } = Duration.FromDays(730);

    /// <summary>The shortest relationship: 1 day.</summary>
    public static Duration Minimum { get; } = Duration.FromDays(1);

    /// <summary>
    /// Parses an ISO 8601 duration such as <c>P730D</c>, <c>P2Y</c>, <c>PT0S</c> or <c>P0D</c>: the one duration parser of
    /// the SDK, its tools and its emulator. The text must be exactly the duration; surrounding white space is refused
    /// (XML Schema would collapse it, Graph's JSON does not).
    /// </summary>
    /// <param name="value">The text.</param>
    /// <param name="duration">The duration, when parsing succeeds.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid ISO 8601 duration.</returns>
    public static bool TryParse(string? value, out Duration duration)
    {
        duration = Duration.Zero;
        if (string.IsNullOrEmpty(value) || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return false;
        }

        try
        {
            duration = Duration.FromTimeSpan(XmlConvert.ToTimeSpan(value));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Parses an ISO 8601 duration or throws.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The duration.</returns>
    /// <exception cref="FormatException">The text is not an ISO 8601 duration.</exception>
    public static Duration Parse(string value) =>
        TryParse(value, out var duration) ? duration : throw new FormatException($"'{value}' is not an ISO 8601 duration such as P730D or PT0S.");

    /// <summary>Writes a duration the way Graph does: <c>PT0S</c> for zero, <c>P{n}D</c> for whole days.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>The ISO 8601 text.</returns>
    public static string Format(Duration duration)
    {
        if (duration == Duration.Zero)
        {
            return "PT0S";
        }

        if (!IsWholeDays(duration))
        {
            return XmlConvert.ToString(duration.ToTimeSpan());
        }

        // ISO 8601 puts the sign before the P; "P-5D" would not parse back.
        return duration < Duration.Zero ? $"-P{-duration.Days}D" : $"P{duration.Days}D";
    }

    /// <summary>Whether the duration is a whole number of days.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns><see langword="true"/> when no hours, minutes or smaller parts remain.</returns>
    public static bool IsWholeDays(Duration duration) => duration.NanosecondOfDay == 0;
}
