using System.Xml;
using NodaTime;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Tests.Time;

public class GdapDurationsTests
{
    [Theory]
    [InlineData("P730D", 730)]
    [InlineData("P2Y", 730)]
    [InlineData("P1Y", 365)]
    [InlineData("P180D", 180)]
    [InlineData("P1D", 1)]
    [InlineData("PT0S", 0)]
    [InlineData("P0D", 0)]
    [InlineData("P1M", 30)]
    public void TryParse_IsoForms_ReadsWholeDays(string text, int days)
    {
        GdapDurations.TryParse(text, out var duration).Should().BeTrue();
        duration.Should().Be(Duration.FromDays(days));
    }

    [Fact]
    public void TryParse_P2Y_AgreesWithXmlConvert()
    {
        // The 730-day reading of P2Y is XmlConvert's: it counts a year as 365 days.
        XmlConvert.ToTimeSpan("P2Y").Should().Be(TimeSpan.FromDays(730));
        GdapDurations.Parse("P2Y").Should().Be(GdapDurations.Maximum);
    }

    [Theory]
    [InlineData("PT36H", 36 * 60)]
    [InlineData("P1DT12H", 36 * 60)]
    [InlineData("PT90M", 90)]
    public void TryParse_TimeParts_ReadsExactly(string text, int minutes)
    {
        GdapDurations.TryParse(text, out var duration).Should().BeTrue();
        duration.Should().Be(Duration.FromMinutes(minutes));
    }

    [Fact]
    public void TryParse_Negative_ReadsNegative()
    {
        GdapDurations.TryParse("-P5D", out var duration).Should().BeTrue();
        duration.Should().Be(Duration.FromDays(-5));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" P31D")]
    [InlineData("P31D ")]
    [InlineData("\tP1D\n")]
    [InlineData("garbage")]
    [InlineData("730")]
    [InlineData("730 days")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1W")]
    [InlineData("1.00:00:00")]
    [InlineData("P99999999999999999999D")]
    [InlineData("P9999999999D")]
    public void TryParse_NotAnIsoDuration_ReturnsFalseAndZero(string? text)
    {
        GdapDurations.TryParse(text, out var duration).Should().BeFalse();
        duration.Should().Be(Duration.Zero);
    }

    [Fact]
    public void Parse_Garbage_ThrowsFormatExceptionNamingTheText()
    {
        FluentActions.Invoking(() => GdapDurations.Parse("two years")).Should().Throw<FormatException>().WithMessage("*'two years'*");
    }

    [Theory]
    [InlineData(0, "PT0S")]
    [InlineData(1, "P1D")]
    [InlineData(180, "P180D")]
    [InlineData(730, "P730D")]
    [InlineData(731, "P731D")]
    public void Format_WholeDays_WritesGraphForm(int days, string expected)
    {
        GdapDurations.Format(Duration.FromDays(days)).Should().Be(expected);
    }

    [Fact]
    public void Format_PartialDay_WritesIsoWithTime()
    {
        GdapDurations.Format(Duration.FromDays(1) + Duration.FromHours(12)).Should().Be("P1DT12H");
    }

    [Fact]
    public void Format_NegativeDays_RoundTrips()
    {
        var text = GdapDurations.Format(Duration.FromDays(-5));

        text.Should().Be("-P5D");
        GdapDurations.Parse(text).Should().Be(Duration.FromDays(-5));
    }

    [Theory]
    [InlineData(-800)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(730)]
    [InlineData(800)]
    public void Format_ThenParse_RoundTrips(int days)
    {
        foreach (var duration in new[] { Duration.FromDays(days), Duration.FromDays(days) + Duration.FromHours(5), Duration.FromDays(days) - Duration.FromMinutes(1) })
        {
            GdapDurations.Parse(GdapDurations.Format(duration)).Should().Be(duration);
        }
    }

    [Fact]
    public void IsWholeDays_ByRemainder()
    {
        GdapDurations.IsWholeDays(Duration.FromDays(3)).Should().BeTrue();
        GdapDurations.IsWholeDays(Duration.Zero).Should().BeTrue();
        GdapDurations.IsWholeDays(Duration.FromDays(-3)).Should().BeTrue();
        GdapDurations.IsWholeDays(Duration.FromDays(3) + Duration.FromNanoseconds(1)).Should().BeFalse();
        GdapDurations.IsWholeDays(Duration.FromHours(-36)).Should().BeFalse();
    }

    [Fact]
    public void Constants_MatchGraphLimits()
    {
        GdapDurations.Minimum.Should().Be(Duration.FromDays(1));
        GdapDurations.Maximum.Should().Be(Duration.FromDays(730));
        GdapDurations.AutoExtendPeriod.Should().Be(Duration.FromDays(180));
    }
}
