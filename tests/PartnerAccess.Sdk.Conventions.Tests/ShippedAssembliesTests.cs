using System.Xml.Linq;
using PartnerAccess.Sdk.Conventions.Tests.Docs;

namespace PartnerAccess.Sdk.Conventions.Tests;

/// <summary>The conventions checks see every library the repository packs, so a new package cannot slip past them.</summary>
public sealed class ShippedAssembliesTests
{
    [Fact]
    public void All_EveryLibraryUnderSrc_IsChecked()
    {
        // The CLI packs as a dotnet tool with internal types only: it has no public surface to check.
        var libraries = Directory.EnumerateFiles(Path.Combine(Repository.Root.FullName, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(path => !XDocument.Load(path).Descendants("PackAsTool").Any(e => string.Equals(e.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase)))
            .Select(Path.GetFileNameWithoutExtension)
            .ToList();

        libraries.Should().NotBeEmpty();
        ShippedAssemblies.All.Select(a => a.GetName().Name).Should().BeEquivalentTo(libraries);
    }
}
