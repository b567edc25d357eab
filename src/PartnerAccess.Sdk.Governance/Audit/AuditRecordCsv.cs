using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Audit;

/// <summary>Settings of the CSV export and import.</summary>
public sealed record AuditCsvOptions
{
    /// <summary>
    /// Put an apostrophe in front of text cells that a spreadsheet would run as a formula (starting with <c>=</c>,
    /// <c>+</c>, <c>-</c>, <c>@</c>, tab or CR) and in front of cells that already start with an apostrophe. The reader
    /// removes it again, so the round trip is exact when writer and reader use the same setting. Default: on.
    /// </summary>
    public bool GuardFormulas { get; init; } = true;
}

/// <summary>
/// Writes audit records as CSV (RFC 4180) with nested fields flattened into columns (<c>actor.kind</c>,
/// <c>signIn.userPrincipalName</c>, …) and <c>details</c> as one JSON object, and reads such files back exactly.
/// </summary>
/// <remarks>
/// An empty unquoted cell is <see langword="null"/>; <c>""</c> is the empty string. <c>signIn.errorCode</c> is empty
/// exactly when a record has no sign-in details. Columns are matched by name on import, so their order may change and
/// unknown columns are ignored.
/// </remarks>
public static class AuditRecordCsv
{
    private static readonly JsonSerializerOptions DetailsJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly Column[] Columns =
    [
        new("id", true, r => r.Id, (b, v) => b.Id = v),
        new("occurredAt", false, r => InstantText.Iso(r.OccurredAt), (b, v) => b.OccurredAt = v),
        new("kind", false, r => r.Kind.ToString(), (b, v) => b.Kind = v),
        new("source", false, r => r.Source.ToString(), (b, v) => b.Source = v),
        new("actor.kind", false, r => r.Actor.Kind.ToString(), (b, v) => b.ActorKind = v),
        new("actor.id", true, r => r.Actor.Id, (b, v) => b.ActorId = v),
        new("actor.displayName", true, r => r.Actor.DisplayName, (b, v) => b.ActorName = v),
        new("relationshipId", true, r => r.RelationshipId, (b, v) => b.RelationshipId = v),
        new("accessAssignmentId", true, r => r.AccessAssignmentId, (b, v) => b.AccessAssignmentId = v),
        new("customerTenantId", true, r => r.CustomerTenantId, (b, v) => b.CustomerTenantId = v),
        new("partnerTenantId", true, r => r.PartnerTenantId, (b, v) => b.PartnerTenantId = v),
        new("summary", true, r => r.Summary, (b, v) => b.Summary = v),
        new("signIn.userId", true, r => r.SignIn?.UserId, (b, v) => b.SignIn[0] = v),
        new("signIn.userPrincipalName", true, r => r.SignIn?.UserPrincipalName, (b, v) => b.SignIn[1] = v),
        new("signIn.userDisplayName", true, r => r.SignIn?.UserDisplayName, (b, v) => b.SignIn[2] = v),
        new("signIn.appId", true, r => r.SignIn?.AppId, (b, v) => b.SignIn[3] = v),
        new("signIn.appDisplayName", true, r => r.SignIn?.AppDisplayName, (b, v) => b.SignIn[4] = v),
        new("signIn.resourceDisplayName", true, r => r.SignIn?.ResourceDisplayName, (b, v) => b.SignIn[5] = v),
        new("signIn.ipAddress", true, r => r.SignIn?.IpAddress, (b, v) => b.SignIn[6] = v),
        new("signIn.errorCode", false, r => r.SignIn?.ErrorCode.ToString(CultureInfo.InvariantCulture), (b, v) => b.SignInErrorCode = v),
        new("signIn.failureReason", true, r => r.SignIn?.FailureReason, (b, v) => b.SignIn[7] = v),
        new("details", false, r => r.Details.Count == 0 ? null : JsonSerializer.Serialize(r.Details, DetailsJson), (b, v) => b.Details = v),
    ];

    /// <summary>The column names, in the order they are written.</summary>
    public static IReadOnlyList<string> ColumnNames { get; } = Columns.Select(c => c.Name).ToList();

