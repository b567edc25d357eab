using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Emulator.Faults;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>The loopback emulator in-process, a GraphPartnerAccessClient over real HTTP to it, and its control surface.</summary>
internal sealed class EmulatorHarness : IAsyncDisposable
{
    private EmulatorHarness(GdapEmulator emulator, GraphPartnerAccessClient client, HttpClient control, TimeProvider time)
    {
        Emulator = emulator;
        Client = client;
        Control = control;
        Time = time;
    }

    public GdapEmulator Emulator { get; }

    public GraphPartnerAccessClient Client { get; }

    public HttpClient Control { get; }

    public TimeProvider Time { get; }

    public static async Task<EmulatorHarness> StartAsync(EmulatorFaults faults, TimeProvider clientTime, TimeProvider? wireTime = null)
    {
        var emulator = await GdapEmulator.StartAsync(new GdapEmulatorOptions { Faults = faults, WireTimeProvider = wireTime });
        var client = new GraphPartnerAccessClient(new GraphPartnerAccessOptions
        {
            BaseUrl = emulator.GraphBaseUrl,
            StaticAccessToken = "planning-tests",
            RelationshipPageSize = GraphPartnerAccessOptions.MaxPageSize,
        }, clientTime);
        return new EmulatorHarness(emulator, client, emulator.CreateHttpClient(), clientTime);
    }

    /// <summary>Every customer approves every relationship awaiting approval, through <c>POST /_emulator/relationships/{id}/approve</c>.</summary>
    public async Task<int> ApproveAllAsync()
    {
        var pending = Emulator.Simulator.ListRelationships().Where(r => r.Status == RelationshipStatus.ApprovalPending).ToList();
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (relationship, ct) =>
        {
            using var response = await Control.PostAsync(new Uri($"/_emulator/relationships/{Uri.EscapeDataString(relationship.Id)}/approve", UriKind.Relative), null, ct);
            response.EnsureSuccessStatusCode();
        });
        return pending.Count;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Control.Dispose();
        await Emulator.DisposeAsync();
    }
}
