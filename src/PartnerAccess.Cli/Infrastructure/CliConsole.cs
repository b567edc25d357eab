using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PartnerAccess.Cli.Infrastructure;

/// <summary>
/// Creates the consoles partner-access writes to. A terminal keeps its width; redirected output (a file, a pipe, a CI
/// log) has no width of its own, and Spectre.Console would assume 80 columns and break table cells in mid-word, so
/// there every piece of output is as wide as its content, or as wide as <c>COLUMNS</c> where no word has to break.
/// </summary>
internal static class CliConsole
{
    /// <summary>The environment variable that sets the width of redirected output.</summary>
    public const string ColumnsVariable = "COLUMNS";

    /// <summary>The console for one standard stream.</summary>
    /// <param name="writer">The stream's writer.</param>
    /// <param name="redirected">Whether the stream goes somewhere other than a terminal.</param>
    /// <param name="columns">The value of <c>COLUMNS</c>, if set; ignored for a terminal.</param>
    public static IAnsiConsole Create(TextWriter writer, bool redirected, string? columns)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            FitToContent(console, ParseColumns(columns));
        }

        return console;
    }

    /// <summary>A positive whole number of columns, or null for anything else (unset, empty, garbage).</summary>
    public static int? ParseColumns(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0 ? columns : null;

    /// <summary>Makes <paramref name="console"/> size its output as redirected output is sized.</summary>
    /// <param name="console">The console.</param>
    /// <param name="columns">The width to fit to where words allow; null for each renderable's natural width.</param>
    public static void FitToContent(IAnsiConsole console, int? columns)
    {
        // The console's own width only bounds the search; each renderable gets the width ContentWidth picks for it.
        console.Profile.Width = ContentWidth.Unbounded;
        console.Pipeline.Attach(new ContentWidth(columns));
    }
}

/// <summary>Renders each renderable at the width <see cref="CliConsole.FitToContent"/> describes.</summary>
internal sealed class ContentWidth(int? columns) : IRenderHook
{
    /// <summary>Wider than any table partner-access prints; content that asks for this much fills any width it gets.</summary>
    public const int Unbounded = 10_000;

    /// <summary>The width for content that fills any width (a rule, say) when COLUMNS is not set.</summary>
    public const int FallbackWidth = 80;

    // Whitespace, the box-drawing block (Unicode borders) and what ASCII borders are drawn with.
    private static readonly char[] Separators =
        [.. " \t\r\n|+-=", .. Enumerable.Range(0x2500, 0x80).Select(c => (char)c)];

    public IEnumerable<IRenderable> Process(RenderOptions options, IEnumerable<IRenderable> renderables) =>
        renderables.Select(r => r is Fitted ? r : new Fitted(r, columns));

    /// <summary>The width <paramref name="renderable"/> is rendered at, at most <paramref name="maxWidth"/>.</summary>
    public static int Choose(IRenderable renderable, RenderOptions options, int maxWidth, int? columns)
    {
        var measurement = renderable.Measure(options, maxWidth);
        var natural = Math.Min(measurement.Max, maxWidth);
        if (natural >= maxWidth)
        {
            return Math.Min(columns ?? FallbackWidth, maxWidth);
        }

        if (columns is not { } wanted)
        {
            return Math.Max(natural, 1);
        }

        if (wanted >= natural)
        {
            // Room to spare: an expanding table fills COLUMNS as it would fill a terminal that wide.
            return Math.Min(wanted, maxWidth);
        }

        // Narrower than the content: it wraps. Spectre's column sizing can still cut a word even when every column
        // could hold its longest one, so check what a width produces and widen until no word is cut; the natural
        // width wraps nothing, so the search always ends.
        var words = Words(renderable.Render(options, natural)).ToHashSet(StringComparer.Ordinal);
        bool Whole(int width) => Words(renderable.Render(options, width)).All(words.Contains);
        var low = Math.Max(wanted, measurement.Min);
        if (low >= natural || Whole(low))
        {
            return Math.Min(low, natural);
        }

        // low cuts a word and natural does not: narrow in on the least width seen not to.
        var high = natural;
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (Whole(middle))
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return high;
    }

    /// <summary>The words of rendered output: its text split at whitespace and at table and panel borders.</summary>
    internal static string[] Words(IEnumerable<Segment> segments)
    {
        var text = new StringBuilder();
        foreach (var segment in segments)
        {
            if (segment.IsLineBreak)
            {
                text.Append('\n');
            }
            else if (!segment.IsControlCode)
            {
                text.Append(segment.Text);
            }
        }

        return text.ToString().Split(Separators, StringSplitOptions.RemoveEmptyEntries);
    }

    private sealed class Fitted(IRenderable inner, int? columns) : IRenderable
    {
        public Measurement Measure(RenderOptions options, int maxWidth) => inner.Measure(options, maxWidth);

        public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) =>
            inner.Render(options, Choose(inner, options, maxWidth, columns));
    }
}
