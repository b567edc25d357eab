using Microsoft.Extensions.Time.Testing;

namespace PartnerAccess.Sdk.Graph.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells which timers were started and with what due time, so a test can
/// assert the delay the client asked for and then advance exactly that far. Nothing ever sleeps.
/// </summary>
public sealed class ObservableTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<TimeSpan> _dueTimes = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _consumed;

    public static readonly DateTimeOffset Start = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Fake { get; } = new(Start);

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _dueTimes.Add(dueTime);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return timer;
    }

    public void Advance(TimeSpan by) => Fake.Advance(by);

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
}
