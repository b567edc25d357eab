using PartnerAccess.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Testing;

namespace PartnerAccess.Cli.Tests.Infrastructure;

public sealed class CliConsoleTests
{
    private const string ModernWorkplace = "Northwind Traders - Modern workplace";

    private static readonly string[] LongRoles =
    [
        "Privileged Authentication Administrator, Conditional Access Administrator, License Administrator",
        "Helpdesk Administrator, User Administrator, Authentication Administrator, Exchange Administrator",
        "Global Reader",
    ];

    [Fact]
    public void FitToContent_TableWithLongRoleNames_BreaksNoWord()
    {
        using var redirected = RedirectedConsole(columns: null);
        using var terminal = Console(80);

        redirected.Write(RoleTable());
        terminal.Write(RoleTable());

        // An 80-column console cuts the role lists up; redirected output keeps each one whole on one line.
        LongRoles.Should().Contain(roles => !terminal.Output.Contains(roles, StringComparison.Ordinal));
        foreach (var roles in LongRoles)
        {
            redirected.Output.Should().Contain(roles);
        }

        Lines(redirected).Select(l => l.Length).Distinct().Should().ContainSingle("every table line is as wide as the content");
    }

    [Fact]
    public void FitToContent_ColumnsNarrowerThanTheContent_WrapsBetweenWordsOnly()
    {
        using var redirected = RedirectedConsole(columns: 70);

        redirected.Write(RoleTable());

        var words = LongRoles.SelectMany(r => r.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
            .Concat(["Security", "group", "Roles", "Helpdesk", "agents", "Exchange", "engineers", "Security", "operations"])
            .ToHashSet(StringComparer.Ordinal);
        var printed = string.Join(' ', Lines(redirected)).Split([' ', ',', '│', '╭', '╮', '╰', '╯', '─', '┬', '┴', '┼', '├', '┤'], StringSplitOptions.RemoveEmptyEntries);
        printed.Should().OnlyContain(word => words.Contains(word), "no word is cut across lines");
        Lines(redirected).Should().OnlyContain(l => l.Length <= 70, "COLUMNS=70 leaves room for the longest word of each column");
        Lines(redirected).Should().Contain(l => l.Length == 70);
    }

    [Fact]
    public void FitToContent_ColumnsWiderThanTheContent_ExpandingTableFillsColumns()
    {
        using var redirected = RedirectedConsole(columns: 200);

        redirected.Write(RoleTable().Expand());

        Lines(redirected).Should().OnlyContain(l => l.Length == 200);
    }

    [Fact]
    public void FitToContent_ColumnsTooNarrowForALongWord_WidensRatherThanCutIt()
    {
        using var redirected = RedirectedConsole(columns: 20);

        redirected.Write(RoleTable());

        foreach (var word in new[] { "Privileged", "Authentication", "Administrator,", "Conditional" })
        {
            redirected.Output.Should().Contain(word);
        }

        Lines(redirected).Max(l => l.Length).Should().BeGreaterThan(20);
    }

    [Fact]
    public async Task AssignmentsList_RedirectedOutput_KeepsEveryRoleListOnOneLine()
    {
        using var redirected = RedirectedConsole(columns: null);
        using var json = CliRun.NewConsole();

        var exitCode = await CliApp.RunAsync(["assignments", "list", ModernWorkplace], redirected);
        await CliApp.RunAsync(["assignments", "list", ModernWorkplace, "-o", "json"], json);

        exitCode.Should().Be(ExitCodes.Success);
        var roleLists = System.Text.Json.JsonDocument.Parse(json.Output).RootElement.EnumerateArray()
            .Select(a => string.Join(", ", a.GetProperty("roles").EnumerateArray().Select(r => r.GetProperty("name").GetString())))
            .ToList();
        roleLists.Should().Contain(r => r.Length > 60);
        foreach (var roles in roleLists)
        {
            Lines(redirected).Should().Contain(l => l.Contains(roles, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task RelationshipsList_RedirectedWithColumns_IsThatWide()
    {
        using var redirected = RedirectedConsole(columns: 160);

        var exitCode = await CliApp.RunAsync(["relationships", "list"], redirected);

        exitCode.Should().Be(ExitCodes.Success);
        Lines(redirected).Where(l => l.StartsWith('│')).Should().NotBeEmpty().And.OnlyContain(l => l.Length == 160);
    }

    [Fact]
    public async Task Json_RedirectedOutput_IsTheSameAsOnATerminal()
    {
        using var redirected = RedirectedConsole(columns: 40);
        using var terminal = CliRun.NewConsole();

        await CliApp.RunAsync(["assignments", "list", ModernWorkplace, "-o", "json"], redirected);
        await CliApp.RunAsync(["assignments", "list", ModernWorkplace, "-o", "json"], terminal);

        redirected.Output.Should().NotBeEmpty().And.Be(terminal.Output);
    }

    [Fact]
    public void Create_Terminal_KeepsTheTerminalWidthAndIgnoresColumns()
    {
        using var writer = new StringWriter();
        var console = CliConsole.Create(writer, redirected: false, columns: "300");

        console.Write(RoleTable());

        console.Profile.Width.Should().NotBe(ContentWidth.Unbounded);
        writer.ToString().Split('\n').Should().OnlyContain(l => l.TrimEnd('\r').Length <= console.Profile.Width);
    }

    [Fact]
    public void Create_Redirected_HonoursColumns()
    {
        using var writer = new StringWriter();
        var console = CliConsole.Create(writer, redirected: true, columns: "150");

        console.Write(RoleTable().Expand());

        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))
            .Should().OnlyContain(l => l.Length == 150);
    }

    [Theory]
    [InlineData("120", 120)]
    [InlineData(" 120", null)]
    [InlineData("", null)]
    [InlineData("wide", null)]
    [InlineData("0", null)]
    [InlineData("-80", null)]
    [InlineData(null, null)]
    public void ParseColumns_Text_IsAPositiveWholeNumberOrNull(string? text, int? expected) =>
        CliConsole.ParseColumns(text).Should().Be(expected);

    private static Table RoleTable()
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Security group");
        table.AddColumn("Roles");
        table.AddRow("Security operations", LongRoles[0]);
        table.AddRow("Helpdesk agents", LongRoles[1]);
        table.AddRow("Exchange engineers", LongRoles[2]);
        return table;
    }

    /// <summary>A console the way Program sets one up for redirected output: 80 columns as detected, then fitted.</summary>
    private static TestConsole RedirectedConsole(int? columns)
    {
        var console = Console(80);
        CliConsole.FitToContent(console, columns);
        return console;
    }

    private static TestConsole Console(int width)
    {
        var console = new TestConsole().Width(width);
        console.Profile.Capabilities.Ansi = false;
        console.Profile.Capabilities.Unicode = true;
        return console;
    }

    private static IReadOnlyList<string> Lines(TestConsole console) =>
        console.Lines.Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
}
