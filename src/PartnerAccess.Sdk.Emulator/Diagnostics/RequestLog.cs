namespace PartnerAccess.Sdk.Emulator.Diagnostics;

/// <summary>A bounded, thread-safe log of Graph-surface requests.</summary>
internal sealed class RequestLog
{
    private const int Capacity = 50_000;
    private readonly object _gate = new();
    private readonly LinkedList<EmulatorRequestLogEntry> _entries = new();
    private long _sequence;

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void Add(EmulatorRequestLogEntry entry)
    {
        lock (_gate)
        {
            _entries.AddLast(entry);
            if (_entries.Count > Capacity)
            {
                _entries.RemoveFirst();
            }
        }
    }

    public IReadOnlyList<EmulatorRequestLogEntry> Snapshot()
    {
        lock (_gate)
        {
            return _entries.OrderBy(e => e.Sequence).ToList();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }
}
