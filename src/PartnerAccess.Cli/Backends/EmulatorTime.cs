using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using PartnerAccess.Cli.Infrastructure;

namespace PartnerAccess.Cli.Backends;

/// <summary>
/// The emulator keeps its own clock, and its data (end dates, sign-ins) is stamped with it. Commands that count from
/// "now" (expiring, notify, audit --since) must count from that clock, not the machine's: this reads it once and
/// runs on from there at wall-clock pace, so waits and timeouts still pass.
/// </summary>
internal sealed class EmulatorTime(Instant emulatorNow, TimeProvider wallClock) : TimeProvider
{
    private readonly DateTimeOffset _readAt = wallClock.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => emulatorNow.ToDateTimeOffset() + (wallClock.GetUtcNow() - _readAt);

    /// <summary>Reads <c>GET /_emulator/clock</c>.</summary>
    public static async Task<Instant> ReadAsync(Uri emulator, CancellationToken cancellationToken)
    {
        var root = new Uri(BackendFactory.EmulatorGraphUrl(emulator).ToString()[..^"/v1.0".Length] + "/");
        using var http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.GetAsync(new Uri("_emulator/clock", UriKind.Relative), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new UsageException($"{root} does not look like the GDAP emulator: GET /_emulator/clock answered {(int)response.StatusCode}.");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var text = document.RootElement.TryGetProperty("now", out var now) ? now.GetString() : null;
        var parsed = InstantPattern.ExtendedIso.Parse(text ?? string.Empty);
        return parsed.Success ? parsed.Value : throw new UsageException($"The emulator's clock answer has no valid 'now': '{text}'.");
    }
}
