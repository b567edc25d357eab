namespace PartnerAccess.Sdk.Graph.Resilience;

/// <summary>The retry, timeout and backoff settings of the one retry layer, copied from the options.</summary>
internal sealed record ResilienceSettings(
    int MaxAttempts,
    TimeSpan BaseDelay,
    TimeSpan MaxDelay,
    TimeSpan AttemptTimeout,
    TimeSpan TotalTimeout,
    bool IncludeUnknownEnumMembers)
{
    public static ResilienceSettings From(GraphPartnerAccessOptions options) => new(
        options.MaxAttempts,
        options.BaseDelay,
        options.MaxDelay,
        options.AttemptTimeout,
        options.TotalTimeout,
        options.IncludeUnknownEnumMembers);
}
