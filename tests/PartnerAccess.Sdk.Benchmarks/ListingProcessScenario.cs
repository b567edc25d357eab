using System.Diagnostics;
using System.Globalization;
using Microsoft.Graph.Models;

namespace PartnerAccess.Sdk.Benchmarks;

/// <summary>
/// (b) as the issue measures it: a whole process (start, JIT, list every relationship at <c>$top=300</c>, exit), one
/// with PartnerAccess.Sdk and one with the raw GraphServiceClient and its PageIterator, run alternately against the
/// same emulator. The child is this benchmark program started with <c>--list-process</c>.
/// </summary>
internal static class ListingProcessScenario
{
    public const string Flag = "--list-process";

    public sealed record Result(string Variant, int LatencyMs, IReadOnlyList<TimeSpan> Runs)
    {
        public TimeSpan Median => Runs.Order().ElementAt(Runs.Count / 2);
    }

    /// <summary>Runs each variant <paramref name="runs"/> times, alternating, and keeps every wall time.</summary>
    public static async Task<(Result Sdk, Result Raw)> RunAsync(EmulatorProcess emulator, int expected, int latencyMs, int runs)
    {
        await emulator.SetFaultsAsync(latencyMs, OnboardingScenario.RatePerSecond);
        var sdk = new List<TimeSpan>();
        var raw = new List<TimeSpan>();
        for (var i = 0; i < runs; i++)
        {
            sdk.Add(await TimeChildAsync(emulator, "sdk", expected));
            raw.Add(await TimeChildAsync(emulator, "raw", expected));
        }

        return (new Result("PartnerAccess.Sdk, whole process", latencyMs, sdk), new Result("raw GraphServiceClient + PageIterator, whole process", latencyMs, raw));
    }

    /// <summary>The child's work: list everything with one client, check the count, exit.</summary>
    public static async Task<int> ChildAsync(string variant, Uri graphBaseUrl, int expected)
    {
        var count = 0;
        if (variant == "sdk")
        {
            using var client = Workload.Sdk(graphBaseUrl);
            await foreach (var unused in client.ListRelationshipsAsync())
            {
                count++;
            }
        }
        else
        {
            var graph = Workload.RawGraph(graphBaseUrl);
            var page = await graph.TenantRelationships.DelegatedAdminRelationships.GetAsync(rc => rc.QueryParameters.Top = 300);
            var iterator = Microsoft.Graph.PageIterator<DelegatedAdminRelationship, DelegatedAdminRelationshipCollectionResponse>.CreatePageIterator(graph, page!, _ =>
            {
                count++;
                return true;
            });
            await iterator.IterateAsync();
        }

        if (count != expected)
        {
            await Console.Error.WriteLineAsync($"listed {count} of {expected}");
            return 1;
        }

        return 0;
    }

    private static async Task<TimeSpan> TimeChildAsync(EmulatorProcess emulator, string variant, int expected)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(ListingProcessScenario).Assembly.Location, Flag, variant, emulator.GraphBaseUrl.ToString(), expected.ToString(CultureInfo.InvariantCulture) },
            UseShellExecute = false,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_gcServer"] = "0";
        var clock = Stopwatch.StartNew();
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("Could not start the listing process.");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The {variant} listing process failed ({process.ExitCode}): {error}");
        }

        return clock.Elapsed;
    }
}
