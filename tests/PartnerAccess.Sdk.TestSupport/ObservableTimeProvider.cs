using Microsoft.Extensions.Time.Testing;

namespace PartnerAccess.Sdk.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells which timers the code under test started, with what due time, and
/// when one fired, so a test can assert the delay the code asked for and move time exactly that far. Nothing sleeps.
/// </summary>
/// <remarks>
/// The one <see cref="TimeProvider"/> subclass the fakes need: <see cref="FakeTimeProvider"/> has no way to observe the
/// timers it hands out, and these tests assert on waits (a retry's backoff, a poll interval) rather than only on "now".
/// </remarks>
public sealed class ObservableTimeProvider : FakeTimeProvider
{
    /// <summary>Where a clock made with the parameterless constructor starts.</summary>
    public static new readonly DateTimeOffset Start = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly object _gate = new();
    private readonly List<TimeSpan> _dueTimes = [];
    private readonly SemaphoreSlim _timersCreated = new(0);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _consumed;
    private int _fired;

    public ObservableTimeProvider()
        : base(Start)
    {
    }

    public IReadOnlyList<TimeSpan> DueTimes
    {
        get
        {
            lock (_gate)
            {
                return _dueTimes.ToList();
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(s =>
        {
            Interlocked.Exchange(ref _fired, 1);
            callback(s);
        }, state, dueTime, period);
        lock (_gate)
        {
            _dueTimes.Add(dueTime);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _timersCreated.Release();
        return timer;
    }

    /// <summary>Waits for the next timer (after those already returned) whose due time is a real delay, not a timeout.</summary>
    public async Task<TimeSpan> NextDelayAsync(params TimeSpan[] timeoutsToIgnore)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                for (; _consumed < _dueTimes.Count; _consumed++)
                {
                    var due = _dueTimes[_consumed];
                    if (due > TimeSpan.Zero && due != Timeout.InfiniteTimeSpan && !timeoutsToIgnore.Contains(due))
                    {
                        _consumed++;
                        return due;
                    }
                }

                changed = _changed.Task;
            }

            // A guard against a hung test, not a timing assertion.
            await changed.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Completes when the code under test next starts a timer.</summary>
    public Task WaitForTimerAsync() => _timersCreated.WaitAsync();

    /// <summary>
    /// Runs <paramref name="work"/> to completion: each time it starts a timer, time moves forward one
    /// <paramref name="step"/> at a time until a timer fires.
    /// </summary>
    public async Task<T> DriveAsync<T>(Task<T> work, TimeSpan step)
    {
        using var stop = new CancellationTokenSource();
        while (true)
        {
            var timerCreated = _timersCreated.WaitAsync(stop.Token);
            if (await Task.WhenAny(work, timerCreated) == work)
            {
                await stop.CancelAsync();
                return await work;
            }

            Interlocked.Exchange(ref _fired, 0);
            for (var steps = 0; Interlocked.Exchange(ref _fired, 0) == 0; steps++)
            {
                if (steps > 100_000)
                {
                    throw new InvalidOperationException("The timer never fired.");
                }

                Advance(step);
            }
        }
    }
}
