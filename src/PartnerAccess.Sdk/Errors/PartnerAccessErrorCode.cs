namespace PartnerAccess.Sdk;

/// <summary>
/// The stable category of a <see cref="PartnerAccessException"/>. Values never change meaning between releases,
/// so callers can branch on them and persist them.
/// </summary>
public enum PartnerAccessErrorCode
{
    /// <summary>The failure could not be classified. Inspect <see cref="PartnerAccessException.ServiceErrorCode"/>.</summary>
    Unknown = 0,

    /// <summary>The relationship, access assignment, request, operation or customer does not exist (HTTP 404).</summary>
    NotFound = 1,

    /// <summary>The object clashes with an existing one: a duplicate display name or security group (HTTP 409).</summary>
    Conflict = 2,

    /// <summary>The concurrency token (ETag) is stale or missing; nothing was changed (HTTP 412 or 428).</summary>
    Concurrency = 3,

    /// <summary>The input breaks one or more GDAP rules; see <see cref="PartnerAccessException.Violations"/> (HTTP 400).</summary>
    Validation = 4,

    /// <summary>The action is not allowed in the object's current status, for example terminating a relationship that is not active.</summary>
    InvalidState = 5,

    /// <summary>The service throttled the request and the retry budget ran out (HTTP 429).</summary>
    Throttled = 6,

    /// <summary>The caller is not authenticated or lacks a permission or prerequisite (HTTP 401 or 403).</summary>
    Unauthorized = 7,

    /// <summary>The service failed or could not be reached (HTTP 5xx, dropped connection).</summary>
    ServiceError = 8,

    /// <summary>A wait helper gave up before the object reached the expected state.</summary>
    Timeout = 9,
}
