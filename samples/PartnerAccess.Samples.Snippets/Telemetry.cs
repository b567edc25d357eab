using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Samples.Snippets;

/// <summary>docs/telemetry.md: traces, metrics and logs into OpenTelemetry.</summary>
public static class TelemetrySnippets
{
    /// <summary>A host whose PartnerAccess.Sdk traces and metrics go to an OTLP collector.</summary>
    public static IHost OpenTelemetryHost(string[] args)
    {
        #region Snippet:TelemetryOpenTelemetry
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddPartnerAccess().UseInMemory();

        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource(PartnerAccessTelemetry.ActivitySourceName)   // "PartnerAccess.Sdk"
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddMeter(PartnerAccessTelemetry.MeterName)             // "PartnerAccess.Sdk"
                .AddOtlpExporter());

        // Operation outcomes at Information and above; per-request detail stays at Debug.
        builder.Logging.AddFilter("PartnerAccess.Sdk", LogLevel.Information);
        #endregion

        return builder.Build();
    }
}
