using System.Globalization;
using NodaTime;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Cli.Infrastructure;

/// <summary>Reads spans people type: <c>30d</c>, <c>2w</c>, <c>12h</c>, <c>90m</c>, or ISO 8601 such as <c>P730D</c>.</summary>
internal static class DurationText
{
    public const string Hint = "a span such as 30d, 2w, 12h, 90m or P730D";

    public static bool TryParse(string? text, out Duration duration)
    {
        duration = Duration.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal))
        {
            return GdapDurations.TryParse(text, out duration);
        }

        var unit = char.ToLowerInvariant(text[^1]);
        if (!long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        Duration? parsed = unit switch
        {
            'w' => Duration.FromDays(amount * 7),
            'd' => Duration.FromDays(amount),
            'h' => Duration.FromHours(amount),
            'm' => Duration.FromMinutes(amount),
            _ => null,
        };
        duration = parsed ?? Duration.Zero;
        return parsed is not null;
    }
}
