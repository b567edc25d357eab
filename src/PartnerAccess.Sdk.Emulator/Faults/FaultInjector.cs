namespace PartnerAccess.Sdk.Emulator.Faults;

internal enum FaultKind
{
    None,
    Throttled,
    Status429,
    Status503,
    DropConnection,
    Ambiguous500,
    Ambiguous504,
    AmbiguousDrop,
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
    private readonly HashSet<string> _notYetRead = new(StringComparer.OrdinalIgnoreCase);
    private readonly Action<EmulatorFaults>? _changed;
    private EmulatorFaults _faults = EmulatorFaults.None;
    private Random _random = new();

    public FaultInjector(TimeProvider wire, EmulatorFaults initial, Action<EmulatorFaults>? changed = null)
    {
        _wire = wire;
        _changed = changed;
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

            _changed?.Invoke(value);
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

    /// <summary>Whether a write that succeeded is answered as if it had failed (it stays applied), and how.</summary>
    public FaultKind DecideAmbiguousWrite()
    {
        lock (_gate)
        {
            var faults = _faults;
            var total = faults.AmbiguousWrite500Rate + faults.AmbiguousWrite504Rate + faults.AmbiguousWriteDropRate;
            if (total <= 0)
            {
                return FaultKind.None;
            }

            var draw = _random.NextDouble();
            return draw < faults.AmbiguousWrite500Rate ? FaultKind.Ambiguous500
                : draw < faults.AmbiguousWrite500Rate + faults.AmbiguousWrite504Rate ? FaultKind.Ambiguous504
                : draw < total ? FaultKind.AmbiguousDrop
                : FaultKind.None;
        }
    }

    /// <summary>Whether a <c>lockForApproval</c> on a relationship of this age (emulator clock) is refused with 405.</summary>
    public bool RefusesLock(NodaTime.Duration age)
    {
        lock (_gate)
        {
            var faults = _faults;
            return faults.LockNotAllowedRate > 0 && age < NodaTime.Duration.FromSeconds(faults.LockNotAllowedWindowSeconds) &&
                   _random.NextDouble() < faults.LockNotAllowedRate;
        }
    }

    /// <summary>The first freshly created id among <paramref name="ids"/> whose first read is answered 404, if any; each id is decided once.</summary>
    public string? FindFirstReadHidden(IEnumerable<string> ids)
    {
        lock (_gate)
        {
            foreach (var id in ids)
            {
                if (_notYetRead.Remove(id) && _random.NextDouble() < _faults.NotFoundAfterCreateRate)
                {
                    return id;
                }
            }

            return null;
        }
    }

    /// <summary>Whether lists lag behind creates at all; when not, a list need not ask about each item.</summary>
    public bool HidesFromLists
    {
        get
        {
            lock (_gate)
            {
                return _faults.ListLagMs > 0;
            }
        }
    }

    /// <summary>Whether lists still leave out an object created this recently.</summary>
    public bool IsHiddenFromLists(string id)
    {
        lock (_gate)
        {
            var lag = _faults.ListLagMs;
            return lag > 0 && IsYoung(id, lag);
        }
    }

    /// <summary>The first <c>$filter</c> property in <paramref name="properties"/> that the faults declare unsupported, if any.</summary>
    public string? FindUnsupportedFilter(IEnumerable<string> properties)
    {
        lock (_gate)
        {
            var unsupported = _faults.UnsupportedFilterProperties;
            return unsupported.Count == 0 ? null : properties.FirstOrDefault(p => unsupported.Contains(p, StringComparer.OrdinalIgnoreCase));
        }
    }

    /// <summary>Remembers when an object was created, for the eventual-consistency and 405-after-create faults.</summary>
    public void RecordCreated(string id, bool isRelationship = false)
    {
        lock (_gate)
        {
            _created[id] = _wire.GetTimestamp();
            if (_faults.NotFoundAfterCreateRate > 0)
            {
                _notYetRead.Add(id);
            }

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
            _notYetRead.Clear();
        }

        Faults = faults;
    }

    private bool IsYoung(string id, int delayMs) =>
        _created.TryGetValue(id, out var created) && _wire.GetElapsedTime(created) < TimeSpan.FromMilliseconds(delayMs);
}
