using System.Globalization;
using System.Text.Json;

namespace PartnerAccess.Sdk.Emulator.SignIns;

/// <summary>Seeded beta sign-in records, kept exactly as given (malformed ones too) so clients can test skipping them.</summary>
internal sealed class SignInStore
{
    private readonly object _gate = new();
    private readonly List<SeededSignIn> _records = [];

    public void Add(IEnumerable<JsonElement> records)
    {
        lock (_gate)
        {
            foreach (var record in records)
            {
                _records.Add(new SeededSignIn(record.Clone(), ReadCreated(record)));
            }
        }
    }

    public IReadOnlyList<SeededSignIn> Snapshot()
    {
        lock (_gate)
        {
            return _records.ToList();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _records.Clear();
        }
    }

    private static DateTimeOffset? ReadCreated(JsonElement record) =>
        record.ValueKind == JsonValueKind.Object &&
        record.TryGetProperty("createdDateTime", out var created) && created.ValueKind == JsonValueKind.String &&
        DateTimeOffset.TryParse(created.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : null;
}

/// <summary>A seeded record and its <c>createdDateTime</c>, when it has a readable one.</summary>
internal sealed record SeededSignIn(JsonElement Record, DateTimeOffset? CreatedAt);
