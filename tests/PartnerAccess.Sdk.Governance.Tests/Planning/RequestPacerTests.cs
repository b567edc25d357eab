using Microsoft.Extensions.Time.Testing;
using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

public class RequestPacerTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-09-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void AcquireAsync_NeverThrottled_DoesNotWait()
    {
        var pacer = new RequestPacer(_time);

        for (var i = 0; i < 1000; i++)
        {
            pacer.AcquireAsync(CancellationToken.None).IsCompleted.Should().BeTrue();
        }

        pacer.CurrentRate.Should().BeNull();
    }

    [Fact]
    public void OnThrottled_RateBecomesJustBelowWhatSucceededInTheLastSecond()
    {
        var pacer = new RequestPacer(_time);
        for (var i = 0; i < 40; i++)
        {
            pacer.OnSuccess();
        }

        _time.Advance(TimeSpan.FromSeconds(2));
        for (var i = 0; i < 20; i++)
        {
            pacer.OnSuccess();
        }

        var wait = pacer.OnThrottled(TimeSpan.FromSeconds(3));

        wait.Should().Be(TimeSpan.FromSeconds(3));
        pacer.CurrentRate.Should().Be(20 * 0.9, "only the 20 successes of the last second count");
        pacer.ThrottledCount.Should().Be(1);
    }

    [Fact]
    public void OnThrottled_SameEpisode_LowersRateOnce()
    {
        var pacer = new RequestPacer(_time, initialRate: 100);
        for (var i = 0; i < 100; i++)
        {
            pacer.OnSuccess();
        }

        pacer.OnThrottled(TimeSpan.FromSeconds(1));
        pacer.OnThrottled(TimeSpan.FromSeconds(1));
        pacer.OnThrottled(null);

        pacer.CurrentRate.Should().Be(90);
        pacer.ThrottledCount.Should().Be(3);
    }

    [Fact]
    public void OnThrottled_FirstEpisode_MeasuresTheLimitFromWhatSucceeded()
    {
        var pacer = new RequestPacer(_time);
        pacer.MeasuredLimit.Should().BeNull();
        Succeed(pacer, 200);

        pacer.OnThrottled(TimeSpan.FromSeconds(1));

        pacer.MeasuredLimit.Should().Be(200);
        pacer.CurrentRate.Should().Be(180);
    }

    [Fact]
    public void OnThrottled_ProbeAtTheMeasuredLimit_CutsByFourPerCent()
    {
        var pacer = new RequestPacer(_time);
        Succeed(pacer, 200);
        pacer.OnThrottled(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(2));
        Succeed(pacer, 200);

        pacer.OnThrottled(TimeSpan.FromSeconds(1));

        pacer.CurrentRate.Should().BeApproximately(192 * 0.96, 1e-9, "after the first cut it climbed straight back to 96 % of the limit");
        pacer.MeasuredLimit.Should().Be(200);
    }

    [Fact]
    public void OnThrottled_WellBelowTheMeasuredLimit_CutsByTenPerCentAndLowersTheLimit()
    {
        var pacer = new RequestPacer(_time, initialRate: null, maxRate: null, limitHint: 200);
        Succeed(pacer, 100);

        pacer.OnThrottled(TimeSpan.FromSeconds(1));

        pacer.CurrentRate.Should().Be(90, "the service now takes only about 100 a second");
        pacer.MeasuredLimit.Should().Be(100);
    }

    [Fact]
    public void OnSuccess_NearTheMeasuredLimit_ProbesByOnePerCentASecond()
    {
        var pacer = new RequestPacer(_time, initialRate: null, maxRate: null, limitHint: 200);
        pacer.CurrentRate.Should().Be(192);

        _time.Advance(TimeSpan.FromSeconds(1));
        pacer.OnSuccess();

        pacer.CurrentRate.Should().BeApproximately(192 * 1.01, 1e-9);
    }

    [Fact]
    public void Constructor_NonPositiveLimitHint_Throws()
    {
        var create = () => new RequestPacer(_time, initialRate: null, maxRate: null, limitHint: 0);

        create.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("limitHint");
    }

    [Fact]
    public async Task AcquireAsync_Paced_WaitsForTokensOnTheTimeProvider()
    {
        var pacer = new RequestPacer(_time, initialRate: 10);
        await pacer.AcquireAsync(CancellationToken.None);

        var second = pacer.AcquireAsync(CancellationToken.None).AsTask();
        second.IsCompleted.Should().BeFalse("the burst is one call at 10 per second");

        _time.Advance(TimeSpan.FromMilliseconds(99));
        second.IsCompleted.Should().BeFalse();
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await second;
    }

    [Fact]
    public void OnSuccess_NoThrottleForASecond_ProbesHigher()
    {
        var pacer = new RequestPacer(_time, initialRate: 100);

        _time.Advance(TimeSpan.FromSeconds(1));
        pacer.OnSuccess();
        pacer.CurrentRate.Should().Be(105);
        pacer.OnSuccess();
        pacer.CurrentRate.Should().Be(105, "one step per second");
    }

    [Fact]
    public void OnSuccess_RateCappedByMaximum()
    {
        var pacer = new RequestPacer(_time, initialRate: 100, maxRate: 101);

        _time.Advance(TimeSpan.FromSeconds(1));
        pacer.OnSuccess();

        pacer.CurrentRate.Should().Be(101);
    }

    [Fact]
    public async Task RunAsync_Throttled_RecordsTheThrottleAndNeverResends()
    {
        var pacer = new RequestPacer(_time);
        var calls = 0;

        var run = pacer.RunAsync<int>(_ =>
        {
            calls++;
            throw new PartnerAccessException(PartnerAccessErrorCode.Throttled, "slow down") { RetryAfter = TimeSpan.FromSeconds(5) };
        }, CancellationToken.None);

        (await run.Invoking(r => r).Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Throttled);
        calls.Should().Be(1, "the client's retry layer owns retries; the pacer only spaces calls");
        pacer.ThrottledCount.Should().Be(1);
        pacer.CurrentRate.Should().NotBeNull("a throttle sets a rate");
    }

    [Fact]
    public async Task RunAsync_OtherFailures_NotRetried()
    {
        var pacer = new RequestPacer(_time);
        var calls = 0;

        var run = pacer.RunAsync<int>(_ =>
        {
            calls++;
            throw new PartnerAccessException(PartnerAccessErrorCode.ServiceError, "boom");
        }, CancellationToken.None);

        await run.Invoking(r => r).Should().ThrowAsync<PartnerAccessException>();
        calls.Should().Be(1);
        pacer.ThrottledCount.Should().Be(0);
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_StopsWaiting()
    {
        var pacer = new RequestPacer(_time, initialRate: 1);
        await pacer.AcquireAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiting = pacer.AcquireAsync(cts.Token).AsTask();
        await cts.CancelAsync();

        await waiting.Invoking(w => w).Should().ThrowAsync<OperationCanceledException>();
    }

    private static void Succeed(RequestPacer pacer, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            pacer.OnSuccess();
        }
    }
}
