using System.Text.RegularExpressions;

namespace PartnerAccess.Sdk.Conventions.Tests.Docs;

/// <summary>The repository's docs and snippet regions, read from the working tree.</summary>
public static partial class Repository
{
    public static DirectoryInfo Root { get; } = FindRoot();

    /// <summary>The guides whose every C# block must come from a compiled snippet.</summary>
    public static IReadOnlyList<string> SnippetOnlyPages { get; } =
        ["index.md", "getting-started.md", "configuration.md", "resilience.md", "errors.md", "testing.md", "security.md", "telemetry.md"];

    public static string Doc(string name) => File.ReadAllText(Path.Combine(Root.FullName, "docs", name));

    public static IEnumerable<(string Path, string Text)> Docs() =>
        Directory.EnumerateFiles(Path.Combine(Root.FullName, "docs"), "*.md", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(Root.FullName, path), File.ReadAllText(path)));

    /// <summary>Every <c>#region Snippet:Name</c> under samples/, dedented, as eng/update-doc-snippets.py reads them.</summary>
    public static IReadOnlyDictionary<string, string> Snippets()
    {
        var snippets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root.FullName, "samples"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ||
                file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match match in RegionPattern().Matches(File.ReadAllText(file).ReplaceLineEndings("\n")))
            {
                snippets.Add(match.Groups[1].Value, Dedent(match.Groups[2].Value));
            }
        }

        return snippets;
    }

    /// <summary>Every marked code block of a doc: the snippet name and the block's text.</summary>
    public static IEnumerable<(string Name, string Code)> MarkedBlocks(string text) =>
        MarkerPattern().Matches(text.ReplaceLineEndings("\n")).Select(m => (m.Groups[1].Value, m.Groups[2].Value));

    private static string Dedent(string text)
    {
        var lines = text.TrimEnd().Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart(' ').Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Trim().Length > 0 ? l[indent..] : string.Empty)) + "\n";
    }

    private static DirectoryInfo FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PartnerAccess.Sdk.sln")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException("The repository root (PartnerAccess.Sdk.sln) was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^[ \t]*#region Snippet:(\w+)[ \t]*\n(.*?)^[ \t]*#endregion", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"<!-- snippet: (\w+) -->\n```csharp\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex MarkerPattern();
}
