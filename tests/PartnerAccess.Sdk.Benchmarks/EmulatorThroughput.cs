using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace PartnerAccess.Sdk.Benchmarks;

/// <summary>
/// (d) How many simple requests the emulator process serves per second on this machine: GETs of one relationship, and
/// relationship creates, from a closed loop of concurrent workers over one raw HttpClient (no SDK, so the load generator
/// costs as little CPU as possible; it shares the machine's cores with the emulator all the same).
/// </summary>
internal static class EmulatorThroughput
{
    public const int Workers = 32;

    public sealed record Result(string Operation, int Requests, int Failures, TimeSpan Elapsed)
    {
        public double PerSecond => Requests / Elapsed.TotalSeconds;
    }

    public static async Task<IReadOnlyList<Result>> RunAsync(EmulatorProcess emulator, TimeSpan duration)
    {
        await emulator.ResetAsync();
        await emulator.ClearFaultsAsync();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(emulator.GraphBaseUrl + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "benchmark");

        var created = 0;
        Task<HttpResponseMessage> Create(CancellationToken ct)
        {
            var n = Interlocked.Increment(ref created);
            var body = $$$"""
                {"displayName":"Load {{{n:D8}}}","duration":"P730D","autoExtendDuration":"P180D",
                 "customer":{"tenantId":"{{{new Guid(n, 0x0bec, 0x4c0d, 0x8e, 0, 0, 0, 0, 0, (byte)(n >> 8), (byte)n)}}}","displayName":"Load customer {{{n}}}"},
                 "accessDetails":{"unifiedRoles":[{"roleDefinitionId":"729827e3-9c14-49f7-bb1b-9608f156bbb8"}]}}
                """;
            return http.PostAsync(new Uri("tenantRelationships/delegatedAdminRelationships", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), ct);
        }

        // One relationship to read; its id from the create's Location-free body.
        using var first = await Create(CancellationToken.None);
        first.EnsureSuccessStatusCode();
        var json = await first.Content.ReadAsStringAsync();
        var id = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;
        var get = new Uri($"tenantRelationships/delegatedAdminRelationships/{Uri.EscapeDataString(id)}", UriKind.Relative);

        // Warm-up: JIT and connections, on both sides.
        await LoopAsync("warm-up", TimeSpan.FromSeconds(1), ct => http.GetAsync(get, ct));
        var gets = await LoopAsync("GET one relationship", duration, ct => http.GetAsync(get, ct));
        var creates = await LoopAsync("POST (create) a relationship", duration, Create);
        var page = new Uri("tenantRelationships/delegatedAdminRelationships?$top=300", UriKind.Relative);
        var pages = await LoopAsync($"GET a page of 300 (of {created} relationships)", duration, ct => http.GetAsync(page, ct));
        return [gets, creates, pages];
    }

    private static async Task<Result> LoopAsync(string operation, TimeSpan duration, Func<CancellationToken, Task<HttpResponseMessage>> send)
    {
        var requests = 0;
        var failures = 0;
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Workers).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await send(CancellationToken.None);
                    await response.Content.CopyToAsync(Stream.Null);
                    Interlocked.Increment(ref requests);
                    if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }).ToList();
        await Task.WhenAll(workers);
        clock.Stop();
        return new Result(operation, requests, failures, clock.Elapsed);
    }
}
