using NodaTime;
using PartnerAccess.Cli.Infrastructure;

namespace PartnerAccess.Cli.Tests.Infrastructure;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("30d", 30 * 24 * 60)]
    [InlineData("2w", 14 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("90m", 90)]
    [InlineData("P730D", 730 * 24 * 60)]
    [InlineData("PT0S", 0)]
    public void TryParse_KnownForms_GiveTheSpan(string text, long minutes)
    {
        DurationText.TryParse(text, out var duration).Should().BeTrue();
        duration.Should().Be(Duration.FromMinutes(minutes));
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("d")]
    [InlineData("30x")]
    [InlineData("-3d")]
    [InlineData("P30")]
    public void TryParse_Malformed_Fails(string text) => DurationText.TryParse(text, out _).Should().BeFalse();

    [Fact]
    public void ExitCodes_ForEveryErrorCode_AreDocumentedValues()
    {
        var allowed = new[] { ExitCodes.RuleViolation, ExitCodes.NotFound, ExitCodes.Conflict, ExitCodes.Unauthorized, ExitCodes.ServiceError };
        foreach (var code in Enum.GetValues<PartnerAccess.Sdk.PartnerAccessErrorCode>())
        {
            ExitCodes.For(code).Should().BeOneOf(allowed);
        }

        ExitCodes.For(PartnerAccess.Sdk.PartnerAccessErrorCode.Concurrency).Should().Be(ExitCodes.Conflict);
        ExitCodes.For(PartnerAccess.Sdk.PartnerAccessErrorCode.InvalidState).Should().Be(ExitCodes.RuleViolation);
        ExitCodes.For(PartnerAccess.Sdk.PartnerAccessErrorCode.Throttled).Should().Be(ExitCodes.ServiceError);
    }
}
