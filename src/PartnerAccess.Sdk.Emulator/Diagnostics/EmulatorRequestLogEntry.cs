namespace PartnerAccess.Sdk.Emulator.Diagnostics;

/// <summary>One request the emulator answered on its Graph surface, as <c>GET /_emulator/requests</c> lists it.</summary>
/// <param name="Sequence">The order of arrival, from 1.</param>
/// <param name="ReceivedAt">Wall-clock arrival time (not the emulator clock), to check retry spacing.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path and query string.</param>
/// <param name="Status">The status code sent; 0 when the connection was dropped.</param>
/// <param name="RequestId">The <c>request-id</c> the emulator assigned.</param>
/// <param name="ClientRequestId">The caller's <c>client-request-id</c> header, if sent.</param>
/// <param name="Fault">The injected fault, if any: <c>throttled</c>, <c>status429</c>, <c>status503</c>, <c>dropConnection</c>, <c>notYetVisible</c>, <c>methodNotAllowed</c> or <c>unauthorized</c>.</param>
/// <param name="RetryAttempt">The caller's <c>Retry-Attempt</c> header, if sent.</param>
public sealed record EmulatorRequestLogEntry(
    long Sequence,
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    int Status,
    string RequestId,
    string? ClientRequestId,
    string? Fault,
    string? RetryAttempt);
