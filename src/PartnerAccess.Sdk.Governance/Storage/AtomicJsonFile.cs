using System.Text.Json;

namespace PartnerAccess.Sdk.Storage;

/// <summary>
/// Writes a JSON file so that a reader sees either the old content or the new, never a torn file: the JSON goes to a
/// temporary file beside it, is flushed to disk, then renamed over the target.
/// </summary>
internal static class AtomicJsonFile
{
    public static async Task WriteAsync(string path, JsonWriterOptions options, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                var writer = new Utf8JsonWriter(stream, options);
                await using (writer.ConfigureAwait(false))
                {
                    write(writer);
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                // The rename is only atomic for data already on disk.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover temporary file is harmless; the target itself is intact.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
