using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PartnerAccess.Sdk.Time;

using PartnerAccess.Sdk.Audit;

namespace PartnerAccess.Sdk.Graph.Audit;

/// <summary>What <see cref="PartnerSignInMapper.TryMap"/> made of one sign-in record.</summary>
internal enum SignInMapResult
{
    /// <summary>A partner technician's sign-in: mapped to an audit record.</summary>
    Mapped = 1,

    /// <summary>Not a service-provider sign-in (an ordinary, B2B or Microsoft support sign-in): left out.</summary>
    NotServiceProvider,

    /// <summary>A service-provider sign-in from another partner's tenant: left out.</summary>
    OtherPartner,

    /// <summary>The record lacks a field the mapping needs, or has one of the wrong type: skipped with a warning.</summary>
    Malformed,
}

/// <summary>
/// Maps Entra sign-in records (Graph <b>beta</b> <c>signIn</c> JSON, read in the customer tenant) to audit records of
/// kind <see cref="AuditRecordKind.PartnerSignIn"/>. Only records with <c>crossTenantAccessType</c> =
/// <c>serviceProvider</c> and <c>homeTenantId</c> = the partner's tenant are kept: that is how GDAP and CSP technicians
/// appear. v1.0 lacks both fields. A malformed record is skipped and logged as a warning (its id only, never a user
/// name); it never stops the mapping.
/// </summary>
internal sealed partial class PartnerSignInMapper
{
    /// <summary>The <c>crossTenantAccessType</c> value of partner technician sign-ins.</summary>
    public const string ServiceProviderAccessType = "serviceProvider";

    private readonly ILogger _logger;

