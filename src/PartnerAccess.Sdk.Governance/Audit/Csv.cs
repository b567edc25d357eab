using System.Text;

namespace PartnerAccess.Sdk.Audit;

/// <summary>
/// RFC 4180 CSV, shared by the audit and report exports. Lines end in CRLF. A field is quoted when it holds a comma, a
/// quote, CR or LF, or starts or ends with white space; quotes inside are doubled. <see langword="null"/> is written
/// as an empty unquoted field and the empty string as <c>""</c>, so both survive a round trip.
/// </summary>
/// <remarks>
/// Formula guard: a text cell that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR would run as a
/// formula in a spreadsheet. The writer puts an apostrophe in front of it, and in front of a cell that already starts
/// with one; the reader removes exactly one leading apostrophe again. The round trip stays exact as long as both sides
/// agree on the guard.
/// </remarks>
internal static class Csv
{
    public const string LineEnd = "\r\n";

    public static string Field(string? value, bool guardFormula)
    {
        if (value is null)
        {
            return string.Empty;
        }

        if (value.Length == 0)
        {
            return "\"\"";
        }

        if (guardFormula && NeedsGuard(value))
        {
            value = "'" + value;
        }

        var quote = value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]);
        return quote ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static string Row(IEnumerable<(string? Value, bool IsText)> cells, bool guardFormulas) =>
        string.Join(',', cells.Select(c => Field(c.Value, guardFormulas && c.IsText))) + LineEnd;

    public static string? Unguard(string? value, bool guardFormulas) =>
        guardFormulas && value is { Length: > 0 } && value[0] == '\'' ? value[1..] : value;

    private static bool NeedsGuard(string value) => value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\'';

    /// <summary>Reads rows; an unquoted empty field is <see langword="null"/>, a quoted one is the (possibly empty) text.</summary>
    public static async IAsyncEnumerable<IReadOnlyList<string?>> ReadRowsAsync(TextReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = new char[8192];
        var row = new List<string?>();
        var field = new StringBuilder();
        var quoted = false;
        var inQuotes = false;
        var quoteJustClosed = false;
        var pendingCr = false;
        var anyInRow = false;
        var line = 1;

        while (true)
        {
            var read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (pendingCr)
                {
                    pendingCr = false;
                    if (c == '\n')
                    {
                        continue;
                    }
                }

                if (inQuotes)
                {
                    if (c == '"')
                    {
                        inQuotes = false;
                        quoteJustClosed = true;
                    }
                    else
                    {
                        field.Append(c);
                        if (c == '\n')
                        {
                            line++;
                        }
                    }

                    continue;
                }

                if (quoteJustClosed && c == '"')
                {
                    // A doubled quote inside a quoted field.
                    field.Append('"');
                    inQuotes = true;
                    quoteJustClosed = false;
                    continue;
                }

                switch (c)
                {
                    case ',':
                        row.Add(Take(field, quoted));
                        quoted = quoteJustClosed = false;
                        anyInRow = true;
                        break;
                    case '\r' or '\n':
                        row.Add(Take(field, quoted));
                        quoted = quoteJustClosed = false;
                        pendingCr = c == '\r';
                        line++;
                        yield return row;
                        row = [];
                        anyInRow = false;
                        break;
                    case '"' when field.Length == 0 && !quoted:
                        inQuotes = quoted = true;
                        anyInRow = true;
                        break;
                    default:
                        if (quoteJustClosed)
                        {
                            throw new InvalidDataException($"CSV line {line}: text after a closing quote.");
                        }

                        field.Append(c);
                        anyInRow = true;
                        break;
                }
            }
        }

        if (inQuotes)
        {
            throw new InvalidDataException($"CSV line {line}: a quoted field is not closed.");
        }

        if (anyInRow || field.Length > 0 || quoted)
        {
            row.Add(Take(field, quoted));
            yield return row;
        }
    }

    private static string? Take(StringBuilder field, bool quoted)
    {
        var value = field.Length == 0 && !quoted ? null : field.ToString();
        field.Clear();
        return value;
    }
}
