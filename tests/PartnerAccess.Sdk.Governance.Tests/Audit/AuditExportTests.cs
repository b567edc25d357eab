using CsCheck;
using NodaTime;
using PartnerAccess.Sdk.Audit;

namespace PartnerAccess.Sdk.Governance.Tests.Audit;

public class AuditExportTests
{
    private static readonly string[] Nasty =
    [
        "", " ", "a,b", "say \"hi\"", "line1\nline2", "line1\r\nline2", "\r", "=SUM(A1:A9)", "+1", "-2", "@cmd", "'quoted", "''",
        "\ttab", " padded ", "null", "ünïcödé ✓ 😀", "<script>alert(1)</script>", "{\"json\":true}", "a;b=c", "\"", ",",
    ];

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.Int[0, Nasty.Length - 1].Select(i => Nasty[i]),
        Gen.Char.Where(c => !char.IsSurrogate(c)).Array[0, 12].Select(c => new string(c)),
        Gen.Int[0, Nasty.Length - 1].Select(i => Nasty[i]).Array[1, 3].Select(parts => string.Concat(parts)));

    private static readonly Gen<string?> OptionalText = Gen.Frequency((1, Gen.Const((string?)null)), (3, Text.Select(s => (string?)s)));

    private static readonly Gen<SignInDetails> SignIns =
        Gen.Select(OptionalText, OptionalText, OptionalText, OptionalText, Gen.Int[-5, 600000], OptionalText, OptionalText)
            .Select((user, upn, app, ip, code, reason, resource) => new SignInDetails
            {
                UserId = user,
                UserPrincipalName = upn,
                UserDisplayName = reason,
                AppId = app,
                AppDisplayName = resource,
                ResourceDisplayName = upn,
                IpAddress = ip,
                ErrorCode = code,
                FailureReason = reason,
            });

    private static readonly Gen<AuditRecord> Records =
        Gen.Select(
                Text.Where(s => s.Length > 0),
                Gen.Long[-2_000_000_000_000_000_000, 4_000_000_000_000_000_000],
                Gen.Enum<AuditRecordKind>(),
                Gen.Enum<AuditSource>(),
                Gen.Select(Gen.Enum<AuditActorKind>(), OptionalText, OptionalText),
                Gen.Select(OptionalText, OptionalText, OptionalText, OptionalText, OptionalText),
                Gen.Frequency((1, Gen.Const((SignInDetails?)null)), (1, SignIns.Select(s => (SignInDetails?)s))),
                Gen.Dictionary(Text.Where(s => s.Length > 0), Text)[0, 4])
            .Select((id, nanos, kind, source, actor, ids, signIn, details) => new AuditRecord
            {
                Id = id,
                OccurredAt = Instant.FromUnixTimeTicks(nanos / 100),
                Kind = kind,
                Source = source,
                Actor = new AuditActor(actor.Item1, actor.Item2, actor.Item3),
                RelationshipId = ids.Item1,
                AccessAssignmentId = ids.Item2,
                CustomerTenantId = ids.Item3,
                PartnerTenantId = ids.Item4,
                Summary = ids.Item5,
                SignIn = signIn,
                Details = details,
            });

    private static void ShouldEqual(IReadOnlyList<AuditRecord> actual, IReadOnlyList<AuditRecord> expected)
    {
        actual.Should().HaveCount(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            actual[i].Should().BeEquivalentTo(expected[i], o => o.ComparingByMembers<AuditRecord>().WithStrictOrdering());
            actual[i].Details.Should().Equal(expected[i].Details);
        }
    }

    private static async Task<(string Text, List<AuditRecord> Back)> CsvRoundTrip(IReadOnlyList<AuditRecord> records, AuditCsvOptions? options = null)
    {
        var writer = new StringWriter();
        (await AuditRecordCsv.WriteAsync(records, writer, options)).Should().Be(records.Count);
        var text = writer.ToString();
        var back = new List<AuditRecord>();
        await foreach (var record in AuditRecordCsv.ReadAsync(new StringReader(text), options))
        {
            back.Add(record);
        }

        return (text, back);
    }

    private static async Task<List<AuditRecord>> JsonLinesRoundTrip(IReadOnlyList<AuditRecord> records)
    {
        var writer = new StringWriter();
        await AuditRecordJsonLines.WriteAsync(records, writer);
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(records.Count, "one line per record");
        var back = new List<AuditRecord>();
        await foreach (var record in AuditRecordJsonLines.ReadAsync(new StringReader(writer.ToString())))
        {
            back.Add(record);
        }

        return back;
    }

    [Fact]
    public void Csv_RoundTrip_GeneratedRecordsWithNastyStrings_AreExact()
    {
        Records.List[0, 6].Sample(records =>
        {
            var (_, back) = CsvRoundTrip(records).GetAwaiter().GetResult();
            ShouldEqual(back, records);
        }, iter: 300);
    }

    [Fact]
    public void Csv_RoundTrip_WithoutFormulaGuard_IsExactToo()
    {
        Records.List[0, 6].Sample(records =>
        {
            var options = new AuditCsvOptions { GuardFormulas = false };
            var (_, back) = CsvRoundTrip(records, options).GetAwaiter().GetResult();
            ShouldEqual(back, records);
        }, iter: 150);
    }

    [Fact]
    public void JsonLines_RoundTrip_GeneratedRecordsWithNastyStrings_AreExact()
    {
        Records.List[0, 6].Sample(records =>
        {
            ShouldEqual(JsonLinesRoundTrip(records).GetAwaiter().GetResult(), records);
        }, iter: 300);
    }

    private static AuditRecord Sample() => new()
    {
        Id = "signin:1",
        OccurredAt = Fixtures.T0,
        Kind = AuditRecordKind.PartnerSignIn,
        Source = AuditSource.SignInLog,
        Actor = new AuditActor(AuditActorKind.Partner, "u1", "Tech, \"the\" admin"),
        CustomerTenantId = Fixtures.ContosoTenantId,
        Summary = "=HYPERLINK(\"http://evil\")\nsecond line",
        SignIn = new SignInDetails { UserPrincipalName = "@tech", AppDisplayName = "Azure Portal", ErrorCode = 0 },
        Details = new Dictionary<string, string> { ["isInteractive"] = "true" },
    };

    [Fact]
    public async Task Csv_Write_FlattensNestedFields_QuotesAndGuardsCells()
    {
        var (text, _) = await CsvRoundTrip([Sample()]);
        var lines = text.Split("\r\n");

        lines[0].Should().Be(string.Join(',', AuditRecordCsv.ColumnNames));
        lines[0].Should().Contain("actor.kind,actor.id,actor.displayName").And.Contain("signIn.userPrincipalName");
        text.Should().Contain("\"Tech, \"\"the\"\" admin\"");
        text.Should().Contain("\"'=HYPERLINK(\"\"http://evil\"\")\nsecond line\"", "formula cells get an apostrophe, newlines stay inside quotes");
        text.Should().Contain(",'@tech,");
        text.Should().Contain("\"{\"\"isInteractive\"\":\"\"true\"\"}\"");
        text.Should().EndWith("\r\n");
    }

    [Fact]
    public async Task Csv_NullAndEmpty_AreDistinguished()
    {
        var record = Sample() with { RelationshipId = null, AccessAssignmentId = string.Empty, SignIn = null };

        var (text, back) = await CsvRoundTrip([record]);

        back.Single().RelationshipId.Should().BeNull();
        back.Single().AccessAssignmentId.Should().BeEmpty();
        back.Single().SignIn.Should().BeNull();
        text.Split("\r\n")[1].Should().Contain(",,\"\",");
    }

    [Fact]
    public async Task Csv_Read_ColumnsInAnotherOrder_AndUnknownColumns_AreAccepted()
    {
        const string csv = "kind,extra,occurredAt,id\r\nExpired,ignored,2025-01-01T00:00:00Z,r1\r\n";

        var records = new List<AuditRecord>();
        await foreach (var record in AuditRecordCsv.ReadAsync(new StringReader(csv)))
        {
            records.Add(record);
        }

        records.Should().ContainSingle().Which.Should().Match<AuditRecord>(r => r.Id == "r1" && r.Kind == AuditRecordKind.Expired);
    }

    [Theory]
    [InlineData("id,kind\r\nx,Expired\r\n")]
    [InlineData("id,occurredAt,kind\r\nx,not-a-date,Expired\r\n")]
    [InlineData("id,occurredAt,kind\r\n\"unclosed,2025-01-01T00:00:00Z,Expired\r\n")]
    public async Task Csv_Read_BrokenInput_ThrowsInvalidData(string csv)
    {
        var act = async () =>
        {
            await foreach (var _ in AuditRecordCsv.ReadAsync(new StringReader(csv)))
            {
            }
        };

        await act.Should().ThrowAsync<InvalidDataException>();
    }

    [Fact]
    public async Task JsonLines_Read_BrokenLine_NamesTheLine()
    {
        var text = AuditRecordJsonLines.Serialize(Sample()) + "\n\n{\"id\": 5}\n";

        var act = async () =>
        {
            await foreach (var _ in AuditRecordJsonLines.ReadAsync(new StringReader(text)))
            {
            }
        };

        await act.Should().ThrowAsync<InvalidDataException>().WithMessage("*line 3*");
    }

    [Fact]
    public void JsonLines_Serialize_IsOneLine_WithNestedObjects()
    {
        var line = AuditRecordJsonLines.Serialize(Sample());

        line.Should().NotContain("\n");
        line.Should().Contain("\"actor\":{\"kind\":\"Partner\",\"id\":\"u1\"");
        line.Should().Contain("\"signIn\":{").And.Contain("\"details\":{\"isInteractive\":\"true\"}");
        line.Should().NotContain("relationshipId", "null members are left out");
    }
}