    /// <summary>Creates a mapper for one partner.</summary>
    /// <param name="partnerTenantId">The partner's tenant id (a GUID).</param>
    /// <param name="logger">Receives warnings about malformed records; none when <see langword="null"/>.</param>
    public PartnerSignInMapper(string partnerTenantId, ILogger<PartnerSignInMapper>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(partnerTenantId);
        if (!Guid.TryParse(partnerTenantId, out _))
        {
            throw new ArgumentException("The partner tenant id must be a GUID.", nameof(partnerTenantId));
        }

        PartnerTenantId = partnerTenantId;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The partner tenant whose technicians are kept.</summary>
    public string PartnerTenantId { get; }

    /// <summary>Maps every partner sign-in in <paramref name="signIns"/>, leaving out the rest.</summary>
    /// <param name="signIns">Sign-in records, for example the <c>value</c> array of a page.</param>
    /// <returns>The partner sign-ins, in input order.</returns>
    public IEnumerable<AuditRecord> MapAll(IEnumerable<JsonElement> signIns)
    {
        ArgumentNullException.ThrowIfNull(signIns);
        foreach (var signIn in signIns)
        {
            if (TryMap(signIn, out var record) == SignInMapResult.Mapped)
            {
                yield return record!;
            }
        }
    }

    /// <summary>Maps one sign-in record.</summary>
    /// <param name="signIn">The record as Graph returns it.</param>
    /// <param name="record">The audit record, when the result is <see cref="SignInMapResult.Mapped"/>.</param>
    /// <returns>What was made of it.</returns>
    public SignInMapResult TryMap(JsonElement signIn, out AuditRecord? record)
    {
        record = null;
        if (signIn.ValueKind != JsonValueKind.Object)
        {
            LogMalformed(_logger, "(none)", "the record is not a JSON object");
            return SignInMapResult.Malformed;
        }

        var id = TryString(signIn, "id", out var idValue) ? idValue : null;
        if (string.IsNullOrWhiteSpace(id))
        {
            LogMalformed(_logger, "(none)", "'id' is missing or not a string");
            return SignInMapResult.Malformed;
        }

        if (!TryString(signIn, "crossTenantAccessType", out var accessType) || !TryString(signIn, "homeTenantId", out var homeTenantId))
        {
            LogMalformed(_logger, id, "'crossTenantAccessType' or 'homeTenantId' has the wrong type");
            return SignInMapResult.Malformed;
        }

        if (!string.Equals(accessType, ServiceProviderAccessType, StringComparison.OrdinalIgnoreCase))
        {
            return SignInMapResult.NotServiceProvider;
        }

        if (!string.Equals(homeTenantId, PartnerTenantId, StringComparison.OrdinalIgnoreCase))
        {
            return SignInMapResult.OtherPartner;
        }

        if (!TryString(signIn, "createdDateTime", out var created) || !InstantText.TryParseIso(created, out var occurredAt))
        {
            LogMalformed(_logger, id, "'createdDateTime' is missing or not an ISO 8601 date-time");
            return SignInMapResult.Malformed;
        }

        var texts = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in new[] { "userId", "userPrincipalName", "userDisplayName", "appId", "appDisplayName", "resourceDisplayName", "resourceId", "ipAddress", "resourceTenantId", "homeTenantName" })
        {
            if (!TryString(signIn, name, out var value))
            {
                LogMalformed(_logger, id, $"'{name}' is not a string");
                return SignInMapResult.Malformed;
            }

            texts[name] = value;
        }

        if (!TryStatus(signIn, out var errorCode, out var failureReason))
        {
            LogMalformed(_logger, id, "'status' is not an object with a numeric 'errorCode'");
            return SignInMapResult.Malformed;
        }

        var details = new Dictionary<string, string> { ["crossTenantAccessType"] = accessType! };
        if (signIn.TryGetProperty("isInteractive", out var interactive) && interactive.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            details["isInteractive"] = interactive.GetBoolean() ? "true" : "false";
        }

        if (texts["resourceId"] is { } resourceId)
        {
            details["resourceId"] = resourceId;
        }

        if (texts["homeTenantName"] is { } homeTenantName)
        {
            details["homeTenantName"] = homeTenantName;
        }

        var who = texts["userPrincipalName"] ?? texts["userDisplayName"] ?? texts["userId"] ?? "A partner user";
        var what = texts["appDisplayName"] ?? texts["resourceDisplayName"] ?? texts["appId"] ?? "an app";
        record = new AuditRecord
        {
            Id = "signin:" + id,
            OccurredAt = occurredAt,
            Kind = AuditRecordKind.PartnerSignIn,
            Source = AuditSource.SignInLog,
            Actor = new AuditActor(AuditActorKind.Partner, texts["userId"], texts["userDisplayName"]),
            CustomerTenantId = texts["resourceTenantId"],
            PartnerTenantId = homeTenantId,
            Summary = errorCode == 0
                ? $"{who} signed in to {what}"
                : $"{who} failed to sign in to {what} (error {errorCode.ToString(CultureInfo.InvariantCulture)})",
            SignIn = new SignInDetails
            {
                UserId = texts["userId"],
                UserPrincipalName = texts["userPrincipalName"],
                UserDisplayName = texts["userDisplayName"],
                AppId = texts["appId"],
                AppDisplayName = texts["appDisplayName"],
                ResourceDisplayName = texts["resourceDisplayName"],
                IpAddress = texts["ipAddress"],
                ErrorCode = errorCode,
                FailureReason = failureReason,
            },
            Details = details,
        };
        return SignInMapResult.Mapped;
    }

    /// <summary>Reads an optional string property: absent or null is fine (<see langword="null"/>), another type is not.</summary>
    private static bool TryString(JsonElement element, string name, out string? value)
    {
        value = null;
        if (!element.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (property.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = property.GetString();
        return true;
    }

    private static bool TryStatus(JsonElement signIn, out int errorCode, out string? failureReason)
    {
        errorCode = 0;
        failureReason = null;
        if (!signIn.TryGetProperty("status", out var status) || status.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (status.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (status.TryGetProperty("errorCode", out var code) && code.ValueKind != JsonValueKind.Null && !(code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out errorCode)))
        {
            return false;
        }

        return TryString(status, "failureReason", out failureReason);
    }

    [LoggerMessage(EventId = 4200, EventName = "MalformedSignIn", Level = LogLevel.Warning,
        Message = "Skipped sign-in record {SignInId}: {Problem}")]
    private static partial void LogMalformed(ILogger logger, string signInId, string problem);
}
