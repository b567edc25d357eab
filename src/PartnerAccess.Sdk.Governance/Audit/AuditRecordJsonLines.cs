using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Audit;

/// <summary>
/// Writes audit records as JSON Lines (one JSON object per line, nested <c>actor</c>, <c>signIn</c> and
/// <c>details</c> objects, <see langword="null"/> members left out) and reads them back exactly.
/// </summary>
public static class AuditRecordJsonLines
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>Writes one line per record.</summary>
    /// <param name="records">The records.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>How many records were written.</returns>
    public static async Task<int> WriteAsync(IAsyncEnumerable<AuditRecord> records, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(writer);
        var count = 0;
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteAsync((Serialize(record) + "\n").AsMemory(), cancellationToken).ConfigureAwait(false);
            count++;
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>Writes one line per record.</summary>
    /// <param name="records">The records.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>How many records were written.</returns>
    public static Task<int> WriteAsync(IEnumerable<AuditRecord> records, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        return WriteAsync(records.AsAsync(), writer, cancellationToken);
    }

    /// <summary>Reads records, one per non-blank line.</summary>
    /// <param name="reader">Where to read.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    /// <returns>The records, in file order.</returns>
    /// <exception cref="InvalidDataException">A line is not a valid record.</exception>
    public static async IAsyncEnumerable<AuditRecord> ReadAsync(TextReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            AuditRecord record;
            try
            {
                record = Deserialize(line);
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"Audit JSON Lines line {lineNumber} is not a valid record: {e.Message}", e);
            }

            yield return record;
        }
    }

    /// <summary>One record as a single line of JSON.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The JSON text, without a line end.</returns>
    public static string Serialize(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("id", record.Id);
            json.WriteString("occurredAt", InstantText.Iso(record.OccurredAt));
            json.WriteString("kind", record.Kind.ToString());
            json.WriteString("source", record.Source.ToString());
            json.WriteStartObject("actor");
            json.WriteString("kind", record.Actor.Kind.ToString());
            WriteOptional(json, "id", record.Actor.Id);
            WriteOptional(json, "displayName", record.Actor.DisplayName);
            json.WriteEndObject();
            WriteOptional(json, "relationshipId", record.RelationshipId);
            WriteOptional(json, "accessAssignmentId", record.AccessAssignmentId);
            WriteOptional(json, "customerTenantId", record.CustomerTenantId);
            WriteOptional(json, "partnerTenantId", record.PartnerTenantId);
            WriteOptional(json, "summary", record.Summary);
            if (record.SignIn is { } signIn)
            {
                json.WriteStartObject("signIn");
                WriteOptional(json, "userId", signIn.UserId);
                WriteOptional(json, "userPrincipalName", signIn.UserPrincipalName);
                WriteOptional(json, "userDisplayName", signIn.UserDisplayName);
                WriteOptional(json, "appId", signIn.AppId);
                WriteOptional(json, "appDisplayName", signIn.AppDisplayName);
                WriteOptional(json, "resourceDisplayName", signIn.ResourceDisplayName);
                WriteOptional(json, "ipAddress", signIn.IpAddress);
                json.WriteNumber("errorCode", signIn.ErrorCode);
                WriteOptional(json, "failureReason", signIn.FailureReason);
                json.WriteEndObject();
            }

            if (record.Details.Count > 0)
            {
                json.WriteStartObject("details");
                foreach (var (key, value) in record.Details)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads one record from one line of JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The record.</returns>
    /// <exception cref="InvalidDataException">The text is not a valid record.</exception>
    public static AuditRecord Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("A record must be a JSON object.");
        }

        var id = String(root, "id") ?? throw new InvalidDataException("'id' is required.");
        if (!InstantText.TryParseIso(String(root, "occurredAt"), out var occurredAt))
        {
            throw new InvalidDataException("'occurredAt' is required and must be an ISO 8601 instant.");
        }

        var actor = root.TryGetProperty("actor", out var a) && a.ValueKind == JsonValueKind.Object
            ? new AuditActor(AuditText.ParseEnum<AuditActorKind>(String(a, "kind")), String(a, "id"), String(a, "displayName"))
            : new AuditActor(AuditActorKind.Unknown);
        SignInDetails? signIn = null;
        if (root.TryGetProperty("signIn", out var s) && s.ValueKind == JsonValueKind.Object)
        {
            signIn = new SignInDetails
            {
                UserId = String(s, "userId"),
                UserPrincipalName = String(s, "userPrincipalName"),
                UserDisplayName = String(s, "userDisplayName"),
                AppId = String(s, "appId"),
                AppDisplayName = String(s, "appDisplayName"),
                ResourceDisplayName = String(s, "resourceDisplayName"),
                IpAddress = String(s, "ipAddress"),
                ErrorCode = s.TryGetProperty("errorCode", out var code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : 0,
                FailureReason = String(s, "failureReason"),
            };
        }

        var details = new Dictionary<string, string>();
        if (root.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in d.EnumerateObject())
            {
                details[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : property.Value.GetRawText();
            }
        }

        return new AuditRecord
        {
            Id = id,
            OccurredAt = occurredAt,
            Kind = AuditText.ParseEnum<AuditRecordKind>(String(root, "kind")),
            Source = AuditText.ParseEnum<AuditSource>(String(root, "source")),
            Actor = actor,
            RelationshipId = String(root, "relationshipId"),
            AccessAssignmentId = String(root, "accessAssignmentId"),
            CustomerTenantId = String(root, "customerTenantId"),
            PartnerTenantId = String(root, "partnerTenantId"),
            Summary = String(root, "summary"),
            SignIn = signIn,
            Details = details,
        };
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

}
