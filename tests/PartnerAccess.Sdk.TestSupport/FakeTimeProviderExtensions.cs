using Microsoft.Extensions.Time.Testing;

namespace PartnerAccess.Sdk.TestSupport;

/// <summary>Moves a <see cref="FakeTimeProvider"/> forward while the code under test waits on it, without real sleeping.</summary>
public static class FakeTimeProviderExtensions
{
    /// <summary>
    /// Advances <paramref name="time"/> in small steps until <paramref name="task"/> finishes, yielding between steps so
    /// the continuations that the clock released can run. Gives up after <paramref name="maxFakeTime"/> of fake time.
    /// </summary>
    /// <remarks>
    /// For code whose waits a test cannot predict (a pacer's token refills, a throttled batch's retries). Where the test
    /// asserts the waits themselves, <see cref="ObservableTimeProvider"/> moves time exactly as far as each timer asks.
    /// </remarks>
    public static async Task<T> AdvanceUntilCompleteAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan? step = null, TimeSpan? maxFakeTime = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(task);
        var increment = step ?? TimeSpan.FromMilliseconds(100);
        var limit = maxFakeTime ?? TimeSpan.FromHours(1);
        var elapsed = TimeSpan.Zero;
        while (!task.IsCompleted)
        {
            if (elapsed > limit)
            {
                throw new TimeoutException($"The task did not finish within {limit} of fake time.");
            }

            // Let released continuations run before time moves again.
            for (var i = 0; i < 50 && !task.IsCompleted; i++)
            {
                await Task.Yield();
                Thread.Yield();
            }

            time.Advance(increment);
            elapsed += increment;
        }

        return await task;
    }
}
