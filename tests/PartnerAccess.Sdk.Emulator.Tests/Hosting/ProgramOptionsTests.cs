using Microsoft.Extensions.Configuration;
using NodaTime;

namespace PartnerAccess.Sdk.Emulator.Tests.Hosting;

public sealed class ProgramOptionsTests
{
    private static IConfiguration Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create<string, string?>("Emulator:" + v.Key, v.Value)))
            .Build()
            .GetSection("Emulator");

    [Fact]
    public void ReadOptions_Settings_AreParsed()
    {
        var options = Program.ReadOptions(Section(
            ("AssignmentActivationDelay", "PT2S"),
            ("OperationDelay", "PT10S"),
            ("PartnerTenantId", "00000000-0000-0000-0000-000000001234"),
            ("AllowRolesNotInCatalog", "true"),
            ("StartTime", "2025-06-01T00:00:00Z"),
            ("BearerToken", "abc"),
            ("OperationRetryAfter", "PT1S"),
            ("Faults:LatencyMs", "25"),
            ("Faults:ThrottleRequestsPerSecond", "20"),
            ("Faults:Seed", "7")));

        options.Simulator.AssignmentActivationDelay.Should().Be(Duration.FromSeconds(2));
        options.Simulator.OperationDelay.Should().Be(Duration.FromSeconds(10));
        options.Simulator.PartnerTenantId.Should().Be("00000000-0000-0000-0000-000000001234");
        options.Simulator.Rules.AllowRolesNotInCatalog.Should().BeTrue();
        options.StartTime.Should().Be(Instant.FromUtc(2025, 6, 1, 0, 0));
        options.BearerToken.Should().Be("abc");
        options.Simulator.OperationRetryAfter.Should().Be(Duration.FromSeconds(1));
        options.Faults.LatencyMs.Should().Be(25);
        options.Faults.ThrottleRequestsPerSecond.Should().Be(20);
        options.Faults.Seed.Should().Be(7);
        options.Faults.RetryAfterSeconds.Should().Be(1);
    }

    [Fact]
    public void ReadOptions_Empty_GivesDefaults()
    {
        var options = Program.ReadOptions(Section());

        options.Should().BeEquivalentTo(new GdapEmulatorOptions());
    }

    [Theory]
    [InlineData("OperationDelay", "ten seconds")]
    [InlineData("StartTime", "tomorrow")]
    [InlineData("RealTime", "maybe")]
    [InlineData("Faults:Status429Rate", "3")]
    public void ReadOptions_InvalidSetting_ThrowsFormatException(string key, string value)
    {
        var act = () => Program.ReadOptions(Section((key, value)));

        act.Should().Throw<FormatException>().WithMessage($"*{key.Split(':')[0]}*");
    }
}
