using System.Diagnostics;
using Microsoft.Graph.Models;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Benchmarks;

/// <summary>
/// (b) Listing N relationships at 20 ms latency (throttle 200/s, never reached by one nextLink chain): the SDK's stream
/// ($top=300, item by item) against the lower bound (pages × latency), and against the raw Graph SDK collecting every
/// page (default page size) into a list. Peak managed memory is sampled while listing.
/// </summary>
internal static class ListingScenario
{
    /// <param name="PeakLiveBytes">The largest live managed heap above the starting point, from a second pass that collects
    /// garbage at every page (so the timed pass is not slowed by it).</param>
    public sealed record Result(string Variant, int Relationships, TimeSpan Elapsed, TimeSpan FirstItem, int Requests, long PeakLiveBytes, long AllocatedBytes);

    /// <summary>Adds relationships until the emulator holds <paramref name="total"/>, fast: no latency, no throttle.</summary>
    public static async Task SeedAsync(EmulatorProcess emulator, int total, int existing)
    {
        await emulator.ClearFaultsAsync();
        using var client = Workload.Sdk(emulator.GraphBaseUrl);
        var customers = Workload.Customers(total - existing, offset: 100_000 + existing);
        await Parallel.ForEachAsync(customers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (customer, ct) =>
            await client.CreateRelationshipAsync(Workload.Template.ToCreateRequest($"List {customer.DisplayName}", customer), ct));
    }

    public static async Task<Result> SdkStreamAsync(EmulatorProcess emulator, int expected, int latencyMs = OnboardingScenario.LatencyMs)
    {
        await emulator.SetFaultsAsync(latencyMs, OnboardingScenario.RatePerSecond);
        using var client = Workload.Sdk(emulator.GraphBaseUrl);
        await WarmUpAsync(client);
        await emulator.ClearRequestLogAsync();
        var timed = await StreamAsync(client, measureMemory: false);
        var requests = (await emulator.CountRequestsAsync()).Total;
        var measured = await StreamAsync(client, measureMemory: true);
        Require(timed.Count == expected && measured.Count == expected, $"listed {timed.Count} of {expected}");
        return new Result(latencyMs == 0 ? "PartnerAccess.Sdk stream, no latency (CPU only)" : "PartnerAccess.Sdk stream, $top=300", timed.Count, timed.Elapsed, timed.First, requests, measured.Peak, timed.Allocated);
    }

    private static async Task<(int Count, TimeSpan Elapsed, TimeSpan First, long Peak, long Allocated)> StreamAsync(GraphPartnerAccessClient client, bool measureMemory)
    {
        var meter = Meter.Start();
        var count = 0;
        var first = TimeSpan.Zero;
        await foreach (var relationship in client.ListRelationshipsAsync())
        {
            if (count++ == 0)
            {
                first = meter.Elapsed;
            }

            if (measureMemory && count % 300 == 0)
            {
                meter.Sample();
            }
        }

        var (elapsed, peak, allocated) = meter.Stop(measureMemory);
        return (count, elapsed, first, peak, allocated);
    }

    public static async Task<Result> RawToListAsync(EmulatorProcess emulator, int expected)
    {
        await emulator.SetFaultsAsync(OnboardingScenario.LatencyMs, OnboardingScenario.RatePerSecond);
        var graph = Workload.RawGraph(emulator.GraphBaseUrl);
        await graph.TenantRelationships.DelegatedAdminRelationships.GetAsync(rc => rc.QueryParameters.Top = 1);
        await emulator.ClearRequestLogAsync();
        var timed = await ToListAsync(graph, measureMemory: false);
        var requests = (await emulator.CountRequestsAsync()).Total;
        var measured = await ToListAsync(graph, measureMemory: true);
        Require(timed.Count == expected && measured.Count == expected, $"listed {timed.Count} of {expected}");
        return new Result("raw GraphServiceClient, default page, ToList", timed.Count, timed.Elapsed, timed.First, requests, measured.Peak, timed.Allocated);
    }

