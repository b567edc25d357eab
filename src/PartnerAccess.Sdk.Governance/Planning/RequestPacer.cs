namespace PartnerAccess.Sdk.Planning;

/// <summary>
/// Paces calls to a service whose rate limit is unknown (Graph publishes none for GDAP): a rate limiter whose rate
/// backs off multiplicatively when the service throttles and grows additively while it does not (AIMD). Shared by
/// every worker of a planner, so all of them slow down together. Every wait goes through the <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// <para>It starts unpaced (or at the initial rate, or just below a limit an earlier run measured). On the first throttle
/// it sets its rate to 90 % of the number of calls that succeeded in the last second, which is close to the service's
/// real limit, and remembers that number as the limit (<see cref="MeasuredLimit"/>). From then on it probes above the
/// limit by 1 % a second and, when a probe is throttled at about the limit, cuts by 4 %; a throttle well below the limit
/// is news about the service and cuts by 10 % again. The throttled call itself waits its Retry-After; the others go on
/// at the lower rate.</para>
/// <para>An <see cref="AccessPlanner"/> paces each client call with one by default. To pace every HTTP request instead
/// (retries, pages and a client's own validation reads included), put a <see cref="RequestPacerHandler"/> in the
/// client's HTTP pipeline and give the planner the same pacer with <see cref="AccessPlannerOptions.PaceEachCall"/> off.</para>
/// </remarks>
public sealed class RequestPacer
{
    private const double Decrease = 0.9;
    private const double IncreasePerSecond = 0.05;

    // Once the service's limit has been measured, a throttle only says the probe went a little too far: cut a little,
    // and probe gently, so the rate stays within a few per cent of the limit instead of swinging 10 % below it.
    private const double DecreaseNearLimit = 0.96;
    private const double IncreaseNearLimitPerSecond = 0.01;
    private const double BurstSeconds = 0.05;

    private readonly TimeProvider _time;
    private readonly double? _maxRate;
    private readonly object _gate = new();
    private readonly Queue<long> _recentSuccesses = new();
    private double? _rate;
    private long _nextSlot;
    private double _lastLimit;
    private bool _limitMeasured;
    private long _lastIncrease;
    private long _lastDecrease;
    private int _throttled;

    /// <summary>Creates a pacer.</summary>
    /// <param name="time">The clock every wait goes through.</param>
    /// <param name="initialRate">The rate to start at, per second; unpaced until the first throttle when <see langword="null"/>.</param>
    /// <param name="maxRate">A ceiling on the rate, per second; none when <see langword="null"/>.</param>
    public RequestPacer(TimeProvider time, double? initialRate = null, double? maxRate = null)
        : this(time, initialRate, maxRate, limitHint: null)
    {
    }

    /// <summary>Creates a pacer that starts from the limit an earlier run measured.</summary>
    /// <param name="time">The clock every wait goes through.</param>
    /// <param name="initialRate">The rate to start at, per second; just below <paramref name="limitHint"/> when <see langword="null"/>.</param>
    /// <param name="maxRate">A ceiling on the rate, per second; none when <see langword="null"/>.</param>
    /// <param name="limitHint">
    /// The service's limit per second as an earlier run measured it (<see cref="MeasuredLimit"/>); the pacer treats it
    /// as measured, so it neither bursts into the throttle at the start nor probes far above it. <see langword="null"/>
    /// for none.
    /// </param>
    public RequestPacer(TimeProvider time, double? initialRate, double? maxRate, double? limitHint)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (initialRate is <= 0 || maxRate is <= 0 || limitHint is <= 0)
        {
            throw new ArgumentOutOfRangeException(initialRate is <= 0 ? nameof(initialRate) : maxRate is <= 0 ? nameof(maxRate) : nameof(limitHint), "Rates must be positive.");
        }

