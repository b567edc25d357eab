using System.CommandLine;
using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Cli.Backends;
using PartnerAccess.Cli.Rendering;
using PartnerAccess.Sdk;
using Spectre.Console;

namespace PartnerAccess.Cli.Infrastructure;

/// <summary>Everything one command run needs: the consoles, the parsed options, and the backend (opened on first use).</summary>
internal sealed class CommandContext(CliHost host, ParseResult parseResult, CancellationToken cancellationToken) : IAsyncDisposable
{
    private Backend? _backend;
    private Instant? _emulatorNow;

    public IAnsiConsole Out => host.Out;

    public IAnsiConsole Error => host.Error;

    public ParseResult ParseResult { get; } = parseResult;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public OutputFormat Format => ParseResult.GetValue(host.Options.Output);

    public bool Json => Format == OutputFormat.Json;

    public bool Verbose => ParseResult.GetValue(host.Options.Verbose);

    public Backend Backend => _backend ??= host.OpenBackend(Selection());

    public IPartnerAccessClient Client => Backend.Client;

    /// <summary>The backend's "now": the demo's fixed instant, or the real time for Graph and the emulator's own clock for its data.</summary>
    public Instant Now => Client.TimeProvider.GetCurrentInstant();

    public T? Get<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? Get<T>(Argument<T> argument) => ParseResult.GetValue(argument);

    public void WriteJson<T>(T value) => JsonOutput.Write(Out, value);

    /// <summary>Reads what opening the backend needs from the network: for the emulator, its clock.</summary>
    public async Task PrepareAsync()
    {
        if (ParseResult.GetValue(host.Options.Emulator) is { } emulator && ParseResult.GetValue(host.Options.Tenant) is null)
        {
            _emulatorNow = await EmulatorTime.ReadAsync(emulator, CancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _backend?.DisposeAsync() ?? ValueTask.CompletedTask;

    private BackendSelection Selection()
    {
        var options = host.Options;
        return new BackendSelection
        {
            Emulator = ParseResult.GetValue(options.Emulator),
            Token = ParseResult.GetValue(options.Token),
            Tenant = ParseResult.GetValue(options.Tenant),
            Credential = ParseResult.GetValue(options.Credential),
            ClientId = ParseResult.GetValue(options.ClientId),
            CertificatePath = ParseResult.GetValue(options.CertificatePath),
            Cloud = ParseResult.GetValue(options.Cloud),
            PartnerTenant = ParseResult.GetValue(options.PartnerTenant),
            EmulatorNow = _emulatorNow,
        };
    }
}