    /// <summary>The raw Graph SDK at the SDK's page size, walked item by item with Graph's own PageIterator.</summary>
    public static async Task<Result> RawPageIteratorAsync(EmulatorProcess emulator, int expected, int latencyMs = OnboardingScenario.LatencyMs)
    {
        await emulator.SetFaultsAsync(latencyMs, OnboardingScenario.RatePerSecond);
        var graph = Workload.RawGraph(emulator.GraphBaseUrl);
        await graph.TenantRelationships.DelegatedAdminRelationships.GetAsync(rc => rc.QueryParameters.Top = 1);
        await emulator.ClearRequestLogAsync();
        var timed = await IterateAsync(graph, measureMemory: false);
        var requests = (await emulator.CountRequestsAsync()).Total;
        var measured = await IterateAsync(graph, measureMemory: true);
        Require(timed.Count == expected && measured.Count == expected, $"listed {timed.Count} of {expected}");
        return new Result(latencyMs == 0 ? "raw, $top=300, PageIterator, no latency (CPU only)" : "raw GraphServiceClient, $top=300, PageIterator", timed.Count, timed.Elapsed, timed.First, requests, measured.Peak, timed.Allocated);
    }

    private static async Task<(int Count, TimeSpan Elapsed, TimeSpan First, long Peak, long Allocated)> IterateAsync(Microsoft.Graph.GraphServiceClient graph, bool measureMemory)
    {
        var meter = Meter.Start();
        var count = 0;
        var first = TimeSpan.Zero;
        var page = await graph.TenantRelationships.DelegatedAdminRelationships.GetAsync(rc => rc.QueryParameters.Top = 300);
        var iterator = Microsoft.Graph.PageIterator<DelegatedAdminRelationship, DelegatedAdminRelationshipCollectionResponse>.CreatePageIterator(graph, page!, relationship =>
        {
            if (count++ == 0)
            {
                first = meter.Elapsed;
            }

            if (measureMemory && count % 300 == 0)
            {
                meter.Sample();
            }

            return true;
        });
        await iterator.IterateAsync();
        var (elapsed, peak, allocated) = meter.Stop(measureMemory);
        return (count, elapsed, first, peak, allocated);
    }

    private static async Task<(int Count, TimeSpan Elapsed, TimeSpan First, long Peak, long Allocated)> ToListAsync(Microsoft.Graph.GraphServiceClient graph, bool measureMemory)
    {
        var meter = Meter.Start();
        var all = new List<DelegatedAdminRelationship>();
        var builder = graph.TenantRelationships.DelegatedAdminRelationships;
        var page = await builder.GetAsync();
        var first = meter.Elapsed;
        while (page is not null)
        {
            all.AddRange(page.Value ?? []);
            if (measureMemory)
            {
                meter.Sample();
            }

            page = page.OdataNextLink is { } next ? await builder.WithUrl(next).GetAsync() : null;
        }

        var (elapsed, peak, allocated) = meter.Stop(measureMemory);
        GC.KeepAlive(all);
        return (all.Count, elapsed, first, peak, allocated);
    }

    private static async Task WarmUpAsync(GraphPartnerAccessClient client)
    {
        await foreach (var unused in client.ListRelationshipsAsync(new RelationshipQuery { DisplayName = "nothing" }))
        {
        }
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(what);
        }
    }

    /// <summary>Wall time, and managed heap above the starting point, sampled while the list is walked.</summary>
    private sealed class Meter
    {
        private readonly Stopwatch _clock = new();
        private long _baseline;
        private long _allocatedBefore;
        private long _peak;

        public TimeSpan Elapsed => _clock.Elapsed;

        public static Meter Start()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var meter = new Meter { _baseline = GC.GetTotalMemory(forceFullCollection: true), _allocatedBefore = GC.GetTotalAllocatedBytes(precise: true) };
            meter._peak = meter._baseline;
            meter._clock.Start();
            return meter;
        }

        /// <summary>The live heap now: a full collection first, so garbage waiting for the next GC does not count.</summary>
        public void Sample() => _peak = Math.Max(_peak, GC.GetTotalMemory(forceFullCollection: true));

        public (TimeSpan Elapsed, long Peak, long Allocated) Stop(bool sample)
        {
            _clock.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocatedBefore;
            if (sample)
            {
                Sample();
            }

            return (_clock.Elapsed, _peak - _baseline, allocated);
        }
    }
}
