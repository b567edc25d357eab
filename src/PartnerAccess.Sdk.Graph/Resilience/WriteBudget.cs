namespace PartnerAccess.Sdk.Graph.Resilience;

/// <summary>
/// How many times one write (a POST, PATCH or DELETE) may still be sent during one client call. The retry layer and the
/// client's ambiguity resolution draw from the same budget, so a write is sent at most <c>MaxAttempts</c> times per
/// call whatever mix of throttles, lost answers and re-sends happens. It flows with the call (an async local).
/// </summary>
internal sealed class WriteBudget
{
    private static readonly AsyncLocal<WriteBudget?> Scope = new();
    private int _remaining;

    private WriteBudget(int maxSends) => _remaining = maxSends;

    /// <summary>The budget of the client call in progress, if it opened one.</summary>
    public static WriteBudget? Current => Scope.Value;

    /// <summary>Whether the write may be sent once more.</summary>
    public bool CanSend => Volatile.Read(ref _remaining) > 0;

    /// <summary>
    /// Opens a budget for the calling async method and what it awaits; it ends when that method returns. Call it at
    /// the start of the async method that sends the write.
    /// </summary>
    public static WriteBudget Begin(int maxSends)
    {
        var budget = new WriteBudget(maxSends);
        Scope.Value = budget;
        return budget;
    }

    /// <summary>Counts one send of the write.</summary>
    public void RecordSend() => Interlocked.Decrement(ref _remaining);
}
