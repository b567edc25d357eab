namespace PartnerAccess.Sdk.Graph.Wire;

/// <summary>Error translation for the calls that are not GDAP calls (mail, sign-in logs): the same mapping, with the right permission named.</summary>
internal static class GraphInsightErrors
{
    public static Exception Translate(Exception exception, HttpMethod method, string what, string permission, TimeProvider timeProvider)
    {
        var translated = ServiceErrors.Translate(exception, method, what, timeProvider.GetUtcNow());
        if (translated is PartnerAccessException { ErrorCode: PartnerAccessErrorCode.Unauthorized } unauthorized)
        {
            var lead = unauthorized.Status == 401
                ? $"Graph did not accept the credentials (HTTP 401) while {what}."
                : $"Graph refused access (HTTP 403) while {what}.";
            return new PartnerAccessException(PartnerAccessErrorCode.Unauthorized, $"{lead} Likely missing: the {permission} permission, granted with admin consent.", exception)
            {
                Status = unauthorized.Status,
                ServiceErrorCode = unauthorized.ServiceErrorCode,
                RequestId = unauthorized.RequestId,
            };
        }

        return translated;
    }
}
