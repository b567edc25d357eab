using System.Globalization;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using PartnerAccess.Sdk.Graph.Resilience;
using PartnerAccess.Sdk.Rules;
using Polly.Timeout;

namespace PartnerAccess.Sdk.Graph.Wire;

/// <summary>Turns what Graph (or the wire) answers into <see cref="PartnerAccessException"/>.</summary>
internal static class ServiceErrors
{
    /// <summary>The rule code of a 400 whose body names no rule.</summary>
    public const string BadRequestCode = "service.badRequest";

    /// <summary>The app id of "Partner Customer Delegated Administration", whose service principal app-only access needs.</summary>
    public const string PartnerDelegatedAdministrationAppId = "2832473f-ec63-45fb-976f-5d45a7d4bb91";

    /// <summary>
    /// Whether a failed write leaves it unknown whether the service carried it out: no answer (a dropped connection, a
    /// timeout) or 500, 502 or 504. A 503 and a 429 mean the service did not process the request.
    /// </summary>
    public static bool IsAmbiguous(Exception exception) => exception switch
    {
        HttpRequestException or IOException or TimeoutRejectedException => true,
        ApiException api => IsAmbiguousStatus(api.ResponseStatusCode),
        PartnerAccessException { Status: { } status } => IsAmbiguousStatus(status),
        PartnerAccessException { ErrorCode: PartnerAccessErrorCode.ServiceError, InnerException: HttpRequestException or IOException or TimeoutRejectedException } => true,
        _ => false,
    };

    /// <summary>The statuses after which a write may or may not have happened.</summary>
    public static bool IsAmbiguousStatus(int status) => status is 500 or 502 or 504;

    /// <summary>Whether Graph refused a write in a way the rules can explain from the object's current state.</summary>
    public static bool IsRefusal(PartnerAccessException exception) => exception.Status is 400 or 409 or 412 or 422;

    /// <summary>Whether a failure is Graph's 404.</summary>
    public static bool IsNotFound(Exception exception) =>
        exception is ApiException { ResponseStatusCode: 404 } ||
        exception is PartnerAccessException { ErrorCode: PartnerAccessErrorCode.NotFound };

    /// <summary>Translates a failure; returns the exception itself when it is a cancellation or already translated.</summary>
    /// <param name="exception">What the Graph SDK threw.</param>
    /// <param name="method">The HTTP method, to name the permission a 403 likely lacks.</param>
    /// <param name="what">What was being done, for example "reading relationship x".</param>
    /// <param name="now">The current time, to turn an HTTP-date Retry-After into a delay.</param>
    /// <returns>The exception to throw.</returns>
    public static Exception Translate(Exception exception, HttpMethod method, string what, DateTimeOffset now)
    {
        switch (exception)
        {
            case PartnerAccessException or OperationCanceledException:
                return exception;
            case ApiException api:
                return FromApiException(api, method, what, now);
            case TimeoutRejectedException timeout:
                return new PartnerAccessException(PartnerAccessErrorCode.ServiceError, $"Graph did not answer in time while {what}: {timeout.Message}", timeout);
            case HttpRequestException or IOException:
                return new PartnerAccessException(PartnerAccessErrorCode.ServiceError, $"Graph could not be reached while {what}: {exception.Message}", exception);
            default:
                return exception;
        }
    }

    private static PartnerAccessException FromApiException(ApiException api, HttpMethod method, string what, DateTimeOffset now)
    {
        var status = api.ResponseStatusCode;
        var error = (api as ODataError)?.Error;
        var serviceCode = error?.Code;
        var serviceMessage = string.IsNullOrWhiteSpace(error?.Message) ? api.Message : error!.Message!;
        var requestId = error?.InnerError?.RequestId ?? Header(api.ResponseHeaders, "request-id");
        // Graph's envelope names no rule: a refusal is explained by the client, which re-reads and runs the rules.
        IReadOnlyList<RuleViolation> violations = [];
        var retryAfter = RetryAfter.Read(api.ResponseHeaders, now);

        PartnerAccessException result = status switch
        {
            400 => PartnerAccessException.FromViolations([new RuleViolation(BadRequestCode, "request", serviceMessage, null)]),
            401 or 403 => new PartnerAccessException(PartnerAccessErrorCode.Unauthorized, UnauthorizedMessage(status, method, what, serviceMessage)),
            404 => new PartnerAccessException(PartnerAccessErrorCode.NotFound, $"Not found while {what}: {serviceMessage}"),
            409 => new PartnerAccessException(PartnerAccessErrorCode.Conflict, Describe(violations, serviceMessage), violations),
            412 => new PartnerAccessException(PartnerAccessErrorCode.Concurrency, Describe(violations, serviceMessage),
                Ensure(violations, RuleCodes.ETagMismatch, "The If-Match ETag does not match the current version; read the object again.")),
            428 => new PartnerAccessException(PartnerAccessErrorCode.Concurrency, Describe(violations, serviceMessage),
                Ensure(violations, RuleCodes.ETagRequired, "The If-Match header is required.")),
            429 => new PartnerAccessException(PartnerAccessErrorCode.Throttled,
                $"Graph throttled the request while {what} and the retry budget ran out" +
                (retryAfter is { } wait ? $"; it asked to wait {wait.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s." : "."),
                api),
            >= 500 => new PartnerAccessException(PartnerAccessErrorCode.ServiceError, $"Graph failed with HTTP {status} while {what}: {serviceMessage}", api),
            _ => new PartnerAccessException(PartnerAccessErrorCode.Unknown, $"Graph answered HTTP {status} while {what}: {serviceMessage}", violations, api),
        };

        return new PartnerAccessException(result.ErrorCode, result.Message, result.Violations, result.InnerException ?? api)
        {
            Status = status,
            ServiceErrorCode = serviceCode,
            RequestId = requestId,
            RetryAfter = status is 429 or 503 ? retryAfter : null,
        };
    }

    private static string UnauthorizedMessage(int status, HttpMethod method, string what, string serviceMessage)
    {
        var permission = method == HttpMethod.Get ? "DelegatedAdminRelationship.Read.All" : "DelegatedAdminRelationship.ReadWrite.All";
        var lead = status == 401
            ? $"Graph did not accept the credentials (HTTP 401) while {what}."
            : $"Graph refused access (HTTP 403) while {what}.";
        return lead + " Likely missing: " +
               $"(1) the {permission} permission, granted with admin consent; " +
               $"(2) for application permissions, the service principal of 'Partner Customer Delegated Administration' (appId {PartnerDelegatedAdministrationAppId}) in the partner tenant (POST /servicePrincipals with that appId); " +
               "(3) for delegated users, multi-factor authentication in the sign-in (and the Admin agent role in Partner Center). " +
               (status == 401 ? "Also check that the token is for this Graph cloud. " : string.Empty) +
               $"Service message: {serviceMessage}";
    }

    private static string Describe(IReadOnlyList<RuleViolation> violations, string serviceMessage) =>
        violations.Count == 0 ? serviceMessage : string.Join(Environment.NewLine, violations.Select(v => v.ToString()));

    private static IReadOnlyList<RuleViolation> Ensure(IReadOnlyList<RuleViolation> violations, string code, string message) =>
        violations.Count > 0 ? violations : [new RuleViolation(code, "If-Match", message, null)];

    private static string? Header(IDictionary<string, IEnumerable<string>>? headers, string name) =>
        headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
}
