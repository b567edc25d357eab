namespace PartnerAccess.Sdk.Emulator.Faults;

internal enum FaultKind
{
    None,
    Throttled,
    Status429,
    Status503,
    DropConnection,
}

internal readonly record struct FaultDecision(FaultKind Kind, int RetryAfterSeconds, TimeSpan Latency, bool DropBeforeProcessing);

/// <summary>Decides, per Graph request, which fault applies. Wire-level only: it never touches the engine or its clock.</summary>
internal sealed class FaultInjector
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly object _gate = new();
    private readonly TimeProvider _wire;
    private readonly Queue<long> _accepted = new();
    private readonly Dictionary<string, long> _created = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _relationships = new(StringComparer.OrdinalIgnoreCase);
    private EmulatorFaults _faults = EmulatorFaults.None;
    private Random _random = new();

    public FaultInjector(TimeProvider wire, EmulatorFaults initial)
    {
        _wire = wire;
        Faults = initial;
    }

    public EmulatorFaults Faults
    {
        get
        {
            lock (_gate)
            {
                return _faults;
            }
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_gate)
            {
                _faults = value;
                _random = value.Seed is { } seed ? new Random(seed) : new Random();
                _accepted.Clear();
            }
        }
    }

    public TimeProvider WireClock => _wire;

    public FaultDecision Decide()
    {
        lock (_gate)
        {
            var faults = _faults;
            if (faults.ThrottleRequestsPerSecond > 0)
            {
                var now = _wire.GetTimestamp();
                while (_accepted.Count > 0 && _wire.GetElapsedTime(_accepted.Peek(), now) >= Window)
                {
                    _accepted.Dequeue();
                }

                if (_accepted.Count >= faults.ThrottleRequestsPerSecond)
                {
                    var wait = Window - _wire.GetElapsedTime(_accepted.Peek(), now);
                    var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                    return new FaultDecision(FaultKind.Throttled, seconds, TimeSpan.Zero, false);
                }

                _accepted.Enqueue(now);
            }

            var latency = TimeSpan.FromMilliseconds(faults.LatencyMs +
                                                    (faults.LatencyJitterMs > 0 ? _random.Next(0, faults.LatencyJitterMs + 1) : 0));
            var kind = FaultKind.None;
            if (faults.Status429Rate > 0 || faults.Status503Rate > 0 || faults.DropConnectionRate > 0)
            {
                var draw = _random.NextDouble();
                if (draw < faults.Status429Rate)
                {
                    kind = FaultKind.Status429;
                }
                else if (draw < faults.Status429Rate + faults.Status503Rate)
                {
                    kind = FaultKind.Status503;
                }
                else if (draw < faults.Status429Rate + faults.Status503Rate + faults.DropConnectionRate)
                {
                    kind = FaultKind.DropConnection;
                }
            }

            return new FaultDecision(kind, faults.RetryAfterSeconds, latency, faults.DropBeforeProcessing);
        }
    }

    /// <summary>Remembers when an object was created, for the eventual-consistency and 405-after-create faults.</summary>
    public void RecordCreated(string id, bool isRelationship = false)
    {
        lock (_gate)
        {
            _created[id] = _wire.GetTimestamp();
            if (isRelationship)
            {
                _relationships.Add(id);
            }
        }
    }

    /// <summary>The first id among <paramref name="ids"/> that is still inside the eventual-consistency window, if any.</summary>
    public string? FindNotYetVisible(IEnumerable<string> ids)
    {
        lock (_gate)
        {
            var delay = _faults.EventualConsistencyDelayMs;
            return delay <= 0 ? null : ids.FirstOrDefault(id => IsYoung(id, delay));
        }
    }

    /// <summary>Whether a relationship was created so recently that a request on it gets 405.</summary>
    public bool IsInMethodNotAllowedWindow(string relationshipId)
    {
        lock (_gate)
        {
            var delay = _faults.MethodNotAllowedAfterCreateMs;
            return delay > 0 && _relationships.Contains(relationshipId) && IsYoung(relationshipId, delay);
        }
    }

    public void Reset(EmulatorFaults faults)
    {
        lock (_gate)
        {
            _created.Clear();
            _relationships.Clear();
        }

        Faults = faults;
    }

    private bool IsYoung(string id, int delayMs) =>
        _created.TryGetValue(id, out var created) && _wire.GetElapsedTime(created) < TimeSpan.FromMilliseconds(delayMs);
}
