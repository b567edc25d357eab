using NodaTime;
using PartnerAccess.Sdk.Notifications;

namespace PartnerAccess.Sdk.Governance.Tests.Notifications;

public sealed class JsonFileNotificationLedgerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gdap-ledger-tests-" + Guid.NewGuid().ToString("N"));

    private string LedgerPath => Path.Combine(_folder, "nested", "ledger.json");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static NotificationLedgerEntry Entry(string key, int day) =>
        new(key, Fixtures.T0 + Duration.FromDays(day), NotificationKind.ExpiringSoon, Fixtures.RelationshipId(1));

    [Fact]
    public async Task RecordAsync_ThenNewInstance_ContainsTheKey()
    {
        using (var ledger = new JsonFileNotificationLedger(LedgerPath))
        {
            (await ledger.ContainsAsync("a")).Should().BeFalse();
            await ledger.RecordAsync(Entry("a", 1));
            await ledger.RecordAsync(Entry("a", 2));
        }

        using var reopened = new JsonFileNotificationLedger(LedgerPath);
        (await reopened.ContainsAsync("a")).Should().BeTrue();
        (await reopened.ReadAllAsync()).Should().ContainSingle().Which.Should().Be(Entry("a", 1), "the first record of a key wins");
    }

    [Fact]
    public async Task PruneAsync_RemovesOldEntries_AndPersists()
    {
        using (var ledger = new JsonFileNotificationLedger(LedgerPath))
        {
            await ledger.RecordAsync(Entry("old", 1));
            await ledger.RecordAsync(Entry("new", 100));
            (await ledger.PruneAsync(Fixtures.T0 + Duration.FromDays(50))).Should().Be(1);
        }

        using var reopened = new JsonFileNotificationLedger(LedgerPath);
        (await reopened.ReadAllAsync()).Select(e => e.Key).Should().Equal("new");
    }

    [Fact]
    public async Task ContainsAsync_CorruptFile_ThrowsInvalidData()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LedgerPath)!);
        await File.WriteAllTextAsync(LedgerPath, "{ not json");
        using var ledger = new JsonFileNotificationLedger(LedgerPath);

        var act = () => ledger.ContainsAsync("a");

        await act.Should().ThrowAsync<InvalidDataException>().WithMessage("*not valid JSON*");
    }

    [Fact]
    public async Task RecordAsync_ConcurrentCalls_KeepEveryEntry()
    {
        using var ledger = new JsonFileNotificationLedger(LedgerPath);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => ledger.RecordAsync(Entry("k" + i, i))));

        using var reopened = new JsonFileNotificationLedger(LedgerPath);
        (await reopened.ReadAllAsync()).Should().HaveCount(40);
        Directory.GetFiles(Path.GetDirectoryName(LedgerPath)!).Should().ContainSingle();
    }

    [Fact]
    public async Task InMemoryLedger_RecordsAndPrunes()
    {
        var ledger = new InMemoryNotificationLedger();
        await ledger.RecordAsync(Entry("a", 1));
        await ledger.RecordAsync(Entry("b", 10));

        (await ledger.PruneAsync(Fixtures.T0 + Duration.FromDays(5))).Should().Be(1);

        (await ledger.ContainsAsync("a")).Should().BeFalse();
        (await ledger.ContainsAsync("b")).Should().BeTrue();
    }
}
