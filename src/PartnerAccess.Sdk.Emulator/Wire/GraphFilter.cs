using System.Text;

namespace PartnerAccess.Sdk.Emulator.Wire;

/// <summary>One comparison of a <c>$filter</c>, such as <c>status eq 'active'</c>.</summary>
internal sealed record FilterClause(string Property, string Operator, string Value);

/// <summary>
/// Parses the <c>$filter</c> subset the emulator supports: comparisons joined by <c>and</c>, optionally in
/// parentheses. Which properties and operators an endpoint accepts is up to the endpoint.
/// </summary>
internal static class GraphFilter
{
    private static readonly HashSet<string> Operators = new(StringComparer.OrdinalIgnoreCase) { "eq", "ne", "gt", "ge", "lt", "le" };

    public static IReadOnlyList<FilterClause> Parse(string filter)
    {
        var tokens = Tokenize(filter);
        var position = 0;
        var clauses = new List<FilterClause>();
        ParseExpression(tokens, ref position, clauses, filter);
        if (position != tokens.Count)
        {
            throw Invalid(filter, $"unexpected '{tokens[position].Text}'");
        }

        return clauses;
    }

    private static void ParseExpression(List<Token> tokens, ref int position, List<FilterClause> clauses, string filter)
    {
        ParseTerm(tokens, ref position, clauses, filter);
        while (position < tokens.Count && tokens[position] is { Quoted: false } next &&
               next.Text.Equals("and", StringComparison.OrdinalIgnoreCase))
        {
            position++;
            ParseTerm(tokens, ref position, clauses, filter);
        }

        if (position < tokens.Count && tokens[position] is { Quoted: false } other && other.Text.Equals("or", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(filter, "only 'and' is supported, not 'or'");
        }
    }

    private static void ParseTerm(List<Token> tokens, ref int position, List<FilterClause> clauses, string filter)
    {
        if (position >= tokens.Count)
        {
            throw Invalid(filter, "the expression ends too early");
        }

        if (tokens[position] is { Quoted: false, Text: "(" })
        {
            position++;
            ParseExpression(tokens, ref position, clauses, filter);
            if (position >= tokens.Count || tokens[position] is not { Quoted: false, Text: ")" })
            {
                throw Invalid(filter, "a ')' is missing");
            }

            position++;
            return;
        }

        if (position + 2 >= tokens.Count)
        {
            throw Invalid(filter, "expected '<property> <operator> <value>'");
        }

        var property = tokens[position];
        var op = tokens[position + 1];
        var value = tokens[position + 2];
        if (property.Quoted || property.Text is "(" or ")" || op.Quoted || !Operators.Contains(op.Text) ||
            (!value.Quoted && value.Text is "(" or ")"))
        {
            throw Invalid(filter, "expected '<property> <operator> <value>'");
        }

        clauses.Add(new FilterClause(property.Text, op.Text.ToLowerInvariant(), value.Text));
        position += 3;
    }

    private static List<Token> Tokenize(string filter)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < filter.Length)
        {
            var c = filter[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(new Token(c.ToString(), false));
                i++;
            }
            else if (c == '\'')
            {
                var text = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= filter.Length)
                    {
                        throw Invalid(filter, "a string literal is not closed");
                    }

                    if (filter[i] == '\'')
                    {
                        if (i + 1 < filter.Length && filter[i + 1] == '\'')
                        {
                            text.Append('\'');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    text.Append(filter[i]);
                    i++;
                }

                tokens.Add(new Token(text.ToString(), true));
            }
            else
            {
                var start = i;
                while (i < filter.Length && !char.IsWhiteSpace(filter[i]) && filter[i] is not ('(' or ')' or '\''))
                {
                    i++;
                }

                tokens.Add(new Token(filter[start..i], false));
            }
        }

        return tokens;
    }

    private static GraphErrorException Invalid(string filter, string reason) =>
        GraphErrorException.BadRequest($"Invalid $filter '{filter}': {reason}.");

    private sealed record Token(string Text, bool Quoted);
}
