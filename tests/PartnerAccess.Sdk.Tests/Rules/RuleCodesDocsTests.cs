namespace PartnerAccess.Sdk.Tests.Rules;

/// <summary>Keeps docs/rules.md in step with <see cref="PartnerAccess.Sdk.Rules.RuleCodes"/>.</summary>
public class RuleCodesDocsTests
{
    private static string RulesDocument()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "docs", "rules.md");
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        throw new FileNotFoundException("docs/rules.md was not found above the test output directory.");
    }

    [Fact]
    public void RulesDocument_HasARowForEveryCode()
    {
        var document = RulesDocument();

        foreach (var code in RuleCodesTests.All)
        {
            document.Should().Contain($"| `{code}` |", because: $"docs/rules.md must explain {code}");
        }
    }
}
