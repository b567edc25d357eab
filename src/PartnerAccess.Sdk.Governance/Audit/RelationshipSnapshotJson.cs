using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Audit;

/// <summary>
/// Saves and loads a <see cref="RelationshipSnapshot"/> as JSON, so the next run can diff against the last one
/// (<see cref="SnapshotDiffer"/>). Statuses and durations use Graph's names and ISO 8601 forms.
/// </summary>
public static class RelationshipSnapshotJson
{
    private const int FormatVersion = 1;

    /// <summary>Writes a snapshot.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="stream">Where to write (UTF-8).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the snapshot is written.</returns>
    public static async Task WriteAsync(RelationshipSnapshot snapshot, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(stream);
        var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        await using (json.ConfigureAwait(false))
        {
            json.WriteStartObject();
            json.WriteNumber("version", FormatVersion);
            json.WriteString("takenAt", InstantText.Iso(snapshot.TakenAt));
            json.WriteStartArray("relationships");
            foreach (var r in snapshot.Relationships)
            {
                json.WriteStartObject();
                json.WriteString("id", r.Id);
                json.WriteString("displayName", r.DisplayName);
                if (r.Customer is { } customer)
                {
                    json.WriteStartObject("customer");
                    json.WriteString("tenantId", customer.TenantId);
                    Optional(json, "displayName", customer.DisplayName);
                    json.WriteEndObject();
                }

                Roles(json, r.Roles);
                json.WriteString("duration", GdapDurations.Format(r.Window.Length));
                json.WriteString("autoExtendDuration", GdapDurations.Format(r.Window.AutoExtendDuration));
                Optional(json, "activatedAt", r.ActivatedAt);
                Optional(json, "endsAt", r.EndsAt);
                json.WriteString("status", GraphNames.ToGraphName(r.Status));
                json.WriteString("createdAt", InstantText.Iso(r.CreatedAt));
                json.WriteString("lastModifiedAt", InstantText.Iso(r.LastModifiedAt));
                Optional(json, "etag", r.ETag.HasValue ? r.ETag.Value : null);
                Optional(json, "indirectProviderTenantId", r.IndirectProviderTenantId);
                if (r.IsPartnerConsentPending is { } pending)
                {
                    json.WriteBoolean("isPartnerConsentPending", pending);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (snapshot.Assignments is { } assignments)
            {
                json.WriteStartObject("assignments");
                foreach (var (relationshipId, list) in assignments)
                {
                    json.WriteStartArray(relationshipId);
                    foreach (var a in list)
                    {
                        json.WriteStartObject();
                        json.WriteString("id", a.Id);
                        json.WriteString("relationshipId", a.RelationshipId);
                        json.WriteString("securityGroupId", a.SecurityGroupId);
                        Roles(json, a.Roles);
                        json.WriteString("status", GraphNames.ToGraphName(a.Status));
                        json.WriteString("createdAt", InstantText.Iso(a.CreatedAt));
                        json.WriteString("lastModifiedAt", InstantText.Iso(a.LastModifiedAt));
                        Optional(json, "etag", a.ETag.HasValue ? a.ETag.Value : null);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            await json.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a snapshot written by <see cref="WriteAsync"/>.</summary>
    /// <param name="stream">Where to read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="InvalidDataException">The JSON is not a snapshot.</exception>
    public static async Task<RelationshipSnapshot> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            var relationships = root.GetProperty("relationships").EnumerateArray().Select(ReadRelationship).ToList();
            Dictionary<string, IReadOnlyList<AccessAssignment>>? assignments = null;
            if (root.TryGetProperty("assignments", out var byRelationship) && byRelationship.ValueKind == JsonValueKind.Object)
            {
                assignments = new Dictionary<string, IReadOnlyList<AccessAssignment>>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in byRelationship.EnumerateObject())
                {
                    assignments[property.Name] = property.Value.EnumerateArray().Select(ReadAssignment).ToList();
                }
            }

            return new RelationshipSnapshot { TakenAt = Time(root, "takenAt")!.Value, Relationships = relationships, Assignments = assignments };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"The JSON is not a relationship snapshot: {e.Message}", e);
        }
    }

    private static Relationship ReadRelationship(JsonElement e) => new()
    {
        Id = Text(e, "id")!,
        DisplayName = Text(e, "displayName")!,
        Customer = e.TryGetProperty("customer", out var c) && c.ValueKind == JsonValueKind.Object
            ? new CustomerParticipant(Text(c, "tenantId")!, Text(c, "displayName"))
            : null,
        Roles = ReadRoles(e),
        Window = new AccessWindow(GdapDurations.Parse(Text(e, "duration")!), GdapDurations.Parse(Text(e, "autoExtendDuration")!), Time(e, "activatedAt"), Time(e, "endsAt")),
        Status = GraphNames.Parse<RelationshipStatus>(Text(e, "status")),
        CreatedAt = Time(e, "createdAt") ?? default,
        LastModifiedAt = Time(e, "lastModifiedAt") ?? default,
        ETag = Text(e, "etag") is { } etag ? new ETag(etag) : default,
        IndirectProviderTenantId = Text(e, "indirectProviderTenantId"),
        IsPartnerConsentPending = e.TryGetProperty("isPartnerConsentPending", out var p) && p.ValueKind is JsonValueKind.True or JsonValueKind.False ? p.GetBoolean() : null,
    };

    private static AccessAssignment ReadAssignment(JsonElement e) => new()
    {
        Id = Text(e, "id")!,
        RelationshipId = Text(e, "relationshipId")!,
        SecurityGroupId = Text(e, "securityGroupId")!,
        Roles = ReadRoles(e),
        Status = GraphNames.Parse<AccessAssignmentStatus>(Text(e, "status")),
        CreatedAt = Time(e, "createdAt") ?? default,
        LastModifiedAt = Time(e, "lastModifiedAt") ?? default,
        ETag = Text(e, "etag") is { } etag ? new ETag(etag) : default,
    };

    private static List<RoleGrant> ReadRoles(JsonElement e) => e.GetProperty("roles").EnumerateArray().Select(r => RoleGrant.Parse(r.GetString()!)).ToList();

    private static void Roles(Utf8JsonWriter json, IEnumerable<RoleGrant> roles)
    {
        json.WriteStartArray("roles");
        foreach (var role in roles)
        {
            json.WriteStringValue(role.RoleDefinitionId.ToString());
        }

        json.WriteEndArray();
    }

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void Optional(Utf8JsonWriter json, string name, Instant? value)
    {
        if (value is { } instant)
        {
            json.WriteString(name, InstantText.Iso(instant));
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Instant? Time(JsonElement e, string name) =>
        InstantText.TryParseIso(Text(e, name), out var instant) ? instant : null;
}
