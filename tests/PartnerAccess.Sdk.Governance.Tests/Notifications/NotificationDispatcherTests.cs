using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Notifications;
using PartnerAccess.Sdk.Relationships;
using static PartnerAccess.Sdk.TestSupport.Fixtures;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Governance.Tests.Notifications;

public sealed class NotificationDispatcherTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gdap-ledger-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static NotificationRecipients Recipients()
    {
        var recipients = new NotificationRecipients();
        recipients.Partner.Add("admin-agents@fabrikam.example");
        recipients.Customer[ContosoTenantId] = ["it@contoso.example"];
        return recipients;
    }

    private static NotificationDispatcher Dispatcher(TimeProvider time, INotificationLedger ledger, INotificationSender sender, NotificationPlannerOptions? planner = null) =>
        new(new NotificationPlanner(planner), ledger, [sender], Recipients(), new NotificationComposer(), time);

    [Fact]
    public async Task DispatchAsync_DailyRunsAcrossTheLastFortyDays_SendEachThresholdOnceThenExpired()
    {
        var relationship = Active(1, T0, 365);
        var time = new FakeTimeProvider((relationship.EndsAt!.Value - Duration.FromDays(40)).ToDateTimeOffset());
        var sender = new RecordingNotificationSender();
        var dispatcher = Dispatcher(time, new InMemoryNotificationLedger(), sender, new NotificationPlannerOptions { NotifyCustomer = false });

        for (var day = 0; day < 45; day++)
        {
            var current = day >= 40 ? relationship with { Status = RelationshipStatus.Expired } : relationship;
            await dispatcher.DispatchAsync([current]);
            time.Advance(TimeSpan.FromDays(1));
        }

        sender.Notices().Select(m => (m.Notice.Kind, m.Notice.Threshold?.Days)).Should().Equal(
            (NotificationKind.ExpiringSoon, 30),
            (NotificationKind.ExpiringSoon, 7),
            (NotificationKind.ExpiringSoon, 1),
            (NotificationKind.Expired, null));
    }

    [Fact]
    public async Task DispatchAsync_SeveralRunsPerDay_SendsOnce()
    {
        var relationship = Active(1, T0, 365);
        var time = new FakeTimeProvider((relationship.EndsAt!.Value - Duration.FromDays(6)).ToDateTimeOffset());
        var sender = new RecordingNotificationSender();
        var dispatcher = Dispatcher(time, new InMemoryNotificationLedger(), sender);

        var results = new List<NotificationRunResult>();
        for (var run = 0; run < 6; run++)
        {
            results.Add(await dispatcher.DispatchAsync([relationship]));
            time.Advance(TimeSpan.FromHours(4));
        }

        sender.Notices().Should().HaveCount(2);
        sender.Notices().Select(m => m.Notice.Audience).Should().BeEquivalentTo([NotificationAudience.Partner, NotificationAudience.Customer]);
        results.Skip(1).SelectMany(r => r.Outcomes).Should().OnlyContain(o => o.Delivery == NotificationDelivery.AlreadySent);
    }

    [Fact]
    public async Task DispatchAsync_ClockJumpsPastSeveralThresholds_SendsOnlyTheLatest()
    {
        var relationship = Active(1, T0, 365);
        var time = new FakeTimeProvider((relationship.EndsAt!.Value - Duration.FromDays(45)).ToDateTimeOffset());
        var sender = new RecordingNotificationSender();
        var dispatcher = Dispatcher(time, new InMemoryNotificationLedger(), sender, new NotificationPlannerOptions { NotifyCustomer = false });

        await dispatcher.DispatchAsync([relationship]);
        time.Advance(TimeSpan.FromDays(44.5));
        await dispatcher.DispatchAsync([relationship]);
        await dispatcher.DispatchAsync([relationship]);

        var message = sender.Notices().Should().ContainSingle().Subject;
        message.Notice.Threshold.Should().Be(Duration.FromDays(1));
        message.Notice.DaysLeft.Should().Be(1);
    }

    [Fact]
    public async Task DispatchAsync_RestartWithJsonFileLedger_DoesNotSendAgain()
    {
        var relationship = Active(1, T0, 365);
        var path = Path.Combine(_folder, "sent.json");
        var start = (relationship.EndsAt!.Value - Duration.FromDays(29)).ToDateTimeOffset();
        var sent = new List<NotificationMessage>();

        // Three "processes", each with a new planner, dispatcher and ledger instance over the same file.
        for (var process = 0; process < 3; process++)
        {
            var time = new FakeTimeProvider(start + TimeSpan.FromHours(process * 5));
            var sender = new RecordingNotificationSender();
            using var ledger = new JsonFileNotificationLedger(path);
            await Dispatcher(time, ledger, sender).DispatchAsync([relationship]);
            sent.AddRange(sender.Messages);
        }

        sent.Should().HaveCount(2);
        using var reread = new JsonFileNotificationLedger(path);
        (await reread.ReadAllAsync()).Select(e => e.Key).Should().BeEquivalentTo(sent.Select(m => m.Key));
        Directory.GetFiles(_folder).Should().ContainSingle("the temporary file is renamed over the ledger");
    }

    [Fact]
    public async Task DispatchAsync_SenderFails_NotRecorded_AndRetriedOnTheNextRun()
    {
        var relationship = Active(1, T0, 365);
        var time = new FakeTimeProvider((relationship.EndsAt!.Value - Duration.FromDays(3)).ToDateTimeOffset());
        var flaky = new FlakySender(failures: 1);
        var ledger = new InMemoryNotificationLedger();
        var dispatcher = new NotificationDispatcher(
            new NotificationPlanner(new NotificationPlannerOptions { NotifyCustomer = false }), ledger, [flaky], Recipients(), new NotificationComposer(), time);

        var first = await dispatcher.DispatchAsync([relationship]);
        var second = await dispatcher.DispatchAsync([relationship]);
        var third = await dispatcher.DispatchAsync([relationship]);

        first.Outcomes.Single().Delivery.Should().Be(NotificationDelivery.Failed);
        first.Outcomes.Single().Error.Should().Contain("mailbox unavailable");
        second.Outcomes.Single().Delivery.Should().Be(NotificationDelivery.Sent);
        third.Outcomes.Single().Delivery.Should().Be(NotificationDelivery.AlreadySent);
        flaky.Delivered.Should().Be(1);
    }

    [Fact]
    public async Task DispatchAsync_NoRecipientsConfigured_SkipsWithoutRecording()
    {
        var relationship = Active(1, T0, 365, customer: Fabrikam);
        var time = new FakeTimeProvider((relationship.EndsAt!.Value - Duration.FromDays(3)).ToDateTimeOffset());
        var sender = new RecordingNotificationSender();
        var ledger = new InMemoryNotificationLedger();

        var result = await Dispatcher(time, ledger, sender).DispatchAsync([relationship]);

        result.Outcomes.Single(o => o.Notice.Audience == NotificationAudience.Customer).Delivery.Should().Be(NotificationDelivery.NoRecipients);
        result.Outcomes.Single(o => o.Notice.Audience == NotificationAudience.Partner).Delivery.Should().Be(NotificationDelivery.Sent);
        ledger.Entries.Should().ContainSingle();
    }

    [Fact]
    public async Task DispatchAsync_ExpiringNotice_ProposesTheRenewalWithItsAssignments()
    {
        var relationship = Active(1, T0, 365, roles: [WellKnownRoles.GlobalAdministrator, WellKnownRoles.HelpdeskAdministrator]);
        var assignment = Assignment(relationship, HelpdeskGroupId, AccessAssignmentStatus.Active, WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.GlobalAdministrator);
        var time = new FakeTimeProvider((relationship.EndsAt!.Value - Duration.FromDays(6)).ToDateTimeOffset());
        var sender = new RecordingNotificationSender();

        await Dispatcher(time, new InMemoryNotificationLedger(), sender, new NotificationPlannerOptions { NotifyCustomer = false })
            .DispatchAsync([relationship], (_, _) => Task.FromResult<IReadOnlyList<AccessAssignment>>([assignment]));

        var text = sender.Notices().Single().TextBody;
        text.Should().MatchRegex("Create the relationship \"Contoso support 1 \\[[0-9A-Z]{6}-2\\]\"");
        text.Should().Contain("(Global Administrator left out)");
        text.Should().Contain($"group {HelpdeskGroupId}: Helpdesk Administrator");
    }

    [Fact]
    public async Task DispatchAsync_AssignmentsCannotBeRead_StillSendsWithGenericSteps()
    {
        var relationship = Active(1, T0, 365);
        var time = new FakeTimeProvider((relationship.EndsAt!.Value - Duration.FromDays(6)).ToDateTimeOffset());
        var sender = new RecordingNotificationSender();
        var logger = new ListLogger<NotificationDispatcher>();
        var dispatcher = new NotificationDispatcher(new NotificationPlanner(new NotificationPlannerOptions { NotifyCustomer = false }),
            new InMemoryNotificationLedger(), [sender], Recipients(), new NotificationComposer(), time, logger);

        var result = await dispatcher.DispatchAsync([relationship], (_, _) => throw new PartnerAccessException(PartnerAccessErrorCode.ServiceError, "boom"));

        result.Sent.Should().ContainSingle();
        sender.Notices().Single().TextBody.Should().Contain("create the same access assignments again");
        logger.Entries.Should().Contain(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    private sealed class FlakySender(int failures) : INotificationSender
    {
        private int _failuresLeft = failures;

        public int Delivered { get; private set; }

        public Task SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
        {
            if (_failuresLeft-- > 0)
            {
                throw new InvalidOperationException("mailbox unavailable");
            }

            Delivered++;
            return Task.CompletedTask;
        }
    }
}
