using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Telemetry;

// Compiled into each package as linked source (no internals cross assembly boundaries): every assembly gets its own
// ActivitySource and Meter under the one public name, and listeners cannot tell them apart.
internal static partial class Instrumentation
{
    private static readonly string? Version = typeof(Instrumentation).Assembly.GetName().Version?.ToString();

    internal static ActivitySource Source { get; } = new(PartnerAccessTelemetry.ActivitySourceName, Version);

    internal static Meter Meter { get; } = new(PartnerAccessTelemetry.MeterName, Version);

    internal static string OutcomeOf(Exception? exception) => exception switch
    {
        null => "success",
        OperationCanceledException => "canceled",
        _ => "failure",
    };

    internal static string? ErrorTypeOf(Exception? exception) => exception switch
    {
        null or OperationCanceledException => null,
        PartnerAccessException e => e.ErrorCode.ToString(),
        _ => exception.GetType().FullName,
    };

    /// <summary>Polls run by the <c>WaitFor…</c> helpers: one span, one count and one duration per wait.</summary>
    internal static async Task<T> WaitAsync<T>(TimeProvider time, string kind, string? relationshipId, Func<Task<T>> wait)
    {
        using var activity = Source.StartActivity("PartnerAccess.Wait", ActivityKind.Internal);
        activity?.SetTag(PartnerAccessTelemetry.WaitKindTag, kind);
        activity?.SetTag(PartnerAccessTelemetry.RelationshipIdTag, relationshipId);
        var started = time.GetTimestamp();
        Exception? failure = null;
        try
        {
            var result = await wait().ConfigureAwait(false);
            return result;
        }
        catch (Exception exception)
        {
            failure = exception;
            throw;
        }
        finally
        {
            var tags = new TagList
            {
                { PartnerAccessTelemetry.WaitKindTag, kind },
                { PartnerAccessTelemetry.OutcomeTag, OutcomeOf(failure) },
            };
            if (ErrorTypeOf(failure) is { } errorType)
            {
                tags.Add(PartnerAccessTelemetry.ErrorTypeTag, errorType);
            }

            WaitMetrics.Waits.Add(1, tags);
            WaitMetrics.Duration.Record(time.GetElapsedTime(started).TotalSeconds, tags);
            Finish(activity, failure);
        }
    }

