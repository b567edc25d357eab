using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PartnerAccess.Sdk.Benchmarks;

// dotnet run -c Release --project tests/PartnerAccess.Sdk.Benchmarks -- [--quick] [--only a,b,c,d] [--plan-only: (a) without the naive variant]
if (args is [ListingProcessScenario.Flag, var variant, var url, var expected])
{
    return await ListingProcessScenario.ChildAsync(variant, new Uri(url), int.Parse(expected, CultureInfo.InvariantCulture));
}

var quick = args.Contains("--quick");
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',') ?? ["a", "b", "c", "d"];
var onboardingCustomers = quick ? 200 : 1000;
int[] listSizes = quick ? [1000, 3000] : [2000, 10_000];
var report = new StringBuilder();
var culture = CultureInfo.InvariantCulture;

report.AppendLine(culture, $"# PartnerAccess.Sdk benchmarks ({(quick ? "quick" : "full")} profile)");
report.AppendLine(culture, $"Machine: {Environment.ProcessorCount} logical cores, {CpuModel()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
report.AppendLine(culture, $"Emulator: separate process on 127.0.0.1, latency {OnboardingScenario.LatencyMs} ms, throttle {OnboardingScenario.RatePerSecond} requests/s, Retry-After 1 s");
report.AppendLine();

if (only.Contains("probe"))
{
    await using var probeEmulator = await EmulatorProcess.StartAsync("Release");
    await Probe.RunAsync(probeEmulator);
    return 0;
}

if (only.Contains("a") || only.Contains("b") || only.Contains("d"))
{
    await using var emulator = await EmulatorProcess.StartAsync("Release");
    if (only.Contains("a"))
    {
        await Onboarding(emulator, onboardingCustomers, args.Contains("--plan-only"), report);
    }

    if (only.Contains("b"))
    {
        await Listing(emulator, listSizes, report);
    }

    if (only.Contains("d"))
    {
        await Throughput(emulator, quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(10), report);
    }
}

Console.WriteLine(report.ToString());
if (only.Contains("c"))
{
    var job = quick ? Job.ShortRun.WithWarmupCount(2).WithIterationCount(5) : Job.ShortRun;
    var config = DefaultConfig.Instance.AddJob(job.WithToolchain(InProcessEmitToolchain.Instance)).WithOptions(ConfigOptions.JoinSummary);
    BenchmarkRunner.Run<PerCallBenchmarks>(config);
}

return 0;

static async Task Onboarding(EmulatorProcess emulator, int customers, bool planOnly, StringBuilder report)
{
    var culture = CultureInfo.InvariantCulture;
    Console.Error.WriteLine("(a) warm-up (JIT, connections), not reported …");
    await OnboardingScenario.PlanApplyAsync(emulator, 20);
    await OnboardingScenario.NaiveAsync(emulator, 5);
    Console.Error.WriteLine($"(a) onboarding {customers} customers: plan/apply …");
    var planned = await OnboardingScenario.PlanApplyAsync(emulator, customers);
    Console.Error.WriteLine($"(a) plan/apply again, with the limit the first run measured ({planned.MeasuredLimit:F0}/s) as the hint …");
    var hinted = await OnboardingScenario.PlanApplyAsync(emulator, customers, planned.MeasuredLimit);
    Console.Error.WriteLine(planOnly ? "(a) naive sequential skipped (--plan-only)" : "(a) naive sequential …");
    var naive = planOnly ? null : await OnboardingScenario.NaiveAsync(emulator, customers);
    var variants = new[] { planned, hinted, naive }.OfType<OnboardingScenario.Result>().ToList();

    var writes = 4 * customers;
    var rateBound = TimeSpan.FromSeconds(writes / (double)OnboardingScenario.RatePerSecond);
    var latencyBound = TimeSpan.FromMilliseconds(writes * OnboardingScenario.LatencyMs / 16.0);
    var lowerBound = rateBound > latencyBound ? rateBound : latencyBound;
    report.AppendLine(culture, $"## (a) Onboarding {customers} customers (create + lock, approval, 2 assignments each)");
    report.AppendLine(culture, $"Lower bound: {writes} writes ÷ {OnboardingScenario.RatePerSecond}/s = {rateBound.TotalSeconds:F1} s (latency-bound: {writes} × {OnboardingScenario.LatencyMs} ms ÷ 16 = {latencyBound.TotalSeconds:F1} s).");
    report.AppendLine();
    report.AppendLine("| Variant | Phase | Time (s) | Graph requests | 429s | $batch envelopes |");
    report.AppendLine("|---|---|---:|---:|---:|---:|");
    foreach (var result in variants)
    {
        foreach (var phase in result.Phases)
        {
            report.AppendLine(culture, $"| {result.Variant} | {phase.Name} | {phase.Elapsed.TotalSeconds:F2} | {phase.Requests.Total} | {phase.Requests.Throttled} | {phase.Requests.Batches} |");
        }
    }

    report.AppendLine();
    report.AppendLine("| Variant | Onboarding (s) | × lower bound | Naive ÷ variant | Requests | Requests ÷ rate (s) |");
    report.AppendLine("|---|---:|---:|---:|---:|---:|");
    string Faster(TimeSpan time) => naive is null ? "–" : (naive.Onboarding / time).ToString("F2", culture);
    foreach (var result in variants)
    {
        report.AppendLine(culture,
            $"| {result.Variant} | {result.Onboarding.TotalSeconds:F2} | {result.Onboarding / lowerBound:F2} | {Faster(result.Onboarding)} | {result.OnboardingRequests} | {result.OnboardingRequests / (double)OnboardingScenario.RatePerSecond:F1} |");
    }

    report.AppendLine(culture, $"| lower bound | {lowerBound.TotalSeconds:F2} | 1.00 | {Faster(lowerBound)} | {writes} | {rateBound.TotalSeconds:F1} |");
    report.AppendLine();
}

static async Task Listing(EmulatorProcess emulator, int[] sizes, StringBuilder report)
{
    var culture = CultureInfo.InvariantCulture;
    await emulator.ResetAsync();
    report.AppendLine("## (b) Listing relationships (20 ms latency)");
    report.AppendLine();
    report.AppendLine("| N | Variant | Time (s) | Lower bound: pages × 20 ms (s) | × lower bound | First item (ms) | Requests | Peak live heap (MB) | Allocated (MB) |");
    report.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    var seeded = 0;
    foreach (var size in sizes)
    {
        Console.Error.WriteLine($"(b) seeding {size} relationships …");
        await ListingScenario.SeedAsync(emulator, size, seeded);
        seeded = size;
        var lowerBound = TimeSpan.FromMilliseconds(Math.Ceiling(size / 300.0) * OnboardingScenario.LatencyMs);
        var results = new[]
        {
            await ListingScenario.SdkStreamAsync(emulator, size),
            await ListingScenario.SdkStreamAsync(emulator, size, latencyMs: 0),
            await ListingScenario.RawToListAsync(emulator, size),
            await ListingScenario.RawPageIteratorAsync(emulator, size),
            await ListingScenario.RawPageIteratorAsync(emulator, size, latencyMs: 0),
        };
        foreach (var result in results)
        {
            report.AppendLine(culture,
                $"| {size} | {result.Variant} | {result.Elapsed.TotalSeconds:F3} | {lowerBound.TotalSeconds:F3} | {result.Elapsed / lowerBound:F2} | {result.FirstItem.TotalMilliseconds:F0} | {result.Requests} | {result.PeakLiveBytes / 1048576.0:F2} | {result.AllocatedBytes / 1048576.0:F1} |");
        }
    }

    report.AppendLine();
    const int ProcessRuns = 5;
    var largest = sizes.Max();
    report.AppendLine(culture, $"Whole process, {largest} relationships, `$top=300` (start, JIT, list, exit; {ProcessRuns} runs each, alternating; median):");
    report.AppendLine();
    report.AppendLine("| Latency | PartnerAccess.Sdk (s) | raw + PageIterator (s) | ratio | runs, SDK (s) | runs, raw (s) |");
    report.AppendLine("|---:|---:|---:|---:|---|---|");
    foreach (var latency in new[] { 0, OnboardingScenario.LatencyMs })
    {
        Console.Error.WriteLine($"(b) whole-process listing of {largest}, latency {latency} ms …");
        var (sdk, raw) = await ListingProcessScenario.RunAsync(emulator, largest, latency, ProcessRuns);
        static string Runs(ListingProcessScenario.Result r) => string.Join(", ", r.Runs.Select(t => t.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture)));
        report.AppendLine(culture, $"| {latency} ms | {sdk.Median.TotalSeconds:F3} | {raw.Median.TotalSeconds:F3} | {sdk.Median / raw.Median:F2} | {Runs(sdk)} | {Runs(raw)} |");
    }

    report.AppendLine();
}

static async Task Throughput(EmulatorProcess emulator, TimeSpan duration, StringBuilder report)
{
    var culture = CultureInfo.InvariantCulture;
    Console.Error.WriteLine($"(d) emulator throughput, {duration.TotalSeconds:F0} s per operation …");
    var results = await EmulatorThroughput.RunAsync(emulator, duration);
    report.AppendLine(culture, $"## (d) Emulator throughput ({EmulatorThroughput.Workers} concurrent workers, no latency, no throttle, load generator on the same cores)");
    report.AppendLine();
    report.AppendLine("| Operation | Requests | Failures | Time (s) | Requests/s |");
    report.AppendLine("|---|---:|---:|---:|---:|");
    foreach (var result in results)
    {
        report.AppendLine(culture, $"| {result.Operation} | {result.Requests} | {result.Failures} | {result.Elapsed.TotalSeconds:F2} | {result.PerSecond:F0} |");
    }

    report.AppendLine();
}

static string CpuModel()
{
    try
    {
        return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
    catch (IOException)
    {
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
