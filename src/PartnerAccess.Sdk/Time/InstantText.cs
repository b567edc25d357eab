using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace PartnerAccess.Sdk.Time;

/// <summary>The few ways the SDK writes instants: exact ISO for files and keys, short UTC text for people.</summary>
internal static class InstantText
{
    private static readonly InstantPattern Readable = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm 'UTC'");
    private static readonly InstantPattern DateOnly = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd");

    /// <summary>Round-trippable ISO 8601 with as many fraction digits as needed, for example 2025-03-01T10:15:30Z.</summary>
    public static string Iso(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    /// <summary>Reads what <see cref="Iso"/> wrote, and the offset forms Graph writes.</summary>
    public static bool TryParseIso(string? text, out Instant instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var result = InstantPattern.ExtendedIso.Parse(text);
        if (result.Success)
        {
            instant = result.Value;
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            instant = Instant.FromDateTimeOffset(parsed);
            return true;
        }

        return false;
    }

    /// <summary>For people: 2025-03-01 10:15 UTC.</summary>
    public static string ForPeople(Instant instant) => Readable.Format(instant);

    /// <summary>For people, the date only: 2025-03-01.</summary>
    public static string Date(Instant instant) => DateOnly.Format(instant);
}
