using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace PartnerAccess.Sdk.Graph.Tests.Wire;

/// <summary>Random <c>delegatedAdminRelationship</c> JSON: any order, missing, null, empty and unknown values.</summary>
internal static class RelationshipJson
{
    private static readonly Action<Utf8JsonWriter> Omitted = _ => { };

    private static readonly string[] Statuses =
        ["active", "approvalPending", "created", "terminated", "expiring", "activating", "unknownFutureValue", "somethingNew", "ACTIVE", ""];

    private static readonly string[] Durations = ["P730D", "PT0S", "P0D", "P180D", "P1D", "PT12H", "P2Y"];

    // Each property is written or left out; a value of null writes JSON null.
    // Graph always sends the id (and the domain's approval link needs one).
    private static readonly Gen<Action<Utf8JsonWriter>> Id = Gen.String[Gen.Char.AlphaNumeric, 1, 80].Select(s => Str("id", s));
    private static readonly Gen<Action<Utf8JsonWriter>> DisplayName = Optional("displayName", Gen.String.Select(s => Str("displayName", s)));
    private static readonly Gen<Action<Utf8JsonWriter>> Status = Optional("status", Pick(Statuses).Select(s => Str("status", s)));
    private static readonly Gen<Action<Utf8JsonWriter>> Type = Optional("@odata.type", Pick(
        "#microsoft.graph.delegatedAdminRelationship", "#microsoft.graph.resellerDelegatedAdminRelationship", "#microsoft.graph.somethingElse").Select(s => Str("@odata.type", s)));

    private static readonly Gen<Action<Utf8JsonWriter>> ETag = Optional("@odata.etag", Pick("W/\"JyIxODAwZTY4My0wMDAwLTAyMDAiJw==\"", string.Empty).Select(s => Str("@odata.etag", s)));
    private static readonly Gen<string> Date = Gen.Select(Gen.Long[DateTimeOffset.UnixEpoch.Ticks, new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero).Ticks], Gen.Int[-12, 14], Gen.Bool)
        .Select((ticks, hours, utc) => utc
            ? new DateTimeOffset(ticks, TimeSpan.Zero).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)
            : new DateTimeOffset(ticks, TimeSpan.FromHours(hours)).ToString("O", CultureInfo.InvariantCulture));

    private static readonly Gen<Action<Utf8JsonWriter>> Duration = Optional("duration", Pick(Durations).Select(s => Str("duration", s)));
    private static readonly Gen<Action<Utf8JsonWriter>> AutoExtend = Optional("autoExtendDuration", Pick(Durations).Select(s => Str("autoExtendDuration", s)));
    private static readonly Gen<Action<Utf8JsonWriter>> Activated = Optional("activatedDateTime", Gen.OneOf(Date, Gen.Const(string.Empty)).Select(s => Str("activatedDateTime", s)));
    private static readonly Gen<Action<Utf8JsonWriter>> Ends = Optional("endDateTime", Gen.OneOf(Date, Gen.Const(string.Empty)).Select(s => Str("endDateTime", s)));
    private static readonly Gen<Action<Utf8JsonWriter>> Created = Optional("createdDateTime", Date.Select(s => Str("createdDateTime", s)));
    private static readonly Gen<Action<Utf8JsonWriter>> Modified = Optional("lastModifiedDateTime", Date.Select(s => Str("lastModifiedDateTime", s)));
    private static readonly Gen<Action<Utf8JsonWriter>> Provider = Optional("indirectProviderTenantId", Gen.Guid.Select(g => Str("indirectProviderTenantId", g.ToString())));
    private static readonly Gen<Action<Utf8JsonWriter>> ConsentPending = Optional("isPartnerConsentPending", Gen.Bool.Select(b => (Action<Utf8JsonWriter>)(w => w.WriteBoolean("isPartnerConsentPending", b))));

    private static readonly Gen<Action<Utf8JsonWriter>> Customer = Optional("customer", Gen.Select(Gen.Guid, Gen.String[0, 30], Gen.Int[0, 3]).Select((tenant, name, shape) => (Action<Utf8JsonWriter>)(w =>
    {
        w.WriteStartObject("customer");
        if (shape != 1)
        {
            w.WriteString("tenantId", tenant.ToString());
        }

        if (shape != 2)
        {
            w.WriteString("displayName", name);
        }

        w.WriteEndObject();
    })));

    private static readonly Gen<Action<Utf8JsonWriter>> Roles = Optional("accessDetails", Gen.OneOf(Gen.Guid.Select(g => g.ToString()), Gen.Const("not-a-guid"), Gen.Const(string.Empty)).Array[0, 6]
        .Select(ids => (Action<Utf8JsonWriter>)(w =>
        {
            w.WriteStartObject("accessDetails");
            w.WriteStartArray("unifiedRoles");
            foreach (var id in ids)
            {
                w.WriteStartObject();
                w.WriteString("roleDefinitionId", id);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        })));

    private static readonly Gen<Action<Utf8JsonWriter>> Unknown = Optional("xUnknown", Gen.String[Gen.Char.AlphaNumeric, 1, 10].Select(name => (Action<Utf8JsonWriter>)(w =>
    {
        w.WritePropertyName("x" + name);
        w.WriteStartObject();
        w.WriteStartArray("status");
        w.WriteStringValue("terminated");
        w.WriteEndArray();
        w.WriteEndObject();
    })));

    /// <summary>One relationship object, its properties in a random order.</summary>
    public static readonly Gen<string> Any = Gen.Select(
            Gen.Select(Id, DisplayName, Status, Type, ETag, Duration, AutoExtend, Activated),
            Gen.Select(Ends, Created, Modified, Provider, ConsentPending, Customer, Roles, Unknown),
            Gen.Int)
        .Select((first, second, seed) =>
        {
            var parts = new[] { first.Item1, first.Item2, first.Item3, first.Item4, first.Item5, first.Item6, first.Item7, first.Item8,
                second.Item1, second.Item2, second.Item3, second.Item4, second.Item5, second.Item6, second.Item7, second.Item8 };
            var order = parts.Where(p => !ReferenceEquals(p, Omitted)).ToArray();
            new Random(seed).Shuffle(order);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var write in order)
                {
                    write(writer);
                }

                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        });

    private static Gen<string> Pick(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static Action<Utf8JsonWriter> Str(string name, string value) => w => w.WriteString(name, value);

    // Left out a quarter of the time, JSON null an eighth of the time.
    private static Gen<Action<Utf8JsonWriter>> Optional(string name, Gen<Action<Utf8JsonWriter>> present) =>
        Gen.Int[0, 7].SelectMany(roll => roll switch
        {
            < 2 => Gen.Const(Omitted),
            2 => Gen.Const<Action<Utf8JsonWriter>>(w => w.WriteNull(name)),
            _ => present,
        });
}
