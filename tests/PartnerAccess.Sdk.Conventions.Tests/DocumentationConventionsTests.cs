using System.Reflection;
using System.Xml.Linq;

namespace PartnerAccess.Sdk.Conventions.Tests;

/// <summary>Every public type and member ships with documentation, read from the XML file that travels in the package.</summary>
public sealed class DocumentationConventionsTests
{
    [Theory]
    [MemberData(nameof(ShippedAssemblies.Names), MemberType = typeof(ShippedAssemblies))]
    public void PublicTypesAndMembers_AnyAssembly_AreDocumented(string assembly)
    {
        var shipped = ShippedAssemblies.Named(assembly);
        var documented = DocumentedIds(shipped);

        var missing = ShippedAssemblies.PublicTypes(shipped)
            .SelectMany(t => ShippedAssemblies.VisibleMembers(t).Prepend(t))
            .Where(m => !IsDocumentedElsewhere(m))
            .Select(XmlDocIds.Of)
            .Where(id => !documented.Contains(id))
            .ToList();

        missing.Should().BeEmpty("every public type and member carries an XML doc comment");
    }

    [Fact]
    public void DocumentationFile_Core_HasTheClientAndItsOperations()
    {
        // Guards the check above: the ids computed here must be the compiler's own.
        var documented = DocumentedIds(typeof(IPartnerAccessClient).Assembly);

        documented.Should().Contain(XmlDocIds.Of(typeof(IPartnerAccessClient)));
        documented.Should().Contain(XmlDocIds.Of(typeof(IPartnerAccessClient).GetMethod(nameof(IPartnerAccessClient.CreateRelationshipAsync))!));
        documented.Should().Contain(XmlDocIds.Of(typeof(IPartnerAccessClient).GetMethod(nameof(IPartnerAccessClient.ListRelationshipsAsync))!));
    }

    private static HashSet<string> DocumentedIds(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        File.Exists(path).Should().BeTrue($"the documentation file {path} ships next to the assembly");
        return XDocument.Load(path).Descendants("member")
            .Where(m => m.Elements().Any())
            .Select(m => (string)m.Attribute("name")!)
            .ToHashSet(StringComparer.Ordinal);
    }

    // Members the compiler writes no entry for, and does not ask a comment for (CS1591):
    // - the implicit parameterless constructor of a type that declares none;
    // - a positional record's property, documented by the <param> of its type.
    private static bool IsDocumentedElsewhere(MemberInfo member) =>
        (member is ConstructorInfo { IsStatic: false } ctor && ctor.GetParameters().Length == 0 &&
         ctor.DeclaringType!.GetConstructors().Length == 1) ||
        member is PropertyInfo property && property.DeclaringType!.GetConstructors().Any(c =>
            c.GetParameters().Any(p => p.Name == property.Name && p.ParameterType == property.PropertyType)) &&
        property.DeclaringType.GetMethod("<Clone>$") is not null;
}
