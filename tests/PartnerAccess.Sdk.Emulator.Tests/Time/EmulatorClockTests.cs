using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk.Emulator.Time;

namespace PartnerAccess.Sdk.Emulator.Tests.Time;

public sealed class EmulatorClockTests
{
    private static readonly Instant Start = Instant.FromUtc(2025, 1, 1, 0, 0);

    [Fact]
    public void Advance_ManualClock_MovesOnlyWhenAdvanced()
    {
        var clock = new EmulatorClock(Start);

        clock.Now.Should().Be(Start);
        clock.Advance(Duration.FromDays(30)).Should().Be(Start + Duration.FromDays(30));
        clock.GetUtcNow().Should().Be(new DateTimeOffset(2025, 1, 31, 0, 0, 0, TimeSpan.Zero));
        clock.IsRealTime.Should().BeFalse();
    }

    [Fact]
    public void Advance_Negative_Throws()
    {
        var clock = new EmulatorClock(Start);

        var act = () => clock.Advance(Duration.FromSeconds(-1));

        act.Should().Throw<ArgumentOutOfRangeException>();
        clock.Now.Should().Be(Start);
    }

    [Fact]
    public void Now_RealTimeClock_FollowsWallClockPlusAdvances()
    {
        var wall = new FakeTimeProvider();
        var clock = new EmulatorClock(Start, wall);

        wall.Advance(TimeSpan.FromMinutes(5));
        clock.Advance(TimeSpan.FromDays(1));

        clock.Now.Should().Be(Start + Duration.FromDays(1) + Duration.FromMinutes(5));
        clock.IsRealTime.Should().BeTrue();
    }
}
