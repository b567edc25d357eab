namespace PartnerAccess.Sdk;

/// <summary>
/// The names under which PartnerAccess.Sdk reports traces and metrics. Subscribe with OpenTelemetry's
/// <c>AddSource(PartnerAccessTelemetry.ActivitySourceName)</c> and <c>AddMeter(PartnerAccessTelemetry.MeterName)</c>.
/// The names never change between releases.
/// </summary>
/// <remarks>
/// Every <see cref="IPartnerAccessClient"/> operation is one span named <c>PartnerAccess.{Operation}</c>; calls an
/// operation makes itself (the read before a change, say) are child spans. Metrics carry only low-cardinality tags
/// (operation, client, outcome, error type); relationship and customer ids are on spans only. Logs use event ids
/// that never change; none of them carries a token, a secret or a mail body.
/// </remarks>
public static class PartnerAccessTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: <c>PartnerAccess.Sdk</c>.</summary>
    public const string ActivitySourceName = "PartnerAccess.Sdk";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>PartnerAccess.Sdk</c>.</summary>
    public const string MeterName = "PartnerAccess.Sdk";

    /// <summary>Counter of client operations the caller started (nested calls are not counted). Unit: <c>{operation}</c>.</summary>
    public const string OperationsMetric = "partneraccess.client.operations";

    /// <summary>Histogram of client operation durations, as measured on the client's <see cref="TimeProvider"/>. Unit: <c>s</c>.</summary>
    public const string OperationDurationMetric = "partneraccess.client.operation.duration";

    /// <summary>Counter of HTTP requests sent to Microsoft Graph, each retry included. Unit: <c>{request}</c>.</summary>
    public const string RequestsMetric = "partneraccess.client.requests";

    /// <summary>Histogram of the duration of each HTTP attempt to Microsoft Graph. Unit: <c>s</c>.</summary>
    public const string RequestDurationMetric = "partneraccess.client.request.duration";

    /// <summary>Counter of HTTP requests resent by the retry layer. Unit: <c>{retry}</c>.</summary>
    public const string RetriesMetric = "partneraccess.client.retries";

    /// <summary>Counter of throttled answers (HTTP 429) received from Microsoft Graph. Unit: <c>{response}</c>.</summary>
    public const string ThrottlesMetric = "partneraccess.client.throttles";

    /// <summary>Counter of waits for a long-running operation or a status (the <c>WaitFor…</c> helpers). Unit: <c>{wait}</c>.</summary>
    public const string LongRunningWaitsMetric = "partneraccess.client.long_running.waits";

    /// <summary>Histogram of how long those waits took, on the client's <see cref="TimeProvider"/>. Unit: <c>s</c>.</summary>
    public const string LongRunningWaitDurationMetric = "partneraccess.client.long_running.wait.duration";

    /// <summary>Tag: the operation, for example <c>CreateRelationship</c>.</summary>
    public const string OperationTag = "partneraccess.operation";

    /// <summary>Tag: the implementation, <c>graph</c> or <c>in-memory</c>.</summary>
    public const string ClientTag = "partneraccess.client";

    /// <summary>Tag (spans only): the relationship id.</summary>
    public const string RelationshipIdTag = "partneraccess.relationship.id";

    /// <summary>Tag (spans only): the customer's tenant id.</summary>
    public const string CustomerTenantIdTag = "partneraccess.customer.tenant_id";

    /// <summary>Tag: <c>success</c>, <c>failure</c> or <c>canceled</c>.</summary>
    public const string OutcomeTag = "partneraccess.outcome";

    /// <summary>Tag on failures: the <see cref="PartnerAccessErrorCode"/> name, or the exception type for other failures.</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>Tag on span failures with rule violations: the rule codes, comma-separated.</summary>
    public const string RuleCodesTag = "partneraccess.rule_codes";

    /// <summary>Tag on list spans: how many items the caller read.</summary>
    public const string ItemsTag = "partneraccess.items";

    /// <summary>Tag on retries: why the request was resent, an HTTP status code or an exception type.</summary>
    public const string RetryReasonTag = "partneraccess.retry.reason";

    /// <summary>Tag on waits: what was waited for (<c>operation</c>, <c>relationship_status</c> or <c>access_assignment</c>).</summary>
    public const string WaitKindTag = "partneraccess.wait.kind";
}
