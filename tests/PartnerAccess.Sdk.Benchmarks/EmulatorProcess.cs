using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PartnerAccess.Sdk.Benchmarks;

/// <summary>
/// The emulator as its own process on 127.0.0.1, so its CPU and memory stay out of the client's measurements, and its
/// control surface (faults, request log, approvals).
/// </summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private EmulatorProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Control = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public Uri BaseAddress { get; }

    public Uri GraphBaseUrl => new(BaseAddress, "v1.0");

    public HttpClient Control { get; }

    public static async Task<EmulatorProcess> StartAsync(string configuration)
    {
        var root = RepositoryRoot();
        var dll = Path.Combine(root, "src", "PartnerAccess.Sdk.Emulator", "bin", configuration, "net10.0", "PartnerAccess.Sdk.Emulator.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the emulator first (dotnet build -c {configuration} src/PartnerAccess.Sdk.Emulator).", dll);
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the emulator.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 })
            {
                Console.Error.WriteLine("[emulator] " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var emulator = new EmulatorProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var response = await emulator.Control.GetAsync(new Uri("_emulator/faults", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return emulator;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        await emulator.DisposeAsync();
        throw new TimeoutException("The emulator did not start.");
    }

    public Task ResetAsync() => SendAsync(HttpMethod.Post, "_emulator/reset");

    public Task SetFaultsAsync(int latencyMs, int throttlePerSecond, int retryAfterSeconds = 1) =>
        SendAsync(HttpMethod.Put, "_emulator/faults",
            $$"""{"latencyMs":{{latencyMs}},"throttleRequestsPerSecond":{{throttlePerSecond}},"retryAfterSeconds":{{retryAfterSeconds}}}""");

    public Task ClearFaultsAsync() => SendAsync(HttpMethod.Delete, "_emulator/faults");

    public Task ClearRequestLogAsync() => SendAsync(HttpMethod.Delete, "_emulator/requests");

    /// <summary>Counts the Graph requests since the log was cleared: all, answered 429, and the <c>$batch</c> envelopes.</summary>
    public async Task<RequestCounts> CountRequestsAsync()
    {
        using var response = await Control.GetAsync(new Uri("_emulator/requests", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        int total = 0, throttled = 0, batches = 0, writes = 0;
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            total++;
            var status = entry.GetProperty("status").GetInt32();
            var method = entry.GetProperty("method").GetString();
            var path = entry.GetProperty("path").GetString() ?? string.Empty;
            throttled += status == 429 ? 1 : 0;
            batches += path.EndsWith("/$batch", StringComparison.Ordinal) ? 1 : 0;
            writes += method is "POST" or "PATCH" or "DELETE" && status is >= 200 and < 300 && !path.EndsWith("/$batch", StringComparison.Ordinal) ? 1 : 0;
        }

        return new RequestCounts(total, throttled, batches, writes);
    }

    /// <summary>The customer approves, through the control surface (never throttled, no latency).</summary>
    public async Task ApproveAsync(IEnumerable<string> relationshipIds)
    {
        await Parallel.ForEachAsync(relationshipIds, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, ct) =>
        {
            using var response = await Control.PostAsync(new Uri($"_emulator/relationships/{Uri.EscapeDataString(id)}/approve", UriKind.Relative), null, ct);
            response.EnsureSuccessStatusCode();
        });
    }

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PartnerAccess.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run the benchmarks from inside the repository.");
    }

    private async Task SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Control.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Graph requests the emulator saw.</summary>
internal readonly record struct RequestCounts(int Total, int Throttled, int Batches, int Writes);
