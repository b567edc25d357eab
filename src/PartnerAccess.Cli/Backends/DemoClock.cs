using NodaTime;

namespace PartnerAccess.Cli.Backends;

/// <summary>
/// The demo's simulated clock: it stands still except when the seeding moves it, so every run of the demo sees the
/// same "now" and prints the same output.
/// </summary>
internal sealed class DemoClock(Instant start) : TimeProvider
{
    private long _ticks = start.ToUnixTimeTicks();

    public Instant Now => Instant.FromUnixTimeTicks(Interlocked.Read(ref _ticks));

    public override DateTimeOffset GetUtcNow() => Now.ToDateTimeOffset();

    public void MoveTo(Instant instant)
    {
        if (instant < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(instant), instant, "The demo clock only moves forward.");
        }

        Interlocked.Exchange(ref _ticks, instant.ToUnixTimeTicks());
    }
}
