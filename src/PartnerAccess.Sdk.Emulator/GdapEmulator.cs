using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerAccess.Sdk.Emulator.Diagnostics;
using PartnerAccess.Sdk.Emulator.Faults;
using PartnerAccess.Sdk.Emulator.Hosting;
using PartnerAccess.Sdk.Emulator.Mail;
using PartnerAccess.Sdk.Emulator.Time;
using PartnerAccess.Sdk.Testing;
using AspNetWebApplication = Microsoft.AspNetCore.Builder.WebApplication;

namespace PartnerAccess.Sdk.Emulator;

/// <summary>
/// A running GDAP emulator on 127.0.0.1: Microsoft Graph's <c>/tenantRelationships</c> wire protocol backed by the
/// shared engine (<see cref="GdapSimulator"/>), with a controllable clock and fault injection. Start one per test
/// class (or per test) with <see cref="StartAsync"/>, point a client at <see cref="GraphBaseUrl"/>, and dispose it.
/// </summary>
public sealed class GdapEmulator : IAsyncDisposable
{
    private readonly AspNetWebApplication _app;
    private readonly EmulatorState _state;
    private int _disposed;

    private GdapEmulator(AspNetWebApplication app, EmulatorState state, Uri baseAddress)
    {
        _app = app;
        _state = state;
        BaseAddress = baseAddress;
        GraphBaseUrl = new Uri(baseAddress, "v1.0");
        BetaBaseUrl = new Uri(baseAddress, "beta");
    }

    /// <summary>The emulator's root, for example <c>http://127.0.0.1:51234/</c>; the control surface lives under <c>_emulator/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The Graph v1.0 base URL to give a Graph client, for example <c>http://127.0.0.1:51234/v1.0</c> (no trailing slash).</summary>
    public Uri GraphBaseUrl { get; }

    /// <summary>The Graph beta base URL (sign-in logs), for example <c>http://127.0.0.1:51234/beta</c>.</summary>
    public Uri BetaBaseUrl { get; }

    /// <summary>The settings the emulator runs with.</summary>
    public GdapEmulatorOptions Options => _state.Options;

    /// <summary>The engine behind the Graph surface; tests may call it directly (for example to approve or inspect audit records).</summary>
    public GdapSimulator Simulator => _state.Simulator;

    /// <summary>PIM for Groups behind <c>/v1.0/identityGovernance/privilegedAccess/group</c>; seed groups, standing members and licences through it.</summary>
    public PimForGroupsSimulator JustInTime => _state.JustInTime;
    /// <summary>The partner tenant's groups behind <c>/v1.0/groups</c>; tests seed groups and members here, or delete a group.</summary>
    public PartnerGroupDirectory PartnerGroups => _state.Groups;

    /// <summary>The emulator clock (the engine's <see cref="TimeProvider"/>); advance it to run the transitions time would trigger.</summary>
    public EmulatorClock Clock => _state.Clock;

    /// <summary>The faults in force on the Graph surface; setting replaces them all (like <c>PUT /_emulator/faults</c>).</summary>
    public EmulatorFaults Faults
    {
        get => _state.Faults.Faults;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            var problems = value.Validate();
            if (problems.Count > 0)
            {
                throw new ArgumentException(string.Join(" ", problems), nameof(value));
            }

            _state.Faults.Faults = value;
        }
    }

    /// <summary>Mail captured from <c>POST /v1.0/users/{id}/sendMail</c>, oldest first.</summary>
    public IReadOnlyList<CapturedMail> Mail => _state.Mail.Snapshot();

    /// <summary>The Graph-surface requests answered so far, oldest first.</summary>
    public IReadOnlyList<EmulatorRequestLogEntry> Requests => _state.Requests.Snapshot();

    /// <summary>Starts an emulator on a free loopback port (or <see cref="GdapEmulatorOptions.Port"/>).</summary>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    public static async Task<GdapEmulator> StartAsync(GdapEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new GdapEmulatorOptions();
        var state = new EmulatorState(options);
        var builder = AspNetWebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(GdapEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        var app = EmulatorApplication.Build(builder, state);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new GdapEmulator(app, state, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Creates an <see cref="HttpClient"/> whose base address is <see cref="BaseAddress"/>.</summary>
    /// <returns>A new client; the caller disposes it.</returns>
    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress };

    /// <summary>Adds sign-in records (beta <c>signIn</c> JSON objects) to serve at <c>/beta/auditLogs/signIns</c>, kept exactly as given.</summary>
    /// <param name="records">The records; malformed ones are kept too.</param>
    public void SeedSignIns(IEnumerable<System.Text.Json.JsonElement> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        _state.SignIns.Add(records);
    }

    /// <summary>Forgets every relationship, captured mail, seeded sign-in and logged request, and restores the start faults. The clock keeps its time.</summary>
    public void Reset() => _state.Reset();

    /// <summary>Stops the server.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
