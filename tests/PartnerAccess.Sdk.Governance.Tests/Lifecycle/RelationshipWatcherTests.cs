using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Lifecycle;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;
using PartnerAccess.Sdk.Time;
using static PartnerAccess.Sdk.TestSupport.Fixtures;

namespace PartnerAccess.Sdk.Governance.Tests.Lifecycle;

/// <summary>The relationship watcher on the in-memory service and a fake clock.</summary>
public sealed class RelationshipWatcherTests : IDisposable
{
    private readonly ObservableTimeProvider _time = new();
    private readonly InMemoryPartnerAccessClient _client;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "watch-tests-" + Guid.NewGuid().ToString("N"));

    public RelationshipWatcherTests() => _client = new InMemoryPartnerAccessClient(_time);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task<Relationship> LockedAsync(string name, int days, bool autoExtend = false, CustomerParticipant? customer = null)
    {
        var created = await _client.CreateRelationshipAsync(new CreateRelationshipRequest
        {
            DisplayName = name,
            Duration = Duration.FromDays(days),
            AutoExtendDuration = autoExtend ? GdapDurations.AutoExtendPeriod : Duration.Zero,
            Roles = [WellKnownRoles.HelpdeskAdministrator],
            Customer = customer ?? Contoso,
        });
        await _client.LockForApprovalAsync(created.Id);
        return created;
    }

    private void Advance(Duration by) => _time.Advance(by.ToTimeSpan());

    [Fact]
    public async Task PollAsync_FirstPoll_RecordsABaselineAndEmitsNothing()
    {
        var relationship = await LockedAsync("Contoso helpdesk", 365);
        _client.Simulator.Approve(relationship.Id);
        var store = new InMemoryRelationshipWatchCheckpointStore();

        var events = await new RelationshipWatcher(_client, store).PollAsync();

        events.Should().BeEmpty("existing state is the baseline, not news");
        (await store.LoadAsync())!.Snapshot.Relationships.Should().ContainSingle();
    }

    [Fact]
    public async Task PollAsync_EveryKind_IsEmittedOnceWithItsRelationship()
    {
        var watcher = new RelationshipWatcher(_client);
        var approvedLater = await LockedAsync("Contoso helpdesk", 60);
        var extending = await LockedAsync("Contoso auto", 10, autoExtend: true);
        var terminatedLater = await LockedAsync("Contoso short", 90);
        var neverApproved = await LockedAsync("Contoso ignored", 90, customer: Fabrikam);
        _client.Simulator.Approve(extending.Id);
        _client.Simulator.Approve(terminatedLater.Id);
        await watcher.PollAsync();

        _client.Simulator.Approve(approvedLater.Id);
        var approval = await watcher.PollAsync();
        approval.Select(e => e.Kind).Should().Equal(RelationshipEventKind.Approved, RelationshipEventKind.Activated);
        approval.Should().OnlyContain(e => e.RelationshipId == approvedLater.Id && e.Customer!.TenantId == ContosoTenantId);
        (await watcher.PollAsync()).Should().BeEmpty("nothing changed since");

        await _client.TerminateRelationshipAsync(terminatedLater.Id);
        Advance(Duration.FromDays(11));
        var next = await watcher.PollAsync();
        next.Should().Contain(e => e.Kind == RelationshipEventKind.Terminated && e.RelationshipId == terminatedLater.Id);
        next.Should().ContainSingle(e => e.Kind == RelationshipEventKind.AutoExtended).Which.RelationshipId.Should().Be(extending.Id);

        Advance(Duration.FromDays(20));
        var expiring = await watcher.PollAsync();
        var warning = expiring.Should().ContainSingle(e => e.Kind == RelationshipEventKind.Expiring).Which;
        warning.RelationshipId.Should().Be(approvedLater.Id);
        warning.Summary.Should().Contain("does not auto-extend");
        (await watcher.PollAsync()).Should().NotContain(e => e.Kind == RelationshipEventKind.Expiring, "a threshold is crossed once");

        Advance(Duration.FromDays(60));
        var ended = await watcher.PollAsync();
        ended.Should().Contain(e => e.Kind == RelationshipEventKind.Expired && e.RelationshipId == approvedLater.Id);
        ended.Should().ContainSingle(e => e.Kind == RelationshipEventKind.ApprovalExpired).Which.Should().Match<RelationshipEvent>(e =>
            e.RelationshipId == neverApproved.Id && e.Customer!.TenantId == FabrikamTenantId && e.DisplayName == "Contoso ignored");
    }

    [Fact]
    public async Task WatchAsync_RestartAfterTheFirstOfTwoEvents_EmitsOnlyTheSecond_ThenNothing()
    {
        var path = Path.Combine(_folder, "watch.json");
        var relationship = await LockedAsync("Contoso helpdesk", 365);
        await new RelationshipWatcher(_client, new JsonFileRelationshipWatchCheckpointStore(path)).PollAsync();
        _client.Simulator.Approve(relationship.Id);

        var first = new RelationshipWatcher(_client, new JsonFileRelationshipWatchCheckpointStore(path));
        RelationshipEvent? seen = null;
        await foreach (var change in first.WatchAsync())
        {
            seen = change;
            break;
        }

        seen!.Kind.Should().Be(RelationshipEventKind.Approved);
        var restarted = new RelationshipWatcher(_client, new JsonFileRelationshipWatchCheckpointStore(path));
        (await restarted.PollAsync()).Should().ContainSingle().Which.Kind.Should().Be(RelationshipEventKind.Activated);
        (await restarted.PollAsync()).Should().BeEmpty();
        (await new RelationshipWatcher(_client, new JsonFileRelationshipWatchCheckpointStore(path)).PollAsync()).Should().BeEmpty("a third process finds everything emitted");
    }

    [Fact]
    public async Task WatchAsync_PollsSlowlyWhenIdle_AndFastWhileSomethingIsPending()
    {
        var watcher = new RelationshipWatcher(_client, options: new RelationshipWatcherOptions { PendingInterval = TimeSpan.FromMinutes(1), IdleInterval = TimeSpan.FromMinutes(15) });
        using var cts = new CancellationTokenSource();
        await using var events = watcher.WatchAsync(cts.Token).GetAsyncEnumerator();
        var next = events.MoveNextAsync().AsTask();

        (await _time.NextDelayAsync()).Should().Be(TimeSpan.FromMinutes(15), "nothing is pending");
        var relationship = await LockedAsync("Contoso helpdesk", 365);
        _time.Advance(TimeSpan.FromMinutes(15));
        (await _time.NextDelayAsync()).Should().Be(TimeSpan.FromMinutes(1), "a relationship awaits approval");
        next.IsCompleted.Should().BeFalse("locking is no event");

        _client.Simulator.Approve(relationship.Id);
        _time.Advance(TimeSpan.FromMinutes(1));
        (await next.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
        events.Current.Kind.Should().Be(RelationshipEventKind.Approved);
        (await events.MoveNextAsync()).Should().BeTrue();
        events.Current.Kind.Should().Be(RelationshipEventKind.Activated);
        var waiting = events.MoveNextAsync().AsTask();
        (await _time.NextDelayAsync()).Should().Be(TimeSpan.FromMinutes(15), "idle again once active");
        watcher.CurrentInterval.Should().Be(TimeSpan.FromMinutes(15));
        await cts.CancelAsync();
        await waiting.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task JsonFileStore_RoundTripsTheCheckpoint()
    {
        var relationship = await LockedAsync("Contoso helpdesk", 365);
        var store = new JsonFileRelationshipWatchCheckpointStore(Path.Combine(_folder, "nested", "cp.json"));
        var snapshot = await PartnerAccess.Sdk.Audit.RelationshipSnapshot.CaptureAsync(_client);

        await store.SaveAsync(new RelationshipWatchCheckpoint(snapshot, ["a", "b"]));
        var loaded = await new JsonFileRelationshipWatchCheckpointStore(store.Path).LoadAsync();

        loaded!.Emitted.Should().Equal("a", "b");
        loaded.Snapshot.TakenAt.Should().Be(snapshot.TakenAt);
        loaded.Snapshot.Relationships.Should().ContainSingle().Which.Should().Match<Relationship>(r =>
            r.Id == relationship.Id && r.Status == RelationshipStatus.ApprovalPending && r.LastModifiedAt == snapshot.Relationships[0].LastModifiedAt);
        Directory.GetFiles(Path.GetDirectoryName(store.Path)!).Should().ContainSingle("the temporary file was renamed");
    }

    [Fact]
    public async Task JsonFileStore_CorruptFile_SaysWhatToDo()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(path, "{ not json");

        var load = () => new JsonFileRelationshipWatchCheckpointStore(path).LoadAsync();

        (await load.Should().ThrowAsync<InvalidDataException>()).WithMessage("*Delete it to start from a new baseline*");
    }

    [Fact]
    public void Constructor_ImpossibleOptions_NamesEveryProblem()
    {
        var create = () => new RelationshipWatcher(_client, options: new RelationshipWatcherOptions { PendingInterval = TimeSpan.Zero, IdleInterval = TimeSpan.FromSeconds(-1), ExpiringWithin = Duration.FromDays(-1) });

        create.Should().Throw<ArgumentException>().Which.Message.Should().Contain("PendingInterval").And.Contain("IdleInterval").And.Contain("ExpiringWithin");
    }
}
