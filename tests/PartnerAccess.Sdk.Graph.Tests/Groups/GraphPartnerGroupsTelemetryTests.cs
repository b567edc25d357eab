using PartnerAccess.Sdk.Groups;

namespace PartnerAccess.Sdk.Graph.Tests.Groups;

/// <summary>GraphPartnerGroups operations are spans and metrics like the client's own.</summary>
[Collection(TelemetryCapture.Collection)]
public sealed class GraphPartnerGroupsTelemetryTests : IDisposable
{
    private readonly TelemetryCapture _telemetry = new();

    public void Dispose() => _telemetry.Dispose();

    [Fact]
    public async Task CreateSecurityGroup_OverTheEmulator_IsOneSpanWithItsOwnName()
    {
        await using var host = await EmulatorHost.StartAsync();
        var groups = new GraphPartnerGroups(host.Client);

        await groups.CreateSecurityGroupAsync(new CreatePartnerGroupRequest { DisplayName = "GDAP - Helpdesk" });
        await groups.ListGroupsAsync("GDAP").ToListAsync();

        _telemetry.Single("CreateSecurityGroup").GetTagItem("partneraccess.operation").Should().Be("CreateSecurityGroup");
        _telemetry.Single("ListGroups");
        _telemetry.Activities.Should().NotContain(a => a.OperationName == "PartnerAccess.FindGroupByName", "the name check inside a create is part of its span");
    }
}
