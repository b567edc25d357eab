using System.Diagnostics;
using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Benchmarks;

internal static class Probe
{
    public static async Task RunAsync(EmulatorProcess emulator)
    {
        await emulator.ResetAsync();
        await emulator.SetFaultsAsync(20, 200);
        var pacer = new RequestPacer(TimeProvider.System);
        using var http = new HttpClient(new RequestPacerHandler(pacer, Workload.Transport()));
        var url = new Uri(emulator.GraphBaseUrl + "/tenantRelationships/delegatedAdminRelationships?$top=1");
        var clock = Stopwatch.StartNew();
        var done = 0;
        using var cts = new CancellationTokenSource();
        var trace = Task.Run(async () =>
        {
            var last = 0;
            while (!cts.IsCancellationRequested)
            {
                await Task.Delay(500);
                var now = Volatile.Read(ref done);
                Console.WriteLine($"t={clock.Elapsed.TotalSeconds:F1}s rate={pacer.CurrentRate:F0} throughput={(now - last) * 2}/s throttled={pacer.ThrottledCount}");
                last = now;
            }
        });
        await Parallel.ForEachAsync(Enumerable.Range(0, 3000), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) =>
        {
            while (true)
            {
                using var response = await http.GetAsync(url, ct);
                if ((int)response.StatusCode != 429)
                {
                    Interlocked.Increment(ref done);
                    return;
                }

                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), ct);
            }
        });
        await cts.CancelAsync();
        await trace;
        Console.WriteLine($"3000 in {clock.Elapsed.TotalSeconds:F1}s = {3000 / clock.Elapsed.TotalSeconds:F0}/s, throttled {pacer.ThrottledCount}");
    }
}
