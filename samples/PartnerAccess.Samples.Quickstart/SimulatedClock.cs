using NodaTime;

namespace PartnerAccess.Samples.Quickstart;

/// <summary>A clock that stands still until the sample moves it, so months pass in a moment.</summary>
internal sealed class SimulatedClock(Instant start) : TimeProvider
{
    private long _ticks = start.ToUnixTimeTicks();

    public Instant Now => Instant.FromUnixTimeTicks(Interlocked.Read(ref _ticks));

    public override DateTimeOffset GetUtcNow() => Now.ToDateTimeOffset();

    public void Advance(Duration duration) => Interlocked.Add(ref _ticks, duration.BclCompatibleTicks);
}
