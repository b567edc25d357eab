using System.Reflection;
using System.Text.RegularExpressions;

namespace PartnerAccess.Sdk.Conventions.Tests.Docs;

/// <summary>Doc snippets are the compiled code of samples/PartnerAccess.Samples.Snippets, word for word.</summary>
public sealed class DocSnippetTests
{
    [Fact]
    public void MarkedBlocks_EveryDoc_MatchTheirRegionWordForWord()
    {
        var snippets = Repository.Snippets();
        var problems = new List<string>();
        foreach (var (path, text) in Repository.Docs())
        {
            foreach (var (name, code) in Repository.MarkedBlocks(text))
            {
                if (!snippets.TryGetValue(name, out var region))
                {
                    problems.Add($"{path}: no region Snippet:{name}");
                }
                else if (code != region)
                {
                    problems.Add($"{path}: snippet {name} differs from its region");
                }
            }
        }

        problems.Should().BeEmpty("docs show compiled code; run python3 eng/update-doc-snippets.py after changing a region");
    }

    [Fact]
    public void Regions_EverySnippet_IsShownByADoc()
    {
        var used = Repository.Docs().SelectMany(d => Repository.MarkedBlocks(d.Text)).Select(b => b.Name).ToHashSet();

        Repository.Snippets().Keys.Where(name => !used.Contains(name)).Should().BeEmpty();
        used.Should().HaveCountGreaterThan(10);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void CSharpBlocks_Guides_AllComeFromSnippets(string page)
    {
        var text = Repository.Doc(page).ReplaceLineEndings("\n");

        var blocks = Regex.Matches(text, "^```csharp$", RegexOptions.Multiline).Count;
        var marked = Repository.MarkedBlocks(text).Count();

        marked.Should().Be(blocks, $"every C# block in {page} is a <!-- snippet: Name --> block");
    }

    [Fact]
    public void ErrorsDoc_EveryErrorCode_IsExplained()
    {
        var errors = Repository.Doc("errors.md");

        Enum.GetNames<PartnerAccessErrorCode>().Where(code => !errors.Contains($"| `{code}` |", StringComparison.Ordinal))
            .Should().BeEmpty("docs/errors.md has a row for every PartnerAccessErrorCode");
        errors.Should().Contain("(rules.md)", "the rule codes are listed in the rule reference");
    }

    [Fact]
    public void TelemetryDoc_EveryName_IsListed()
    {
        var telemetry = Repository.Doc("telemetry.md");
        var names = typeof(PartnerAccessTelemetry).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        names.Should().HaveCountGreaterThan(10);
        names.Where(name => !telemetry.Contains($"`{name}`", StringComparison.Ordinal) && !telemetry.Contains($"{name},", StringComparison.Ordinal))
            .Should().BeEmpty("docs/telemetry.md names every instrument and tag");
    }

    public static TheoryData<string> Pages() => new(Repository.SnippetOnlyPages);
}
