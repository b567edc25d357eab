using NodaTime;
using PartnerAccess.Sdk.Graph.Tests.Support;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Graph.Tests.Time;

/// <summary>Durations go on the wire in ISO-8601 day form and read back from every form Graph uses.</summary>
public sealed class DurationWireTests
{
    private static readonly string Id = GraphJson.RelationshipId(41);
    private readonly StubGraphHandler _stub = new();
    private readonly ObservableTimeProvider _time = new();

    [Theory]
    [InlineData(31, 0, "P31D", "PT0S")]
    [InlineData(730, 180, "P730D", "P180D")]
    [InlineData(1, 0, "P1D", "PT0S")]
    public async Task UpdateRelationship_Durations_AreWrittenAsIsoDays(int days, int autoExtendDays, string duration, string autoExtend)
    {
        _stub.On("PATCH", Paths.Relationship, _ => Responses.Ok(GraphJson.Relationship(Id)));
        using var client = TestClients.Create(_stub, _time);

        await client.UpdateRelationshipAsync(Snapshots.Created(Id), new RelationshipUpdate
        {
            Duration = Duration.FromDays(days),
            AutoExtendDuration = Duration.FromDays(autoExtendDays),
        });

        var body = _stub.Requests.Single().Json!;
        body["duration"]!.GetValue<string>().Should().Be(duration);
        body["autoExtendDuration"]!.GetValue<string>().Should().Be(autoExtend);
    }

    [Theory]
    [InlineData("P2Y", 730)]
    [InlineData("P730D", 730)]
    [InlineData("P1Y", 365)]
    [InlineData("P180D", 180)]
    [InlineData("PT0S", 0)]
    [InlineData("P0D", 0)]
    public async Task GetRelationship_DurationForms_ReadAsDays(string wire, int days)
    {
        _stub.On("GET", Paths.Relationship, _ => Responses.Ok(GraphJson.Relationship(Id, duration: wire, autoExtendDuration: wire)));
        using var client = TestClients.Create(_stub, _time);

        var relationship = await client.GetRelationshipAsync(Id);

        relationship.Window.Length.Should().Be(Duration.FromDays(days));
        relationship.Window.AutoExtendDuration.Should().Be(Duration.FromDays(days));
    }
}
