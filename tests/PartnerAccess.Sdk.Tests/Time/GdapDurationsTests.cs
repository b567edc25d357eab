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
    [InlineData("PT0S", 0)]
    [InlineData("P0D", 0)]
    public void TryParse_IsoForms_ReadsWholeDays(string text, int days)
    {
        GdapDurations.TryParse(text, out var duration).Should().BeTrue();
        duration.Should().Be(Duration.FromDays(days));
    }
}
