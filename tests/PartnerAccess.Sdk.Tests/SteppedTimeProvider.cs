using Microsoft.Extensions.Time.Testing;

namespace PartnerAccess.Sdk.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells a test when code under test starts waiting on a timer and when a timer
/// fires, so the test can move time exactly as far as the code waits, without sleeping.
/// </summary>
internal sealed class SteppedTimeProvider : FakeTimeProvider
{
    private readonly SemaphoreSlim _timersCreated = new(0);
    private int _fired;

    public SteppedTimeProvider()
        : base(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(s =>
        {
            Interlocked.Exchange(ref _fired, 1);
            callback(s);
        }, state, dueTime, period);
        _timersCreated.Release();
        return timer;
    }

    /// <summary>
    /// Runs <paramref name="work"/> to completion: each time it waits on a timer, time moves forward one
    /// <paramref name="step"/> at a time until that timer fires.
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

    /// <summary>Completes when the code under test next starts waiting on a timer.</summary>
    public Task WaitForTimerAsync() => _timersCreated.WaitAsync();
}
