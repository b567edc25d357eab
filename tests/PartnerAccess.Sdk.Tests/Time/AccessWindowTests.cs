using NodaTime;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Tests.Time;

public class AccessWindowTests
{
    private static readonly Instant Start = Instant.FromUtc(2025, 1, 1, 0, 0);
    private static readonly Instant End = Start + Duration.FromDays(30);
    private static readonly Duration OneTick = Duration.FromNanoseconds(100);

    private static AccessWindow Active(bool autoExtend = false) =>
        new(Duration.FromDays(30), autoExtend ? GdapDurations.AutoExtendPeriod : Duration.Zero, Start, End);

    private static AccessWindow NotYetActive(bool autoExtend = false) =>
        new(Duration.FromDays(30), autoExtend ? GdapDurations.AutoExtendPeriod : Duration.Zero);

    [Fact]
    public void IsActiveAt_HalfOpenInterval_IncludesStartExcludesEnd()
    {
        var window = Active();

        window.IsActiveAt(Start - OneTick).Should().BeFalse();
        window.IsActiveAt(Start).Should().BeTrue();
        window.IsActiveAt(End - OneTick).Should().BeTrue();
        window.IsActiveAt(End).Should().BeFalse();
        window.IsActiveAt(End + OneTick).Should().BeFalse();
    }

    [Fact]
    public void IsActiveAt_BeforeActivation_False()
    {
        NotYetActive().IsActiveAt(Start).Should().BeFalse();
        NotYetActive().Interval.Should().BeNull();
    }

    [Fact]
    public void Interval_OnceActive_IsActivationToEnd()
    {
        Active().Interval.Should().Be(new Interval(Start, End));
    }

    [Fact]
    public void RemainingAt_CountsDownToZero()
    {
        var window = Active();

        window.RemainingAt(Start).Should().Be(Duration.FromDays(30));
        window.RemainingAt(End - Duration.FromHours(1)).Should().Be(Duration.FromHours(1));
        window.RemainingAt(End).Should().Be(Duration.Zero);
        window.RemainingAt(End + Duration.FromDays(400)).Should().Be(Duration.Zero);
    }

    [Fact]
    public void RemainingAt_BeforeActivation_IsTheFullLength()
    {
        NotYetActive().RemainingAt(Start).Should().Be(Duration.FromDays(30));
    }

    [Fact]
    public void ExpiresWithin_EndInsideTheSpan_True()
    {
        var window = Active();
        var now = End - Duration.FromDays(30);

        window.ExpiresWithin(now, Duration.FromDays(30)).Should().BeTrue("the end lies exactly at now + 30 days");
        window.ExpiresWithin(now, Duration.FromDays(30) - OneTick).Should().BeFalse();
        window.ExpiresWithin(End, Duration.Zero).Should().BeTrue("the end is now");
        window.ExpiresWithin(End + OneTick, Duration.FromDays(30)).Should().BeFalse("it has already ended");
    }

    [Fact]
    public void ExpiresWithin_AutoExtending_NeverExpires()
    {
        Active(autoExtend: true).ExpiresWithin(End - Duration.FromDays(1), Duration.FromDays(30)).Should().BeFalse();
    }

    [Fact]
    public void ExpiresWithin_BeforeActivation_False()
    {
        NotYetActive().ExpiresWithin(Start, Duration.FromDays(1000)).Should().BeFalse();
    }

    [Fact]
    public void NextAutoExtensionAt_IsTheEndWhileItIsAhead()
    {
        var window = Active(autoExtend: true);

        window.NextAutoExtensionAt(Start).Should().Be(End);
        window.NextAutoExtensionAt(End).Should().Be(End);
        window.NextAutoExtensionAt(End + OneTick).Should().BeNull();
    }

    [Fact]
    public void NextAutoExtensionAt_WithoutAutoExtendOrBeforeActivation_Null()
    {
        Active(autoExtend: false).NextAutoExtensionAt(Start).Should().BeNull();
        NotYetActive(autoExtend: true).NextAutoExtensionAt(Start).Should().BeNull();
    }

    [Fact]
    public void DaysLeftAt_RoundsStartedDaysUp()
    {
        var window = Active();

        window.DaysLeftAt(Start).Should().Be(30);
        window.DaysLeftAt(End - Duration.FromDays(1)).Should().Be(1);
        window.DaysLeftAt(End - Duration.FromDays(1) - OneTick).Should().Be(2);
        window.DaysLeftAt(End - OneTick).Should().Be(1);
        window.DaysLeftAt(End).Should().Be(0);
        window.DaysLeftAt(End + Duration.FromDays(3)).Should().Be(0);
    }

    [Fact]
    public void AutoExtends_OnlyWithANonZeroExtension()
    {
        Active(autoExtend: true).AutoExtends.Should().BeTrue();
        Active(autoExtend: false).AutoExtends.Should().BeFalse();
    }

    [Fact]
    public void LengthInDays_TruncatesPartialDays()
    {
        new AccessWindow(Duration.FromDays(2) + Duration.FromHours(23), Duration.Zero).LengthInDays.Should().Be(2);
        new AccessWindow(GdapDurations.Maximum, Duration.Zero).LengthInDays.Should().Be(730);
    }

    [Fact]
    public void Constructor_NegativeOrInvertedValues_Throw()
    {
        FluentActions.Invoking(() => new AccessWindow(Duration.FromDays(-1), Duration.Zero)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new AccessWindow(Duration.FromDays(1), Duration.FromDays(-1))).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new AccessWindow(Duration.FromDays(1), Duration.Zero, End, Start)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Constructor_ZeroLengthInterval_ActiveNowhere()
    {
        var window = new AccessWindow(Duration.Zero, Duration.Zero, Start, Start);

        window.IsActiveAt(Start).Should().BeFalse();
        window.RemainingAt(Start).Should().Be(Duration.Zero);
    }
}
