namespace PartnerAccess.Sdk.TestSupport;

/// <summary>
/// Real time, running <c>factor</c> times faster: a one-second Retry-After costs 1/factor of a second. For tests that
/// talk to the emulator over real sockets, where a fake clock would stall the wire, yet the client's waits must stay short.
/// </summary>
/// <remarks>
/// Not a <c>FakeTimeProvider</c>: a fake clock moved by the test (even in small steps while the code waits) runs ahead of
/// the real requests in flight, so on a busy machine the client's attempt timeouts can fire on calls the emulator is still
/// answering; these runs make thousands of calls under faults.
/// </remarks>
public sealed class AcceleratedTimeProvider(double factor) : TimeProvider
{
    private readonly DateTimeOffset _start = System.GetUtcNow();
    private readonly long _startTimestamp = System.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => _start + (System.GetElapsedTime(_startTimestamp) * factor);

    public override long GetTimestamp() => _startTimestamp + (long)((System.GetTimestamp() - _startTimestamp) * factor);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : span / factor;

    private sealed class ScaledTimer(ITimer inner, AcceleratedTimeProvider owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(owner.Scale(dueTime), owner.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
