using System.Reflection;

namespace PartnerAccess.Sdk.Conventions.Tests;

/// <summary>The compiler's documentation ids (<c>T:</c>, <c>M:</c>, <c>P:</c>, <c>F:</c>, <c>E:</c>) computed by reflection.</summary>
public static class XmlDocIds
{
    public static string Of(Type type) => "T:" + TypeName(type);

    public static string Of(MemberInfo member) => member switch
    {
        Type type => Of(type),
        ConstructorInfo ctor => "M:" + TypeName(ctor.DeclaringType!) + ".#ctor" + Parameters(ctor.GetParameters()),
        MethodInfo method => "M:" + TypeName(method.DeclaringType!) + "." + method.Name.Replace('.', '#')
            + (method.IsGenericMethod ? "``" + method.GetGenericArguments().Length : string.Empty)
            + Parameters(method.GetParameters())
            + (method.Name is "op_Implicit" or "op_Explicit" ? "~" + ParameterType(method.ReturnType) : string.Empty),
        PropertyInfo property => "P:" + TypeName(property.DeclaringType!) + "." + property.Name.Replace('.', '#') + Parameters(property.GetIndexParameters()),
        FieldInfo field => "F:" + TypeName(field.DeclaringType!) + "." + field.Name,
        EventInfo @event => "E:" + TypeName(@event.DeclaringType!) + "." + @event.Name,
        _ => throw new ArgumentOutOfRangeException(nameof(member), member, "Unsupported member kind."),
    };

    private static string TypeName(Type type) => type.IsNested
        ? TypeName(type.DeclaringType!) + "." + type.Name
        : (string.IsNullOrEmpty(type.Namespace) ? string.Empty : type.Namespace + ".") + type.Name;

    private static string Parameters(ParameterInfo[] parameters) =>
        parameters.Length == 0 ? string.Empty : "(" + string.Join(",", parameters.Select(p => ParameterType(p.ParameterType))) + ")";

    private static string ParameterType(Type type)
    {
        if (type.IsByRef)
        {
            return ParameterType(type.GetElementType()!) + "@";
        }

        if (type.IsArray)
        {
            var rank = type.GetArrayRank();
            return ParameterType(type.GetElementType()!) + (rank == 1 ? "[]" : "[" + string.Join(",", Enumerable.Repeat("0:", rank)) + "]");
        }

        if (type.IsPointer)
        {
            return ParameterType(type.GetElementType()!) + "*";
        }

        if (type.IsGenericParameter)
        {
            return (type.DeclaringMethod is null ? "`" : "``") + type.GenericParameterPosition;
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var name = TypeName(definition);
            var tick = name.LastIndexOf('`');
            return (tick >= 0 ? name[..tick] : name) + "{" + string.Join(",", type.GetGenericArguments().Select(ParameterType)) + "}";
        }

        return TypeName(type);
    }
}
