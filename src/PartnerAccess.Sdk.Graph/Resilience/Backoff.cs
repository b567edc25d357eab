namespace PartnerAccess.Sdk.Graph.Resilience;

/// <summary>
/// Exponential backoff with "equal jitter": half of the exponential step is fixed and half is random, so delays
/// still grow while many clients spread out.
/// </summary>
internal sealed class Backoff(TimeSpan baseDelay, TimeSpan maxDelay, Func<double> random)
{
    /// <summary>The delay before retry number <paramref name="retryIndex"/> (0 for the first retry).</summary>
    public TimeSpan Next(int retryIndex)
    {
        var exponent = Math.Min(retryIndex, 30);
        var step = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        var half = step / 2;
        return TimeSpan.FromMilliseconds(half + (half * Math.Clamp(random(), 0, 1)));
    }
}

/// <summary>Reads <c>Retry-After</c> in both of its forms: delta seconds and an HTTP date.</summary>
internal static class RetryAfter
{
    public static TimeSpan? Read(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    public static TimeSpan? Read(IDictionary<string, IEnumerable<string>>? headers, DateTimeOffset now)
    {
        if (headers is null)
        {
            return null;
        }

        var value = headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        using var probe = new HttpResponseMessage();
        return probe.Headers.TryAddWithoutValidation("Retry-After", value) ? Read(probe, now) : null;
    }
}