    /// <summary>Writes a header row and one row per record.</summary>
    /// <param name="records">The records.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="options">Export settings; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>How many records were written.</returns>
    public static async Task<int> WriteAsync(IAsyncEnumerable<AuditRecord> records, TextWriter writer, AuditCsvOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(writer);
        options ??= new AuditCsvOptions();
        await writer.WriteAsync(Csv.Row(Columns.Select(c => ((string?)c.Name, false)), guardFormulas: false).AsMemory(), cancellationToken).ConfigureAwait(false);
        var count = 0;
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteAsync(FormatRow(record, options).AsMemory(), cancellationToken).ConfigureAwait(false);
            count++;
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>Writes a header row and one row per record.</summary>
    /// <param name="records">The records.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="options">Export settings; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>How many records were written.</returns>
    public static Task<int> WriteAsync(IEnumerable<AuditRecord> records, TextWriter writer, AuditCsvOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        return WriteAsync(records.AsAsync(), writer, options, cancellationToken);
    }

    /// <summary>Reads records written by <see cref="WriteAsync(IAsyncEnumerable{AuditRecord}, TextWriter, AuditCsvOptions?, CancellationToken)"/>.</summary>
    /// <param name="reader">Where to read.</param>
    /// <param name="options">Import settings; must match the export's <see cref="AuditCsvOptions.GuardFormulas"/>.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    /// <returns>The records, in file order.</returns>
    /// <exception cref="InvalidDataException">The header lacks a required column, or a row is malformed.</exception>
    public static async IAsyncEnumerable<AuditRecord> ReadAsync(TextReader reader, AuditCsvOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= new AuditCsvOptions();
        Column?[]? map = null;
        var rowNumber = 0;
        await foreach (var row in Csv.ReadRowsAsync(reader, cancellationToken).ConfigureAwait(false))
        {
            rowNumber++;
            if (row.Count == 1 && row[0] is null)
            {
                continue;
            }

            if (map is null)
            {
                map = MapHeader(row);
                continue;
            }

            var builder = new RecordBuilder();
            for (var i = 0; i < row.Count && i < map.Length; i++)
            {
                if (map[i] is { } column)
                {
                    column.Set(builder, column.IsText ? Csv.Unguard(row[i], options.GuardFormulas) : row[i]);
                }
            }

            yield return builder.Build(rowNumber);
        }
    }

    private static string FormatRow(AuditRecord record, AuditCsvOptions options) =>
        Csv.Row(Columns.Select(c => (c.Get(record), c.IsText)), options.GuardFormulas);

    private static Column?[] MapHeader(IReadOnlyList<string?> header)
    {
        var byName = Columns.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var map = header.Select(h => h is not null && byName.TryGetValue(h.Trim(), out var c) ? c : null).ToArray();
        foreach (var required in new[] { "id", "occurredAt", "kind" })
        {
            if (!map.Any(c => c?.Name == required))
            {
                throw new InvalidDataException($"The audit CSV has no '{required}' column.");
            }
        }

        return map;
    }

    private sealed record Column(string Name, bool IsText, Func<AuditRecord, string?> Get, Action<RecordBuilder, string?> Set);

    private sealed class RecordBuilder
    {
        public string? Id { get; set; }

        public string? OccurredAt { get; set; }

        public string? Kind { get; set; }

        public string? Source { get; set; }

        public string? ActorKind { get; set; }

        public string? ActorId { get; set; }

        public string? ActorName { get; set; }

        public string? RelationshipId { get; set; }

        public string? AccessAssignmentId { get; set; }

        public string? CustomerTenantId { get; set; }

        public string? PartnerTenantId { get; set; }

        public string? Summary { get; set; }

        public string?[] SignIn { get; } = new string?[8];

        public string? SignInErrorCode { get; set; }

        public string? Details { get; set; }

        public AuditRecord Build(int row)
        {
            if (Id is null || !InstantText.TryParseIso(OccurredAt, out var occurredAt))
            {
                throw new InvalidDataException($"Audit CSV row {row}: 'id' and a valid 'occurredAt' are required.");
            }

            SignInDetails? signIn = null;
            if (SignInErrorCode is not null)
            {
                if (!int.TryParse(SignInErrorCode, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var errorCode))
                {
                    throw new InvalidDataException($"Audit CSV row {row}: 'signIn.errorCode' is not a number.");
                }

                signIn = new SignInDetails
                {
                    UserId = SignIn[0],
                    UserPrincipalName = SignIn[1],
                    UserDisplayName = SignIn[2],
                    AppId = SignIn[3],
                    AppDisplayName = SignIn[4],
                    ResourceDisplayName = SignIn[5],
                    IpAddress = SignIn[6],
                    ErrorCode = errorCode,
                    FailureReason = SignIn[7],
                };
            }

            return new AuditRecord
            {
                Id = Id,
                OccurredAt = occurredAt,
                Kind = AuditText.ParseEnum<AuditRecordKind>(Kind),
                Source = AuditText.ParseEnum<AuditSource>(Source),
                Actor = new AuditActor(AuditText.ParseEnum<AuditActorKind>(ActorKind), ActorId, ActorName),
                RelationshipId = RelationshipId,
                AccessAssignmentId = AccessAssignmentId,
                CustomerTenantId = CustomerTenantId,
                PartnerTenantId = PartnerTenantId,
                Summary = Summary,
                SignIn = signIn,
                Details = ParseDetails(Details, row),
            };
        }

        private static IReadOnlyDictionary<string, string> ParseDetails(string? json, int row)
        {
            if (string.IsNullOrEmpty(json))
            {
                return new Dictionary<string, string>();
            }

            try
            {
                return JsonSerializer.Deserialize<Dictionary<string, string>>(json, DetailsJson) ?? new Dictionary<string, string>();
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"Audit CSV row {row}: 'details' is not a JSON object of strings.", e);
            }
        }
    }
}

/// <summary>Small text helpers shared by the audit exports.</summary>
internal static class AuditText
{
    public static TEnum ParseEnum<TEnum>(string? text)
        where TEnum : struct, Enum =>
        text is not null && Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) ? value : default;

    public static async IAsyncEnumerable<T> AsAsync<T>(this IEnumerable<T> source)
    {
        foreach (var item in source)
        {
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
