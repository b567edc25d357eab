using Microsoft.Extensions.Time.Testing;
using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>Moves a fake clock forward while the code under test waits on it, without any real sleeping.</summary>
internal static class Clock
{
    /// <summary>
    /// Advances <paramref name="time"/> in small steps until <paramref name="task"/> finishes, yielding between steps so
    /// the continuations that the clock released can run. Gives up after <paramref name="maxFakeTime"/> of fake time.
    /// </summary>
    public static async Task<T> DriveAsync<T>(Microsoft.Extensions.Time.Testing.FakeTimeProvider time, Task<T> task, TimeSpan? step = null, TimeSpan? maxFakeTime = null)
    {
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
