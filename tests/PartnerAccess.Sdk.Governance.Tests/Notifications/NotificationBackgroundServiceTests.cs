using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Notifications;
using static PartnerAccess.Sdk.TestSupport.Fixtures;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Governance.Tests.Notifications;

public class NotificationBackgroundServiceTests
{
    private static (ServiceProvider Provider, FakeTimeProvider Time, FixedPartnerAccessClient Client, RecordingNotificationSender Sender) Build(bool runInBackground)
    {
        var relationship = Active(1, T0, 365);
        var time = new FakeTimeProvider((relationship.EndsAt!.Value - Duration.FromDays(31)).ToDateTimeOffset());
        var client = new FixedPartnerAccessClient(time);
        client.Relationships.Add(relationship);
        var sender = new RecordingNotificationSender();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IPartnerAccessClient>(client);
        services.AddSingleton<INotificationSender>(sender);
        services.AddPartnerAccess().AddNotifications(o =>
        {
            o.RunInBackground = runInBackground;
            o.Interval = TimeSpan.FromHours(12);
            o.Planner = o.Planner with { NotifyCustomer = false };
            o.Recipients.Partner.Add("agents@fabrikam.example");
        });
        return (services.BuildServiceProvider(), time, client, sender);
    }

    [Fact]
    public async Task AddNotifications_ResolvesThePipeline_WithInMemoryLedgerByDefault()
    {
        var (provider, _, _, _) = Build(runInBackground: false);
        await using var _ = provider;

        provider.GetRequiredService<INotificationLedger>().Should().BeOfType<InMemoryNotificationLedger>();
        provider.GetRequiredService<NotificationRunner>().Should().NotBeNull();
        provider.GetServices<IHostedService>().Should().ContainSingle().Which.Should().BeOfType<NotificationBackgroundService>();
        provider.GetServices<INotificationSender>().Should().HaveCount(2, "the recording sender plus the logging sender");
    }

    [Fact]
    public async Task AddNotifications_LedgerFilePath_UsesTheJsonFileLedger()
    {
        var services = new ServiceCollection();
        services.AddPartnerAccess().AddNotifications(o => o.LedgerFilePath = Path.Combine(Path.GetTempPath(), "unused-ledger.json"));
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<INotificationLedger>().Should().BeOfType<JsonFileNotificationLedger>();
    }

    [Fact]
    public async Task BackgroundService_RunsAtStartAndOnEachTick_OfTheFakeClock()
    {
        var (provider, time, client, sender) = Build(runInBackground: true);
        await using var _ = provider;
        var service = provider.GetServices<IHostedService>().OfType<NotificationBackgroundService>().Single();
        var runs = Channel();
        service.RunCompleted += (_, result) => runs.Writer.TryWrite(result);

        await service.StartAsync(CancellationToken.None);
        (await NextRun(runs)).Should().NotBeNull();
        sender.Messages.Should().BeEmpty("31 days left crosses no threshold");

        time.Advance(TimeSpan.FromHours(12));
        (await NextRun(runs))!.Outcomes.Should().BeEmpty();
        time.Advance(TimeSpan.FromHours(12));
        var third = await NextRun(runs);

        third!.Sent.Should().ContainSingle().Which.Threshold.Should().Be(Duration.FromDays(30));
        sender.Messages.Should().ContainSingle();
        client.ListRelationshipCalls.Should().Be(3);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task BackgroundService_Disabled_DoesNothing()
    {
        var (provider, time, client, _) = Build(runInBackground: false);
        await using var _ = provider;
        var service = provider.GetServices<IHostedService>().OfType<NotificationBackgroundService>().Single();

        await service.StartAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromDays(2));
        await service.StopAsync(CancellationToken.None);

        client.ListRelationshipCalls.Should().Be(0);
    }

    private static System.Threading.Channels.Channel<NotificationRunResult?> Channel() =>
        System.Threading.Channels.Channel.CreateUnbounded<NotificationRunResult?>();

    // The safety timeout only stops a broken test from hanging; nothing is asserted about time.
    private static async Task<NotificationRunResult?> NextRun(System.Threading.Channels.Channel<NotificationRunResult?> runs) =>
        await runs.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
}
