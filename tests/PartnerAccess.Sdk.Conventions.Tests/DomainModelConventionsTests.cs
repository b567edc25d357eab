using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace PartnerAccess.Sdk.Conventions.Tests;

/// <summary>Domain models are immutable, and no public type hands out a collection the caller could change.</summary>
public sealed class DomainModelConventionsTests
{
    private static readonly string[] DomainNamespaces =
    [
        "PartnerAccess.Sdk.Relationships",
        "PartnerAccess.Sdk.Access",
        "PartnerAccess.Sdk.Time",
        "PartnerAccess.Sdk.Audit",
        "PartnerAccess.Sdk.Customers",
    ];

    private static readonly Type[] ReadOnlyCollectionTypes =
    [
        typeof(IReadOnlyList<>), typeof(IReadOnlyCollection<>), typeof(IReadOnlyDictionary<,>), typeof(IReadOnlySet<>),
        typeof(IEnumerable<>), typeof(IAsyncEnumerable<>), typeof(ImmutableArray<>), typeof(IImmutableList<>), typeof(IImmutableDictionary<,>),
    ];

    /// <summary>The domain models and every type of ours they hold, however deep.</summary>
    public static IReadOnlyList<Type> DomainModels { get; } = FindDomainModels();

    [Fact]
    public void DomainModels_Found_IncludeTheCoreRecordsAndTheirDataTypes()
    {
        DomainModels.Select(t => t.Name).Should().Contain(["Relationship", "AccessAssignment", "AuditRecord", "AccessWindow", "RoleGrant", "ETag", "CustomerParticipant", "DelegatedAdminCustomer"]);
    }

    [Fact]
    public void DomainModels_Properties_HaveNoPublicSettersExceptInit()
    {
        var offenders = DomainModels
            .SelectMany(ShippedAssemblies.VisibleProperties)
            .Where(p => p.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
            .Select(ShippedAssemblies.Describe)
            .ToList();

        offenders.Should().BeEmpty("domain models are immutable: build changed copies with 'with'");
    }

    [Fact]
    public void DomainModels_Fields_AreReadOnlyOrConstant()
    {
        var offenders = DomainModels
            .SelectMany(ShippedAssemblies.VisibleMembers)
            .OfType<FieldInfo>()
            .Where(f => !f.IsInitOnly && !f.IsLiteral)
            .Select(ShippedAssemblies.Describe)
            .ToList();

        offenders.Should().BeEmpty();
    }

    [Fact]
    public void PublicCollectionProperties_AnyPublicType_AreReadOnlyInterfaces()
    {
        var offenders = ShippedAssemblies.PublicTypes()
            .Where(t => !OptionsGraph.Value.Contains(t))
            .SelectMany(ShippedAssemblies.VisibleProperties)
            .Where(p => IsCollection(p.PropertyType) && !IsReadOnlyCollection(p.PropertyType) && !IsServiceCollection(p.PropertyType))
            .Select(p => $"{ShippedAssemblies.Describe(p)}: {p.PropertyType}")
            .ToList();

        offenders.Should().BeEmpty("collections are handed out as IReadOnlyList/IReadOnlyCollection/IReadOnlyDictionary, never as List, Dictionary or arrays");
    }

    [Fact]
    public void PublicCollectionProperties_Found_IncludeTheRoleLists()
    {
        // Guards the check above against finding nothing at all.
        var collections = ShippedAssemblies.PublicTypes().SelectMany(ShippedAssemblies.VisibleProperties).Where(p => IsCollection(p.PropertyType)).ToList();

        collections.Should().Contain(p => p.DeclaringType!.Name == "Relationship" && p.Name == "Roles");
    }

    // Options classes, and the settings objects they hold (NotificationOptions.Recipients, say), follow the options
    // pattern: mutable, bound from configuration and set in Action<TOptions>.
    private static readonly Lazy<HashSet<Type>> OptionsGraph = new(() =>
    {
        var found = new HashSet<Type>();
        var pending = new Queue<Type>(ShippedAssemblies.PublicTypes().Where(IsOptions));
        while (pending.TryDequeue(out var type))
        {
            if (found.Add(type))
            {
                foreach (var held in ShippedAssemblies.VisibleProperties(type).Select(p => p.PropertyType)
                             .Where(t => t.IsClass && ShippedAssemblies.All.Contains(t.Assembly)))
                {
                    pending.Enqueue(held);
                }
            }
        }

        return found;
    });

    private static bool IsOptions(Type type) => type.Name.EndsWith("Options", StringComparison.Ordinal) && !type.IsValueType &&
        type.GetProperties().Any(p => p.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter));

    // IPartnerAccessBuilder.Services is the container being configured (the IHttpClientBuilder shape), not data.
    private static bool IsServiceCollection(Type type) => type.FullName == "Microsoft.Extensions.DependencyInjection.IServiceCollection";

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    private static bool IsCollection(Type type) => type != typeof(string) && (type.IsArray || typeof(IEnumerable).IsAssignableFrom(type) ||
        (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>)));

    private static bool IsReadOnlyCollection(Type type) =>
        type.IsGenericType && ReadOnlyCollectionTypes.Contains(type.GetGenericTypeDefinition());

    private static List<Type> FindDomainModels()
    {
        var core = typeof(IPartnerAccessClient).Assembly;
        var found = new HashSet<Type>();
        var pending = new Queue<Type>(ShippedAssemblies.PublicTypes(core).Where(t => DomainNamespaces.Contains(t.Namespace) && !t.IsEnum && !IsStaticClass(t) && !t.IsInterface));
        while (pending.TryDequeue(out var type))
        {
            if (!found.Add(type))
            {
                continue;
            }

            foreach (var property in ShippedAssemblies.VisibleProperties(type))
            {
                foreach (var held in Unwrap(property.PropertyType))
                {
                    if (held.Assembly == core && held.IsVisible && !held.IsEnum && !held.IsInterface && !found.Contains(held))
                    {
                        pending.Enqueue(held);
                    }
                }
            }
        }

        return found.OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
    }

    private static bool IsStaticClass(Type type) => type.IsAbstract && type.IsSealed;

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.IsArray)
        {
            return Unwrap(type.GetElementType()!);
        }

        return type.IsGenericType ? type.GetGenericArguments().SelectMany(Unwrap).Append(type.GetGenericTypeDefinition()) : [type];
    }
}
