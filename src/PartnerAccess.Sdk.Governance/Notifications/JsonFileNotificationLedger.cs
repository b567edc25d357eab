using System.Text.Json;
using NodaTime;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Storage;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Notifications;

/// <summary>
/// A ledger in one JSON file, for a single process on one machine. Every change rewrites the file through a
/// temporary file in the same folder and a rename, so a crash leaves either the old or the new file, never half of one.
/// </summary>
/// <remarks>
/// The file is read on first use and kept in memory; a new instance (after a restart) reads it again. Two processes
/// must not share one file: the last writer wins. Use a database-backed ledger for that (docs/notifications.md).
/// </remarks>
public sealed class JsonFileNotificationLedger : INotificationLedger, IDisposable
{
    private const int FormatVersion = 1;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, NotificationLedgerEntry>? _entries;

    /// <summary>Creates a ledger kept in <paramref name="path"/>; the file and its folder are created on the first record.</summary>
    /// <param name="path">The file path.</param>
    public JsonFileNotificationLedger(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The full path of the file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async Task<bool> ContainsAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entries = await LoadAsync(cancellationToken).ConfigureAwait(false);
            return entries.ContainsKey(key);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task RecordAsync(NotificationLedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entries = await LoadAsync(cancellationToken).ConfigureAwait(false);
            if (entries.TryAdd(entry.Key, entry))
            {
                await SaveAsync(entries, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<int> PruneAsync(Instant sentBefore, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entries = await LoadAsync(cancellationToken).ConfigureAwait(false);
            var old = entries.Values.Where(e => e.SentAt < sentBefore).Select(e => e.Key).ToList();
            foreach (var key in old)
            {
                entries.Remove(key);
            }

            if (old.Count > 0)
            {
                await SaveAsync(entries, cancellationToken).ConfigureAwait(false);
            }

            return old.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Every recorded entry, read from the file on first use.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries, oldest first.</returns>
    public async Task<IReadOnlyList<NotificationLedgerEntry>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entries = await LoadAsync(cancellationToken).ConfigureAwait(false);
            return entries.Values.OrderBy(e => e.SentAt).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private async Task<Dictionary<string, NotificationLedgerEntry>> LoadAsync(CancellationToken cancellationToken)
    {
        if (_entries is not null)
        {
            return _entries;
        }

        var entries = new Dictionary<string, NotificationLedgerEntry>(StringComparer.Ordinal);
        if (File.Exists(Path))
        {
            var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                JsonDocument document;
                try
                {
                    document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (JsonException e)
                {
                    throw new InvalidDataException($"The notification ledger '{Path}' is not valid JSON. Restore it from a backup or delete it (every notice still due is then sent again).", e);
                }

                using (document)
                {
                    foreach (var entry in ReadEntries(document.RootElement))
                    {
                        entries.TryAdd(entry.Key, entry);
                    }
                }
            }
        }

        _entries = entries;
        return entries;
    }

    private IEnumerable<NotificationLedgerEntry> ReadEntries(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("entries", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"The notification ledger '{Path}' has no 'entries' array.");
        }

        foreach (var item in list.EnumerateArray())
        {
            var key = item.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            var sentAt = item.TryGetProperty("sentAt", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (key is null || !InstantText.TryParseIso(sentAt, out var sent))
            {
                throw new InvalidDataException($"The notification ledger '{Path}' has an entry without a key or a valid sentAt.");
            }

            var kind = item.TryGetProperty("kind", out var kd) && kd.ValueKind == JsonValueKind.String ? GraphNamesKind(kd.GetString()) : default;
            var relationshipId = item.TryGetProperty("relationshipId", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() ?? string.Empty : string.Empty;
            yield return new NotificationLedgerEntry(key, sent, kind, relationshipId);
        }
    }

    private static NotificationKind GraphNamesKind(string? name) =>
        Enum.TryParse<NotificationKind>(name, ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind : default;

    private async Task SaveAsync(Dictionary<string, NotificationLedgerEntry> entries, CancellationToken cancellationToken)
    {
        try
        {
            await AtomicJsonFile.WriteAsync(Path, new JsonWriterOptions { Indented = true }, writer =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", FormatVersion);
                writer.WriteStartArray("entries");
                foreach (var entry in entries.Values.OrderBy(e => e.SentAt).ThenBy(e => e.Key, StringComparer.Ordinal))
                {
                    writer.WriteStartObject();
                    writer.WriteString("key", entry.Key);
                    writer.WriteString("sentAt", InstantText.Iso(entry.SentAt));
                    writer.WriteString("kind", GraphNames.ToGraphName(entry.Kind));
                    writer.WriteString("relationshipId", entry.RelationshipId);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Memory may now be ahead of the file; read the file again on next use so both agree.
            _entries = null;
            throw;
        }
    }
}
