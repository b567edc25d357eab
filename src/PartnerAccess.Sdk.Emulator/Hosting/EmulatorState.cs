using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using NodaTime;
using PartnerAccess.Sdk.Emulator.Diagnostics;
using PartnerAccess.Sdk.Emulator.Faults;
using PartnerAccess.Sdk.Emulator.Mail;
using PartnerAccess.Sdk.Emulator.SignIns;
using PartnerAccess.Sdk.Emulator.Time;
using PartnerAccess.Sdk.Emulator.Wire;
using PartnerAccess.Sdk.Testing;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Emulator.Hosting;

/// <summary>Everything one emulator instance holds: the engine, its clock, and the wire-level stores.</summary>
internal sealed class EmulatorState
{
    private readonly ConcurrentDictionary<string, string> _autoExtendTexts = new(StringComparer.OrdinalIgnoreCase);

    public EmulatorState(GdapEmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        var wire = options.WireTimeProvider ?? TimeProvider.System;
        var start = options.StartTime ?? Instant.FromUnixTimeSeconds(wire.GetUtcNow().ToUnixTimeSeconds());
        Clock = options.RealTime ? new EmulatorClock(start, wire) : new EmulatorClock(start);
        Simulator = new GdapSimulator(Clock, options.Simulator);
        JustInTime = new PimForGroupsSimulator(Clock);
        Faults = new FaultInjector(wire, options.Faults, faults => Simulator.SetServiceDelays(
            faults.AssignmentPendingSeconds is { } pending ? Duration.FromSeconds(pending) : null,
            faults.OperationSeconds is { } operation ? Duration.FromSeconds(operation) : null));
        Groups = new PartnerGroupDirectory(Clock);
    }

    public GdapEmulatorOptions Options { get; }

    public EmulatorClock Clock { get; }

    public GdapSimulator Simulator { get; }

    /// <summary>PIM for Groups (just-in-time membership), on the same clock.</summary>
    public PimForGroupsSimulator JustInTime { get; }

    public FaultInjector Faults { get; }

    /// <summary>The partner tenant's security groups, served at <c>/v1.0/groups</c>.</summary>
    public PartnerGroupDirectory Groups { get; }

    public RequestLog Requests { get; } = new();

    public MailStore Mail { get; } = new();

    public SignInStore SignIns { get; } = new();

    public TimeProvider WireClock => Faults.WireClock;

    public GraphWriter Writer(HttpContext context) => Writer(PrefersUnknownEnumMembers(context.Request));

    public GraphWriter Writer(bool includeUnknownEnumMembers) => new(includeUnknownEnumMembers, AutoExtendText);

    /// <summary>Remembers the text a client sent for autoExtendDuration (PT0S and P0D are both zero) so it is echoed as sent.</summary>
    public void RememberAutoExtendText(string relationshipId, string? text)
    {
        if (text is not null)
        {
            _autoExtendTexts[relationshipId] = text;
        }
    }

    public void Reset()
    {
        Simulator.Reset();
        JustInTime.Reset();
        Faults.Reset(Options.Faults);
        Requests.Clear();
        Mail.Clear();
        SignIns.Clear();
        Groups.Clear();
        _autoExtendTexts.Clear();
    }

    private static bool PrefersUnknownEnumMembers(HttpRequest request) =>
        request.Headers["Prefer"]
            .SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries))
            .Any(p => p.Equals("include-unknown-enum-members", StringComparison.OrdinalIgnoreCase));

    private string? AutoExtendText(string relationshipId, Duration current) =>
        _autoExtendTexts.TryGetValue(relationshipId, out var text) && GdapDurations.TryParse(text, out var sent) && sent == current
            ? text
            : null;
}
