using System.Text.Json;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Storage;

namespace PartnerAccess.Sdk.Lifecycle;

/// <summary>
/// A checkpoint in a JSON file, written atomically (a temporary file, then a rename), so a crash leaves either the
/// old or the new checkpoint, never half of one. The snapshot inside is <see cref="RelationshipSnapshotJson"/>'s format.
/// </summary>
public sealed class JsonFileRelationshipWatchCheckpointStore : IRelationshipWatchCheckpointStore
{
    private const int FormatVersion = 1;

    /// <summary>Creates a store on a file; the file and its folder are created on the first save.</summary>
    /// <param name="path">The file.</param>
    public JsonFileRelationshipWatchCheckpointStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async Task<RelationshipWatchCheckpoint?> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path))
        {
            return null;
        }

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
                throw new InvalidDataException($"The watch checkpoint '{Path}' is not valid JSON. Delete it to start from a new baseline.", e);
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object ||
                    !root.TryGetProperty("snapshot", out var snapshotElement) || snapshotElement.ValueKind != JsonValueKind.Object ||
                    !root.TryGetProperty("emitted", out var emittedElement) || emittedElement.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidDataException($"The watch checkpoint '{Path}' lacks its 'snapshot' object or 'emitted' array.");
                }

                var emitted = emittedElement.EnumerateArray()
                    .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new InvalidDataException($"The watch checkpoint '{Path}' has an emitted id that is not a string."))
                    .ToList();
                using var snapshotStream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(snapshotElement));
                var snapshot = await RelationshipSnapshotJson.ReadAsync(snapshotStream, cancellationToken).ConfigureAwait(false);
                return new RelationshipWatchCheckpoint(snapshot, emitted);
            }
        }
    }

    /// <inheritdoc />
    public async Task SaveAsync(RelationshipWatchCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var snapshotBuffer = new MemoryStream();
        await RelationshipSnapshotJson.WriteAsync(checkpoint.Snapshot, snapshotBuffer, cancellationToken).ConfigureAwait(false);
        using var snapshotDocument = JsonDocument.Parse(snapshotBuffer.ToArray());

        await AtomicJsonFile.WriteAsync(Path, default, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", FormatVersion);
            writer.WriteStartArray("emitted");
            foreach (var id in checkpoint.Emitted)
            {
                writer.WriteStringValue(id);
            }

            writer.WriteEndArray();
            writer.WritePropertyName("snapshot");
            snapshotDocument.RootElement.WriteTo(writer);
            writer.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
    }
}
