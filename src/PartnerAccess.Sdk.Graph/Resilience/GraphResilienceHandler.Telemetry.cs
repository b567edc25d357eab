using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using PartnerAccess.Sdk.Telemetry;

namespace PartnerAccess.Sdk.Graph.Resilience;

// Metrics and logs of each HTTP attempt. Only the method, the path (ids, no query string) and the status are
// recorded: never headers, so never the Authorization token.
internal sealed partial class GraphResilienceHandler
{
    private void RecordAttempt(HttpRequestMessage request, HttpResponseMessage? response, Exception? failure, TimeSpan elapsed)
    {
        var tags = new TagList { { "http.request.method", request.Method.Method } };
        if (response is not null)
        {
            tags.Add("http.response.status_code", (int)response.StatusCode);
        }
        else if (failure is not null)
        {
            tags.Add(PartnerAccessTelemetry.ErrorTypeTag, failure is OperationCanceledException ? "canceled" : failure.GetType().FullName);
        }

        RequestMetrics.Requests.Add(1, tags);
        RequestMetrics.Duration.Record(elapsed.TotalSeconds, tags);
        var path = request.RequestUri?.AbsolutePath;
        if (response is null)
        {
            LogAttemptFailed(_logger, request.Method.Method, path, failure?.GetType().Name ?? "unknown", elapsed.TotalMilliseconds);
            return;
        }

        LogAttempt(_logger, request.Method.Method, path, (int)response.StatusCode, elapsed.TotalMilliseconds);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            RequestMetrics.Throttles.Add(1, new TagList { { "http.request.method", request.Method.Method } });
            LogThrottled(_logger, request.Method.Method, path, RetryAfter.Read(response, _time.GetUtcNow()));
        }
    }

    private static void RecordRetry(HttpRequestMessage request, string reason) =>
        RequestMetrics.Retries.Add(1, new TagList
        {
            { "http.request.method", request.Method.Method },
            { PartnerAccessTelemetry.RetryReasonTag, reason },
        });

    private static string ReasonOf(int statusCode) => statusCode.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 2, EventName = "Throttled", Level = LogLevel.Warning,
        Message = "Graph throttled {Method} {Path} (429); Retry-After {RetryAfter}.")]
    private static partial void LogThrottled(ILogger logger, string method, string? path, TimeSpan? retryAfter);

    [LoggerMessage(EventId = 3, EventName = "RequestCompleted", Level = LogLevel.Debug,
        Message = "Graph {Method} {Path} answered {StatusCode} in {ElapsedMilliseconds:0.#} ms.")]
    private static partial void LogAttempt(ILogger logger, string method, string? path, int statusCode, double elapsedMilliseconds);

    [LoggerMessage(EventId = 4, EventName = "RequestFailed", Level = LogLevel.Debug,
        Message = "Graph {Method} {Path} got no answer ({Failure}) after {ElapsedMilliseconds:0.#} ms.")]
    private static partial void LogAttemptFailed(ILogger logger, string method, string? path, string failure, double elapsedMilliseconds);

    private static class RequestMetrics
    {
        public static readonly Counter<long> Requests = Instrumentation.Meter.CreateCounter<long>(
            PartnerAccessTelemetry.RequestsMetric, "{request}", "HTTP requests sent to Microsoft Graph, each retry included.");

        public static readonly Histogram<double> Duration = Instrumentation.Meter.CreateHistogram<double>(
            PartnerAccessTelemetry.RequestDurationMetric, "s", "Duration of each HTTP attempt to Microsoft Graph.");

        public static readonly Counter<long> Retries = Instrumentation.Meter.CreateCounter<long>(
            PartnerAccessTelemetry.RetriesMetric, "{retry}", "HTTP requests resent by the retry layer.");

        public static readonly Counter<long> Throttles = Instrumentation.Meter.CreateCounter<long>(
            PartnerAccessTelemetry.ThrottlesMetric, "{response}", "Throttled answers (HTTP 429) from Microsoft Graph.");
    }
}
