using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Text;
using PartnerAccess.Sdk.Emulator.Faults;
using PartnerAccess.Sdk.Emulator.Hosting;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Testing;
using PartnerAccess.Sdk.Time;
using AspNetWebApplication = Microsoft.AspNetCore.Builder.WebApplication;

namespace PartnerAccess.Sdk.Emulator;

/// <summary>
/// Runs the emulator as a program: <c>dotnet run --project src/PartnerAccess.Sdk.Emulator -- --urls http://127.0.0.1:5080</c>.
/// Settings come from the <c>Emulator</c> configuration section, for example <c>--Emulator:BearerToken=secret</c>.
/// </summary>
internal static class Program
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static async Task<int> Main(string[] args)
    {
        var builder = AspNetWebApplication.CreateSlimBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // One line per request would drown the console (and slow benchmarks); GET /_emulator/requests has the log.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        GdapEmulatorOptions options;
        try
        {
            options = ReadOptions(builder.Configuration.GetSection("Emulator"));
        }
        catch (FormatException exception)
        {
            await Console.Error.WriteLineAsync($"Invalid emulator setting: {exception.Message}").ConfigureAwait(false);
            return 2;
        }

        var app = EmulatorApplication.Build(builder, new EmulatorState(options));
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var url in app.Urls)
            {
                Console.WriteLine($"PartnerAccess GDAP emulator listening on {url} (Graph base URL {url.TrimEnd('/')}/v1.0, control surface {url.TrimEnd('/')}/_emulator/)");
            }
        });
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    internal static GdapEmulatorOptions ReadOptions(IConfiguration section)
    {
        var simulator = new GdapSimulatorOptions();
        simulator = simulator with
        {
            PartnerTenantId = section["PartnerTenantId"] ?? simulator.PartnerTenantId,
            Rules = new GdapRuleOptions { AllowRolesNotInCatalog = ReadBool(section, "AllowRolesNotInCatalog") ?? false },
            LockProcessingDelay = ReadDuration(section, "LockProcessingDelay") ?? simulator.LockProcessingDelay,
            ApprovalToActivatingDelay = ReadDuration(section, "ApprovalToActivatingDelay") ?? simulator.ApprovalToActivatingDelay,
            ActivationDelay = ReadDuration(section, "ActivationDelay") ?? simulator.ActivationDelay,
            TerminationDelay = ReadDuration(section, "TerminationDelay") ?? simulator.TerminationDelay,
            ExpiryDelay = ReadDuration(section, "ExpiryDelay") ?? simulator.ExpiryDelay,
            AssignmentActivationDelay = ReadDuration(section, "AssignmentActivationDelay") ?? simulator.AssignmentActivationDelay,
            AssignmentDeletionDelay = ReadDuration(section, "AssignmentDeletionDelay") ?? simulator.AssignmentDeletionDelay,
            OperationDelay = ReadDuration(section, "OperationDelay") ?? simulator.OperationDelay,
            ApprovalPendingCleanup = ReadDuration(section, "ApprovalPendingCleanup") ?? simulator.ApprovalPendingCleanup,
            EndedCleanup = ReadDuration(section, "EndedCleanup") ?? simulator.EndedCleanup,
            OperationRetryAfter = ReadDuration(section, "OperationRetryAfter") ?? simulator.OperationRetryAfter,
        };

        Instant? start = null;
        if (section["StartTime"] is { Length: > 0 } startText)
        {
            var parsed = InstantPattern.ExtendedIso.Parse(startText);
            start = parsed.Success ? parsed.Value : throw new FormatException($"Emulator:StartTime '{startText}' is not an instant such as 2025-01-01T00:00:00Z.");
        }

        var faults = section.GetSection("Faults").Get<EmulatorFaults>() ?? EmulatorFaults.None;
        var problems = faults.Validate();
        if (problems.Count > 0)
        {
            throw new FormatException("Emulator:Faults: " + string.Join(" ", problems));
        }

        return new GdapEmulatorOptions
        {
            Simulator = simulator,
            StartTime = start,
            RealTime = ReadBool(section, "RealTime") ?? false,
            BearerToken = section["BearerToken"] is { Length: > 0 } token ? token : null,
            RequireBearerToken = ReadBool(section, "RequireBearerToken") ?? false,
            IncludeRuleDiagnostics = ReadBool(section, "IncludeRuleDiagnostics") ?? false,
            Faults = faults,
        };
    }

    private static Duration? ReadDuration(IConfiguration section, string key)
    {
        var text = section[key];
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return GdapDurations.TryParse(text, out var duration) && duration >= Duration.Zero
            ? duration
            : throw new FormatException($"Emulator:{key} '{text}' is not an ISO 8601 duration such as PT2S or P1D.");
    }

    private static bool? ReadBool(IConfiguration section, string key) =>
        section[key] is { Length: > 0 } text
            ? bool.TryParse(text, out var value) ? value : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Emulator:{key} '{text}' is not true or false."))
            : null;
}
