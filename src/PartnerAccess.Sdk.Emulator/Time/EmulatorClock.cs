using NodaTime;
using NodaTime.Extensions;

namespace PartnerAccess.Sdk.Emulator.Time;

/// <summary>
/// The emulator's one clock. Every transition the service drives (approval steps, activation, expiry,
/// auto-extension, clean-up, long-running operations) runs on it. It moves only through <see cref="Advance(Duration)"/>
/// (<c>POST /_emulator/clock/advance</c>), unless it was created in real-time mode, where it also follows the wall clock.
/// </summary>
public sealed class EmulatorClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly TimeProvider? _wallClock;
    private readonly long _wallStart;
    private readonly Instant _start;
    private Duration _advanced;

    /// <summary>Creates a clock that stands still at <paramref name="start"/> until it is advanced.</summary>
    /// <param name="start">The emulator's initial "now".</param>
    public EmulatorClock(Instant start)
    {
        _start = start;
    }

    /// <summary>Creates a clock that starts at <paramref name="start"/> and runs with <paramref name="wallClock"/>; advancing adds to it.</summary>
    /// <param name="start">The emulator's initial "now".</param>
    /// <param name="wallClock">The time source whose elapsed time the clock follows.</param>
    public EmulatorClock(Instant start, TimeProvider wallClock)
    {
        ArgumentNullException.ThrowIfNull(wallClock);
        _start = start;
        _wallClock = wallClock;
        _wallStart = wallClock.GetTimestamp();
    }

    /// <summary>Whether the clock also follows the wall clock.</summary>
    public bool IsRealTime => _wallClock is not null;

    /// <summary>The emulator's current instant.</summary>
    public Instant Now
    {
        get
        {
            lock (_gate)
            {
                var now = _start + _advanced;
                if (_wallClock is not null)
                {
                    now += Duration.FromTimeSpan(_wallClock.GetElapsedTime(_wallStart));
                }

                return now;
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Now.ToDateTimeOffset();

    /// <summary>Moves the clock forward.</summary>
    /// <param name="duration">How far; zero or more.</param>
    /// <returns>The new "now".</returns>
    /// <exception cref="ArgumentOutOfRangeException">The duration is negative: the clock never goes back.</exception>
    public Instant Advance(Duration duration)
    {
        if (duration < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The emulator clock only moves forward.");
        }

        lock (_gate)
        {
            _advanced += duration;
        }

        return Now;
    }

    /// <summary>Moves the clock forward.</summary>
    /// <param name="duration">How far; zero or more.</param>
    /// <returns>The new "now".</returns>
    public Instant Advance(TimeSpan duration) => Advance(duration.ToDuration());
}
