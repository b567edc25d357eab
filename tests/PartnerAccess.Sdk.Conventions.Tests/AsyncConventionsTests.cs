using System.Reflection;

namespace PartnerAccess.Sdk.Conventions.Tests;

/// <summary>Every public async method can be cancelled, with the token in the same place everywhere.</summary>
public sealed class AsyncConventionsTests
{
    [Theory]
    [MemberData(nameof(ShippedAssemblies.Names), MemberType = typeof(ShippedAssemblies))]
    public void PublicAsyncMethods_AnyAssembly_TakeACancellationTokenLast(string assembly)
    {
        var offenders = ShippedAssemblies.PublicTypes(ShippedAssemblies.Named(assembly))
            .SelectMany(ShippedAssemblies.VisibleMethods)
            .Where(m => IsAsync(m.ReturnType) && !IsExempt(m))
            .Where(m => m.GetParameters() is not [.., { } last] || last.ParameterType != typeof(CancellationToken))
            .Select(m => $"{ShippedAssemblies.Describe(m)}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})")
            .ToList();

        offenders.Should().BeEmpty("public async methods end with CancellationToken cancellationToken = default");
    }

    [Fact]
    public void PublicAsyncMethods_Core_ExistAndAreFound()
    {
        // Guards the check above against finding nothing at all.
        var found = ShippedAssemblies.VisibleMethods(typeof(IPartnerAccessClient)).Count(m => IsAsync(m.ReturnType));

        found.Should().BeGreaterThan(10);
    }

    private static bool IsAsync(Type type)
    {
        if (type == typeof(Task) || type == typeof(ValueTask))
        {
            return true;
        }

        if (!type.IsGenericType)
        {
            return false;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(Task<>) || definition == typeof(ValueTask<>) || definition == typeof(IAsyncEnumerable<>);
    }

    // IAsyncDisposable.DisposeAsync has a fixed, parameterless signature.
    private static bool IsExempt(MethodInfo method) => method.Name == nameof(IAsyncDisposable.DisposeAsync) && method.GetParameters().Length == 0;
}
