using NodaTime;

namespace PartnerAccess.Sdk.Time;

/// <summary>
/// When a relationship's access is in force: the requested length, the auto-extension, and once active the
/// half-open interval [activated, end). Every query takes "now" so callers choose the clock.
/// </summary>
public sealed record AccessWindow
{
    /// <summary>Creates a window.</summary>
    /// <param name="length">The requested length (Graph's <c>duration</c>).</param>
    /// <param name="autoExtendDuration">Zero, or 180 days when the relationship auto-extends.</param>
    /// <param name="activatedAt">When access started; <see langword="null"/> before activation.</param>
    /// <param name="endsAt">When access ends; <see langword="null"/> before activation.</param>
    /// <exception cref="ArgumentOutOfRangeException">The length or auto-extension is negative, or the end precedes the activation.</exception>
    public AccessWindow(Duration length, Duration autoExtendDuration, Instant? activatedAt = null, Instant? endsAt = null)
    {
        if (length < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "The length cannot be negative.");
        }

        if (autoExtendDuration < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(autoExtendDuration), autoExtendDuration, "The auto-extension cannot be negative.");
        }

        if (activatedAt is { } start && endsAt is { } end && end < start)
        {
            throw new ArgumentOutOfRangeException(nameof(endsAt), endsAt, "The end cannot precede the activation.");
        }

        Length = length;
        AutoExtendDuration = autoExtendDuration;
        ActivatedAt = activatedAt;
        EndsAt = endsAt;
    }

    /// <summary>The requested length, 1 to 730 days for a valid request.</summary>
    public Duration Length { get; init; }

    /// <summary>The requested length in whole days.</summary>
    public int LengthInDays => (int)Math.Floor(Length.TotalDays);

    /// <summary>Zero, or 180 days when the relationship auto-extends.</summary>
    public Duration AutoExtendDuration { get; init; }

    /// <summary>Whether the relationship extends itself by 180 days when it reaches its end.</summary>
    public bool AutoExtends => AutoExtendDuration > Duration.Zero;

    /// <summary>When access started; <see langword="null"/> before activation.</summary>
    public Instant? ActivatedAt { get; init; }

    /// <summary>When access ends (it moves forward on each auto-extension); <see langword="null"/> before activation.</summary>
    public Instant? EndsAt { get; init; }

    /// <summary>The half-open interval [activated, end), once both are known.</summary>
    public Interval? Interval => ActivatedAt is { } start && EndsAt is { } end ? new Interval(start, end) : null;

    /// <summary>Whether access is in force at <paramref name="now"/>.</summary>
    /// <param name="now">The instant to ask about.</param>
    /// <returns><see langword="true"/> when <paramref name="now"/> lies in [activated, end).</returns>
    public bool IsActiveAt(Instant now) => Interval?.Contains(now) ?? false;

    /// <summary>How much access time is left at <paramref name="now"/>.</summary>
    /// <param name="now">The instant to ask about.</param>
    /// <returns>Zero after the end; the full length before activation.</returns>
    public Duration RemainingAt(Instant now)
    {
        if (EndsAt is not { } end)
        {
            return Length;
        }

        return end > now ? end - now : Duration.Zero;
    }

    /// <summary>
    /// Whether access will lapse within <paramref name="within"/> of <paramref name="now"/>: the end lies in
    /// [now, now + within] and auto-extend is off. An auto-extending window never expires on its own.
    /// </summary>
    /// <param name="now">The instant to ask about.</param>
    /// <param name="within">How far ahead to look.</param>
    /// <returns><see langword="true"/> when the window ends in that span and will not extend.</returns>
    public bool ExpiresWithin(Instant now, Duration within) =>
        !AutoExtends && EndsAt is { } end && end >= now && end <= now + within;

    /// <summary>When the window next extends itself, if it does.</summary>
    /// <param name="now">The instant to ask about.</param>
    /// <returns>The current end when it lies at or after <paramref name="now"/> and auto-extend is on; otherwise <see langword="null"/>.</returns>
    public Instant? NextAutoExtensionAt(Instant now) =>
        AutoExtends && EndsAt is { } end && end >= now ? end : null;

    /// <summary>Whole days left at <paramref name="now"/>, rounded up, as a notice would say it.</summary>
    /// <param name="now">The instant to ask about.</param>
    /// <returns>The number of started days until the end.</returns>
    public int DaysLeftAt(Instant now) => (int)Math.Ceiling(RemainingAt(now).TotalDays);
}
