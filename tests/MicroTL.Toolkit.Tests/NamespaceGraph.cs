// Which namespaces of an assembly use which: every type defined in the assembly, its signatures (base type,
// interfaces, fields, properties, method parameters and returns) and every type, method and field token its
// method bodies load (so a static call or a `new` counts, not only what a signature shows). Compiler-generated
// closures and state machines are nested types: they count for the namespace of the type that holds them.
using System.Reflection;
using System.Reflection.Emit;

namespace MicroTL.Toolkit.Tests;

internal static class NamespaceGraph
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>For each namespace of <paramref name="assembly"/> under <paramref name="prefix"/>, the other such namespaces it references.</summary>
    public static Dictionary<string, HashSet<string>> Of(Assembly assembly, string prefix)
    {
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (Type type in assembly.GetTypes())
        {
            string? from = NamespaceOf(type);
            if (from is null || !from.StartsWith(prefix, StringComparison.Ordinal)) continue;
            if (!edges.TryGetValue(from, out HashSet<string>? targets)) edges[from] = targets = new HashSet<string>(StringComparer.Ordinal);
            foreach (Type used in UsedTypes(type))
                if (used.Assembly == assembly && NamespaceOf(used) is { } to && to != from && to.StartsWith(prefix, StringComparison.Ordinal))
                    targets.Add(to);
        }

        return edges;
    }

    /// <summary>A cycle of the graph as a path "A -> B -> A", or null when there is none.</summary>
    public static string? FindCycle(Dictionary<string, HashSet<string>> edges)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the current path, 2 done
        var path = new List<string>();
        foreach (string start in edges.Keys.Order(StringComparer.Ordinal))
            if (Visit(start) is { } cycle) return cycle;
        return null;

        string? Visit(string node)
        {
            if (state.GetValueOrDefault(node) == 2) return null;
            if (state.GetValueOrDefault(node) == 1) return string.Join(" -> ", path.SkipWhile(n => n != node).Append(node));
            state[node] = 1;
            path.Add(node);
            foreach (string next in edges.GetValueOrDefault(node, []).Order(StringComparer.Ordinal))
                if (Visit(next) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
    }

    private static string? NamespaceOf(Type type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        return type.Namespace;
    }

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        var used = new List<Type>();
        if (type.BaseType is { } baseType) used.Add(baseType);
        used.AddRange(type.GetInterfaces());
        foreach (FieldInfo f in type.GetFields(Declared)) used.Add(f.FieldType);
        foreach (PropertyInfo p in type.GetProperties(Declared)) used.Add(p.PropertyType);
        foreach (MethodBase m in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (m is MethodInfo mi) used.Add(mi.ReturnType);
            used.AddRange(m.GetParameters().Select(p => p.ParameterType));
            used.AddRange(BodyReferences(m));
        }

        return used.SelectMany(Expand);
    }

    /// <summary>A type with its element type and generic arguments, recursively.</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType) return Expand(type.GetElementType()!);
        if (type.IsGenericParameter) return [];
        return type.IsGenericType ? type.GetGenericArguments().SelectMany(Expand).Prepend(type.GetGenericTypeDefinition()) : [type];
    }

    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int at = 0; at < il.Length;)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            OpCode op = OpCodesByValue[value];
            at += op.Size;
            int operand = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                MemberInfo? member = Resolve(method.Module, BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                if (member is Type type) yield return type;
                else if (member is not null)
                {
                    if (member.DeclaringType is { } declaring) yield return declaring;
                    if (member is FieldInfo field) yield return field.FieldType;
                }
            }

            at += operand;
        }
    }

    private static MemberInfo? Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        try { return module.ResolveMember(token, typeArguments, methodArguments); }
        catch (ArgumentException) { return null; } // a member of another assembly's generic instantiation that does not resolve: not ours
    }
}