    private static void Finish(Activity? activity, Exception? failure)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(PartnerAccessTelemetry.OutcomeTag, OutcomeOf(failure));
        if (ErrorTypeOf(failure) is { } errorType)
        {
            activity.SetTag(PartnerAccessTelemetry.ErrorTypeTag, errorType);
            activity.SetStatus(ActivityStatusCode.Error, errorType);
            if (failure is PartnerAccessException { Violations.Count: > 0 } rules)
            {
                activity.SetTag(PartnerAccessTelemetry.RuleCodesTag, string.Join(",", rules.Violations.Select(v => v.Code).Distinct()));
            }
        }
    }

    private static void Enrich(Activity? activity, object? result)
    {
        if (activity is null)
        {
            return;
        }

        (string? RelationshipId, string? CustomerTenantId) ids = result switch
        {
            Relationship r => (r.Id, r.Customer?.TenantId),
            AccessAssignment a => (a.RelationshipId, null),
            RelationshipRequest q => (q.RelationshipId, null),
            RelationshipOperation o => (o.RelationshipId, null),
            UpdateOutcome<Relationship> { Value: { } r } => (r.Id, r.Customer?.TenantId),
            UpdateOutcome<Relationship> { Operation: { } o } => (o.RelationshipId, null),
            UpdateOutcome<AccessAssignment> { Value: { } a } => (a.RelationshipId, null),
            UpdateOutcome<AccessAssignment> { Operation: { } o } => (o.RelationshipId, null),
            DelegatedAdminCustomer c => (null, c.TenantId),
            _ => (null, null),
        };
        var (relationshipId, customerTenantId) = ids;
        if (relationshipId is not null && activity.GetTagItem(PartnerAccessTelemetry.RelationshipIdTag) is null)
        {
            activity.SetTag(PartnerAccessTelemetry.RelationshipIdTag, relationshipId);
        }

        if (customerTenantId is not null && activity.GetTagItem(PartnerAccessTelemetry.CustomerTenantIdTag) is null)
        {
            activity.SetTag(PartnerAccessTelemetry.CustomerTenantIdTag, customerTenantId);
        }
    }

    [LoggerMessage(EventId = 100, EventName = "OperationSucceeded", Level = LogLevel.Debug,
        Message = "PartnerAccess {Client} {Operation} succeeded in {ElapsedMilliseconds:0.#} ms.")]
    private static partial void LogSucceeded(ILogger logger, string client, string operation, double elapsedMilliseconds);

    [LoggerMessage(EventId = 101, EventName = "OperationFailed",
        Message = "PartnerAccess {Client} {Operation} failed with {ErrorType} after {ElapsedMilliseconds:0.#} ms.")]
    private static partial void LogFailed(ILogger logger, LogLevel level, string client, string operation, string errorType, double elapsedMilliseconds, Exception? exception);

    [LoggerMessage(EventId = 102, EventName = "OperationCanceled", Level = LogLevel.Debug,
        Message = "PartnerAccess {Client} {Operation} was canceled after {ElapsedMilliseconds:0.#} ms.")]
    private static partial void LogCanceled(ILogger logger, string client, string operation, double elapsedMilliseconds);

    /// <summary>The instrumentation of one client: its name, logger and clock.</summary>
    internal sealed class Client(string name, ILogger logger, TimeProvider time, ActivityKind kind)
    {
        /// <summary>Runs an operation that completes synchronously (the in-memory client).</summary>
        public T Run<T>(string operation, string? relationshipId, string? customerTenantId, Func<T> body)
        {
            var scope = Begin(operation, relationshipId, customerTenantId);
            try
            {
                var result = body();
                scope.End(this, result, null);
                return result;
            }
            catch (Exception exception)
            {
                scope.End(this, null, exception);
                throw;
            }
        }

        public async Task<T> RunAsync<T>(string operation, string? relationshipId, string? customerTenantId, Func<Task<T>> body)
        {
            var scope = Begin(operation, relationshipId, customerTenantId);
            try
            {
                var result = await body().ConfigureAwait(false);
                scope.End(this, result, null);
                return result;
            }
            catch (Exception exception)
            {
                scope.End(this, null, exception);
                throw;
            }
        }

        public async Task RunAsync(string operation, string? relationshipId, string? customerTenantId, Func<Task> body)
        {
            var scope = Begin(operation, relationshipId, customerTenantId);
            try
            {
                await body().ConfigureAwait(false);
                scope.End(this, null, null);
            }
            catch (Exception exception)
            {
                scope.End(this, null, exception);
                throw;
            }
        }

        /// <summary>One span for the whole enumeration, from the first item asked for to the last one or to disposal.</summary>
        public async IAsyncEnumerable<T> StreamAsync<T>(string operation, string? relationshipId, string? customerTenantId, IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var scope = Begin(operation, relationshipId, customerTenantId);
            var ended = false;
            try
            {
                await using var items = source.GetAsyncEnumerator(cancellationToken);
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await items.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception exception)
                    {
                        ended = true;
                        scope.End(this, null, exception);
                        throw;
                    }

                    if (!more)
                    {
                        break;
                    }

                    scope.Items++;
                    yield return items.Current;
                }
            }
            finally
            {
                // Also reached when the caller stops early: what it read was a success.
                if (!ended)
                {
                    scope.End(this, null, null);
                }
            }
        }

        private Scope Begin(string operation, string? relationshipId, string? customerTenantId)
        {
            // The span name is built only when someone listens: most calls run with no tracing at all.
            var activity = Source.HasListeners() ? Source.StartActivity("PartnerAccess." + operation, kind) : null;
            if (activity is not null)
            {
                activity.SetTag(PartnerAccessTelemetry.OperationTag, operation);
                activity.SetTag(PartnerAccessTelemetry.ClientTag, name);
                activity.SetTag(PartnerAccessTelemetry.RelationshipIdTag, relationshipId);
                activity.SetTag(PartnerAccessTelemetry.CustomerTenantIdTag, customerTenantId);
            }

            return new Scope(operation, activity, time.GetTimestamp());
        }

        // Public methods are the only callers of Begin (their bodies never call back into public methods), so every
        // scope is a call the caller made: each one is a span, a count, a duration and a log line.
        private sealed class Scope(string operation, Activity? activity, long started)
        {
            public int Items { get; set; }

            public void End(Client client, object? result, Exception? failure)
            {
                var elapsed = client.Time.GetElapsedTime(started);
                Enrich(activity, result);
                if (activity is not null && Items > 0)
                {
                    activity.SetTag(PartnerAccessTelemetry.ItemsTag, Items);
                }

                Finish(activity, failure);
                activity?.Dispose();

                var tags = new TagList
                {
                    { PartnerAccessTelemetry.OperationTag, operation },
                    { PartnerAccessTelemetry.ClientTag, client.Name },
                    { PartnerAccessTelemetry.OutcomeTag, OutcomeOf(failure) },
                };
                var errorType = ErrorTypeOf(failure);
                if (errorType is not null)
                {
                    tags.Add(PartnerAccessTelemetry.ErrorTypeTag, errorType);
                }

                OperationMetrics.Operations.Add(1, tags);
                OperationMetrics.Duration.Record(elapsed.TotalSeconds, tags);
                var logger = client.Logger;
                if (failure is null)
                {
                    LogSucceeded(logger, client.Name, operation, elapsed.TotalMilliseconds);
                }
                else if (errorType is null)
                {
                    LogCanceled(logger, client.Name, operation, elapsed.TotalMilliseconds);
                }
                else
                {
                    LogFailed(logger, LevelFor(failure), client.Name, operation, errorType, elapsed.TotalMilliseconds, failure);
                }
            }

            // What the caller did wrong is routine; what the service or the network did is worth a warning.
            private static LogLevel LevelFor(Exception failure) => failure is PartnerAccessException { ErrorCode: not (PartnerAccessErrorCode.ServiceError or PartnerAccessErrorCode.Throttled or PartnerAccessErrorCode.Unknown or PartnerAccessErrorCode.Unauthorized or PartnerAccessErrorCode.Timeout) }
                ? LogLevel.Information
                : LogLevel.Warning;
        }

        private string Name => name;

        private ILogger Logger => logger;

        private TimeProvider Time => time;
    }

    private static class OperationMetrics
    {
        public static readonly Counter<long> Operations = Meter.CreateCounter<long>(
            PartnerAccessTelemetry.OperationsMetric, "{operation}", "Client operations started by the caller.");

        public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
            PartnerAccessTelemetry.OperationDurationMetric, "s", "Duration of client operations.");
    }

    private static class WaitMetrics
    {
        public static readonly Counter<long> Waits = Meter.CreateCounter<long>(
            PartnerAccessTelemetry.LongRunningWaitsMetric, "{wait}", "Waits for a long-running operation or a status.");

        public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
            PartnerAccessTelemetry.LongRunningWaitDurationMetric, "s", "Duration of waits for a long-running operation or a status.");
    }
}
