using System.Globalization;
using System.Text.Json;
using System.Xml;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Graph.Wire.Json;

/// <summary>Reads one JSON object at the reader's current <see cref="JsonTokenType.StartObject"/> into a domain value.</summary>
internal delegate T JsonItemReader<out T>(ref Utf8JsonReader reader);

/// <summary>A page of a Graph collection: its items, already mapped, and the link to the next page.</summary>
internal sealed record JsonPage<T>(List<T> Items, string? NextLink);

/// <summary>
/// Reads Graph's JSON straight into the domain model with <see cref="Utf8JsonReader"/>: no DOM, no Kiota models.
/// It maps exactly as <see cref="GraphModelMapper"/> does from Kiota's models (the golden tests compare both):
/// unknown properties are skipped, unknown enum values become <c>Unknown</c>, an empty <c>activatedDateTime</c> is
/// "not yet", the reseller subtype is recognised by <c>@odata.type</c>, and an operation's <c>data</c> stays a string.
/// </summary>
internal static class GraphJsonReader
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads one object, for example the body of a GET of one relationship.</summary>
    public static T ReadObject<T>(ReadOnlySpan<byte> json, JsonItemReader<T> read)
    {
        var reader = new Utf8JsonReader(json, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Graph's answer is not a JSON object.");
        }

        return read(ref reader);
    }

    /// <summary>Reads a collection page: <c>value</c> mapped item by item, and <c>@odata.nextLink</c>.</summary>
    public static JsonPage<T> ReadPage<T>(ReadOnlySpan<byte> json, JsonItemReader<T> read)
    {
        var reader = new Utf8JsonReader(json, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Graph's answer is not a JSON object.");
        }

        var items = new List<T>();
        string? nextLink = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            items.Add(read(ref reader));
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("@odata.nextLink"u8))
            {
                reader.Read();
                nextLink = String(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new JsonPage<T>(items, nextLink);
    }

    /// <summary>A <c>delegatedAdminRelationship</c>, or its reseller subtype.</summary>
    public static Relationship ReadRelationship(ref Utf8JsonReader reader)
    {
        string? id = null, displayName = null, status = null, etag = null, odataType = null, indirectProvider = null;
        string? customerTenantId = null, customerName = null;
        List<RoleGrant>? roles = null;
        TimeSpan? duration = null, autoExtend = null;
        DateTimeOffset? activated = null, ends = null, created = null, modified = null;
        bool? consentPending = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8)) { reader.Read(); id = String(ref reader); }
            else if (reader.ValueTextEquals("displayName"u8)) { reader.Read(); displayName = String(ref reader); }
            else if (reader.ValueTextEquals("status"u8)) { reader.Read(); status = String(ref reader); }
            else if (reader.ValueTextEquals("@odata.etag"u8)) { reader.Read(); etag = String(ref reader); }
            else if (reader.ValueTextEquals("@odata.type"u8)) { reader.Read(); odataType = String(ref reader); }
            else if (reader.ValueTextEquals("duration"u8)) { reader.Read(); duration = TimeSpanValue(ref reader); }
            else if (reader.ValueTextEquals("autoExtendDuration"u8)) { reader.Read(); autoExtend = TimeSpanValue(ref reader); }
            else if (reader.ValueTextEquals("activatedDateTime"u8)) { reader.Read(); activated = DateTime(ref reader); }
            else if (reader.ValueTextEquals("endDateTime"u8)) { reader.Read(); ends = DateTime(ref reader); }
            else if (reader.ValueTextEquals("createdDateTime"u8)) { reader.Read(); created = DateTime(ref reader); }
            else if (reader.ValueTextEquals("lastModifiedDateTime"u8)) { reader.Read(); modified = DateTime(ref reader); }
            else if (reader.ValueTextEquals("accessDetails"u8)) { reader.Read(); roles = AccessDetails(ref reader); }
            else if (reader.ValueTextEquals("customer"u8)) { reader.Read(); Customer(ref reader, out customerTenantId, out customerName); }
            else if (reader.ValueTextEquals("indirectProviderTenantId"u8)) { reader.Read(); indirectProvider = String(ref reader); }
            else if (reader.ValueTextEquals("isPartnerConsentPending"u8)) { reader.Read(); consentPending = Boolean(ref reader); }
            else { reader.Read(); reader.Skip(); }
        }

        var activatedAt = ToInstant(activated);

        // Before activation the domain has no end; Graph's create example shows createdDateTime + duration there.
        var endsAt = activatedAt is null ? null : ToInstant(ends);
        if (activatedAt is { } start && endsAt is { } end && end < start)
        {
            endsAt = null;
        }

        // The reseller's properties exist only on the subtype, which only @odata.type names.
        var reseller = string.Equals(odataType, "#microsoft.graph.resellerDelegatedAdminRelationship", StringComparison.OrdinalIgnoreCase);
        return new Relationship
        {
            Id = id ?? string.Empty,
            DisplayName = displayName ?? string.Empty,
            Customer = customerTenantId is not null ? new CustomerParticipant(customerTenantId, customerName) : null,
            Roles = roles ?? [],
            Window = new AccessWindow(NonNegative(duration), NonNegative(autoExtend), activatedAt, endsAt),
            Status = GraphNames.Parse<RelationshipStatus>(status),
            CreatedAt = ToInstant(created) ?? default,
            LastModifiedAt = ToInstant(modified) ?? default,
            ETag = ToETag(etag),
            IndirectProviderTenantId = reseller ? indirectProvider : null,
            IsPartnerConsentPending = reseller ? consentPending : null,
        };
    }

    /// <summary>A reader of <c>delegatedAdminAccessAssignment</c> objects of one relationship.</summary>
    public static JsonItemReader<AccessAssignment> AccessAssignmentReader(string relationshipId) =>
        (ref Utf8JsonReader reader) => ReadAccessAssignment(ref reader, relationshipId);

    /// <summary>A <c>delegatedAdminAccessAssignment</c>.</summary>
    public static AccessAssignment ReadAccessAssignment(ref Utf8JsonReader reader, string relationshipId)
    {
        string? id = null, status = null, etag = null, groupId = null;
        List<RoleGrant>? roles = null;
        DateTimeOffset? created = null, modified = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8)) { reader.Read(); id = String(ref reader); }
            else if (reader.ValueTextEquals("status"u8)) { reader.Read(); status = String(ref reader); }
            else if (reader.ValueTextEquals("@odata.etag"u8)) { reader.Read(); etag = String(ref reader); }
            else if (reader.ValueTextEquals("createdDateTime"u8)) { reader.Read(); created = DateTime(ref reader); }
            else if (reader.ValueTextEquals("lastModifiedDateTime"u8)) { reader.Read(); modified = DateTime(ref reader); }
            else if (reader.ValueTextEquals("accessDetails"u8)) { reader.Read(); roles = AccessDetails(ref reader); }
            else if (reader.ValueTextEquals("accessContainer"u8)) { reader.Read(); groupId = AccessContainerId(ref reader); }
            else { reader.Read(); reader.Skip(); }
        }

        return new AccessAssignment
        {
            Id = id ?? string.Empty,
            RelationshipId = relationshipId,
            SecurityGroupId = groupId ?? string.Empty,
            Roles = roles ?? [],
            Status = GraphNames.Parse<AccessAssignmentStatus>(status),
            CreatedAt = ToInstant(created) ?? default,
            LastModifiedAt = ToInstant(modified) ?? default,
            ETag = ToETag(etag),
        };
    }

    /// <summary>A reader of <c>delegatedAdminRelationshipOperation</c> objects of one relationship.</summary>
    public static JsonItemReader<RelationshipOperation> OperationReader(string relationshipId) =>
        (ref Utf8JsonReader reader) => ReadOperation(ref reader, relationshipId);

    /// <summary>A <c>delegatedAdminRelationshipOperation</c>; <c>data</c> stays the JSON string Graph sends.</summary>
    public static RelationshipOperation ReadOperation(ref Utf8JsonReader reader, string relationshipId)
    {
        string? id = null, status = null, etag = null, type = null, data = null;
        DateTimeOffset? created = null, modified = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8)) { reader.Read(); id = String(ref reader); }
            else if (reader.ValueTextEquals("status"u8)) { reader.Read(); status = String(ref reader); }
            else if (reader.ValueTextEquals("operationType"u8)) { reader.Read(); type = String(ref reader); }
            else if (reader.ValueTextEquals("data"u8)) { reader.Read(); data = String(ref reader); }
            else if (reader.ValueTextEquals("@odata.etag"u8)) { reader.Read(); etag = String(ref reader); }
            else if (reader.ValueTextEquals("createdDateTime"u8)) { reader.Read(); created = DateTime(ref reader); }
            else if (reader.ValueTextEquals("lastModifiedDateTime"u8)) { reader.Read(); modified = DateTime(ref reader); }
            else { reader.Read(); reader.Skip(); }
        }

        return new RelationshipOperation
        {
            Id = id ?? string.Empty,
            RelationshipId = relationshipId,
            OperationType = GraphNames.Parse<RelationshipOperationType>(type),
            Status = GraphNames.Parse<OperationStatus>(status),
            Data = data,
            CreatedAt = ToInstant(created) ?? default,
            LastModifiedAt = ToInstant(modified) ?? default,
            ETag = ToETag(etag),
        };
    }

    /// <summary>A reader of <c>delegatedAdminRelationshipRequest</c> objects of one relationship.</summary>
    public static JsonItemReader<RelationshipRequest> RequestReader(string relationshipId) =>
        (ref Utf8JsonReader reader) => ReadRequest(ref reader, relationshipId);

    /// <summary>A <c>delegatedAdminRelationshipRequest</c>.</summary>
    public static RelationshipRequest ReadRequest(ref Utf8JsonReader reader, string relationshipId)
    {
        string? id = null, status = null, action = null;
        DateTimeOffset? created = null, modified = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8)) { reader.Read(); id = String(ref reader); }
            else if (reader.ValueTextEquals("status"u8)) { reader.Read(); status = String(ref reader); }
            else if (reader.ValueTextEquals("action"u8)) { reader.Read(); action = String(ref reader); }
            else if (reader.ValueTextEquals("createdDateTime"u8)) { reader.Read(); created = DateTime(ref reader); }
            else if (reader.ValueTextEquals("lastModifiedDateTime"u8)) { reader.Read(); modified = DateTime(ref reader); }
            else { reader.Read(); reader.Skip(); }
        }

        return new RelationshipRequest
        {
            Id = id ?? string.Empty,
            RelationshipId = relationshipId,
            Action = GraphNames.Parse<RelationshipRequestAction>(action),
            Status = GraphNames.Parse<RelationshipRequestStatus>(status),
            CreatedAt = ToInstant(created) ?? default,
            LastModifiedAt = ToInstant(modified) ?? default,
        };
    }

    // A string value; any other kind (a number, an object) reads as absent, as Kiota's parse node does.
    private static string? String(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private static bool? Boolean(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            default:
                reader.Skip();
                return null;
        }
    }

    // Graph sends "" for a date not set yet (activatedDateTime before approval).
    private static DateTimeOffset? DateTime(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        if (reader.TryGetDateTimeOffset(out var value))
        {
            return value;
        }

        var text = reader.GetString();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed
            : throw new FormatException($"'{text}' is not a date and time.");
    }

    // ISO-8601 durations (P730D), as Kiota reads them.
    private static TimeSpan? TimeSpanValue(ref Utf8JsonReader reader)
    {
        var text = String(ref reader);
        return string.IsNullOrEmpty(text) ? null : XmlConvert.ToTimeSpan(text);
    }

    private static List<RoleGrant>? AccessDetails(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        List<RoleGrant> roles = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("unifiedRoles"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("roleDefinitionId"u8))
                        {
                            reader.Read();
                            if (Guid.TryParse(String(ref reader), out var roleId))
                            {
                                roles.Add(new RoleGrant(roleId));
                            }
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return roles;
    }

    private static void Customer(ref Utf8JsonReader reader, out string? tenantId, out string? displayName)
    {
        tenantId = null;
        displayName = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("tenantId"u8)) { reader.Read(); tenantId = String(ref reader); }
            else if (reader.ValueTextEquals("displayName"u8)) { reader.Read(); displayName = String(ref reader); }
            else { reader.Read(); reader.Skip(); }
        }
    }

    private static string? AccessContainerId(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? id = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("accessContainerId"u8)) { reader.Read(); id = String(ref reader); }
            else { reader.Read(); reader.Skip(); }
        }

        return id;
    }

    private static Instant? ToInstant(DateTimeOffset? value) => value is { } v ? Instant.FromDateTimeOffset(v) : null;

    private static Duration NonNegative(TimeSpan? value) => value is { } v && v > TimeSpan.Zero ? Duration.FromTimeSpan(v) : Duration.Zero;

    private static ETag ToETag(string? value) => value is { Length: > 0 } ? new ETag(value) : default;
}