        _time = time;
        _maxRate = maxRate;
        var start = initialRate ?? limitHint * DecreaseNearLimit;
        _rate = start is { } rate ? Math.Min(rate, maxRate ?? double.MaxValue) : maxRate;
        _lastLimit = limitHint ?? _rate ?? 0;
        _limitMeasured = limitHint is not null;
        _nextSlot = time.GetTimestamp();
        _lastIncrease = _nextSlot;
        _lastDecrease = long.MinValue;
    }

    /// <summary>Calls the service throttled so far.</summary>
    public int ThrottledCount => Volatile.Read(ref _throttled);

    /// <summary>The current rate per second; <see langword="null"/> while unpaced.</summary>
    public double? CurrentRate
    {
        get
        {
            lock (_gate)
            {
                return _rate;
            }
        }
    }

    /// <summary>
    /// The service's limit per second as measured at the last throttle (the calls it accepted in the second before), or
    /// the hint it was given; <see langword="null"/> while unknown. Keep it and pass it to the next run as
    /// <see cref="AccessPlannerOptions.RequestsPerSecondLimitHint"/>.
    /// </summary>
    public double? MeasuredLimit
    {
        get
        {
            lock (_gate)
            {
                return _limitMeasured ? _lastLimit : null;
            }
        }
    }

    /// <summary>The clock the pacer waits on.</summary>
    public TimeProvider TimeProvider => _time;

    // Runs one call once: the pacer spaces calls and learns from throttles, but never re-sends (the client's retry
    // layer owns retries). pace: whether to take a permit first and report the outcome; off when a
    // RequestPacerHandler paces the HTTP layer (it has recorded the 429 already).
    internal async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, bool pace = true)
    {
        if (pace)
        {
            await AcquireAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var result = await call(cancellationToken).ConfigureAwait(false);
            if (pace)
            {
                OnSuccess();
            }

            return result;
        }
        catch (PartnerAccessException ex) when (ex.ErrorCode == PartnerAccessErrorCode.Throttled && pace)
        {
            OnThrottled(ex.RetryAfter);
            throw;
        }
    }

    /// <summary>Waits until a call may start.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>A task that completes when the call may start.</returns>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken = default)
    {
        TimeSpan wait;
        lock (_gate)
        {
            if (_rate is not { } rate)
            {
                return;
            }

            // Each caller books the next free slot and waits for exactly that slot: no herd of waiters waking together,
            // and a late timer delays one call without lowering the rate.
            var now = _time.GetTimestamp();
            var interval = (long)(_time.TimestampFrequency / rate);
            // A short burst may run ahead of the schedule while the limit is unknown; at a measured limit it would only
            // push a sliding window over it.
            var burst = _limitMeasured ? 0 : (long)(Math.Max(0, (rate * BurstSeconds) - 1) * interval);
            var slot = Math.Max(_nextSlot, now);
            _nextSlot = slot + interval;
            wait = _time.GetElapsedTime(now, slot - burst);
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records a call the service accepted, and probes a little higher once a second.</summary>
    public void OnSuccess() => OnSuccess(1);

    /// <summary>Records calls the service accepted, for example the items of a batch.</summary>
    /// <param name="count">How many.</param>
    public void OnSuccess(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                _recentSuccesses.Enqueue(now);
            }

            while (_recentSuccesses.Count > 0 && _time.GetElapsedTime(_recentSuccesses.Peek(), now) > TimeSpan.FromSeconds(1))
            {
                _recentSuccesses.Dequeue();
            }

            if (_rate is { } rate && _time.GetElapsedTime(_lastIncrease, now) >= TimeSpan.FromSeconds(1))
            {
                // Far below the last known limit (after several cuts), climb back quickly; near a measured limit, probe
                // gently; with no limit measured yet, probe in larger steps.
                var floor = _lastLimit * (_limitMeasured ? DecreaseNearLimit : Decrease);
                var next = rate < floor
                    ? Math.Min(floor, rate * 1.5)
                    : rate + Math.Max(1, (_limitMeasured ? IncreaseNearLimitPerSecond : IncreasePerSecond) * rate);
                _rate = Math.Min(_maxRate ?? double.MaxValue, next);
                _lastIncrease = now;
            }
        }
    }

    /// <summary>Records a throttle; lowers the rate once per congestion episode.</summary>
    /// <param name="retryAfter">The service's Retry-After; one second when it sent none.</param>
    /// <returns>How long the throttled call waits before it is retried.</returns>
    public TimeSpan OnThrottled(TimeSpan? retryAfter)
    {
        Interlocked.Increment(ref _throttled);
        var wait = retryAfter is { } r && r > TimeSpan.Zero ? r : TimeSpan.FromSeconds(1);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            // One episode lasts as long as its Retry-After: the other calls throttled in it say the same thing again.
            if (_lastDecrease == long.MinValue || _time.GetElapsedTime(_lastDecrease, now) >= wait)
            {
                var succeeded = _recentSuccesses.Count(t => _time.GetElapsedTime(t, now) <= TimeSpan.FromSeconds(1));
                var basis = _rate is { } rate ? Math.Min(rate, Math.Max(succeeded, 1)) : Math.Max(succeeded, 1);

                // A throttle at about the limit measured before is the probe's doing; anything else is news about the service.
                var atKnownLimit = _limitMeasured && succeeded >= _lastLimit * Decrease;
                _lastLimit = Math.Max(succeeded, 1);
                _limitMeasured = true;
                _rate = Math.Max(1, basis * (atKnownLimit ? DecreaseNearLimit : Decrease));
                _nextSlot = Math.Max(_nextSlot, now);
                _lastDecrease = now;
                _lastIncrease = now;
            }
        }

        return wait;
    }
}
