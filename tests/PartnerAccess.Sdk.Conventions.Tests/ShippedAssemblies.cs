using System.Reflection;
using System.Runtime.CompilerServices;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Conventions.Tests;

/// <summary>The assemblies the packages ship, and their public surface as a consumer sees it.</summary>
public static class ShippedAssemblies
{
    public static IReadOnlyList<Assembly> All { get; } =
    [
        typeof(IPartnerAccessClient).Assembly,
        typeof(GraphPartnerAccessClient).Assembly,
        typeof(AccessPlanner).Assembly,
        typeof(InMemoryPartnerAccessClient).Assembly,
        typeof(GdapEmulator).Assembly,
    ];

    public static IEnumerable<object[]> Names => All.Select(a => new object[] { a.GetName().Name! });

    public static Assembly Named(string name) => All.Single(a => a.GetName().Name == name);

    public static IReadOnlyList<Type> PublicTypes(Assembly assembly) =>
        assembly.GetTypes().Where(t => t.IsVisible && !IsCompilerGenerated(t)).OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();

    public static IEnumerable<Type> PublicTypes() => All.SelectMany(PublicTypes);

    /// <summary>Members a consumer can see (public or protected), declared by the type itself, written by a person.</summary>
    /// <remarks>A delegate's Invoke, BeginInvoke and EndInvoke are the runtime's, documented by the delegate itself.</remarks>
    public static IEnumerable<MemberInfo> VisibleMembers(Type type) => typeof(Delegate).IsAssignableFrom(type) ? [] :
        type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(IsVisible)
            .Where(m => !IsCompilerGenerated(m) && !IsAccessor(m) && m is not Type);

    public static IEnumerable<MethodInfo> VisibleMethods(Type type) => VisibleMembers(type).OfType<MethodInfo>();

    public static IEnumerable<PropertyInfo> VisibleProperties(Type type) => VisibleMembers(type).OfType<PropertyInfo>();

    public static bool IsCompilerGenerated(MemberInfo member) =>
        member.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || member.Name.Contains('<', StringComparison.Ordinal);

    public static string Describe(MemberInfo member) => $"{member.DeclaringType?.FullName}.{member.Name}";

    private static bool IsAccessor(MemberInfo member) => member is MethodInfo { IsSpecialName: true } method &&
        (method.Name.StartsWith("get_", StringComparison.Ordinal) || method.Name.StartsWith("set_", StringComparison.Ordinal) ||
         method.Name.StartsWith("add_", StringComparison.Ordinal) || method.Name.StartsWith("remove_", StringComparison.Ordinal));

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        FieldInfo f => (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && !f.IsSpecialName,
        PropertyInfo p => p.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
        EventInfo e => e.AddMethod is { } add && (add.IsPublic || add.IsFamily || add.IsFamilyOrAssembly),
        _ => false,
    };
}
