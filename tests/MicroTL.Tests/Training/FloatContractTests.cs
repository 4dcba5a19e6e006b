// The float contract of the training path (HeadTrainer's docs): a C99 port must reproduce its weights bit for bit, so
// no method of MicroTL.Training or MicroTL.Store calls a transcendental function of the platform's math library (they
// differ between glibc, newlib and .NET by an ulp), a fused multiply-add, or vector code whose result depends on the
// machine. The vector code it may call is the lane-wise IEEE arithmetic (+ - * / and the square root, each rounded once),
// loads, stores, broadcasts, comparisons and selects, and the lane moves of FixedOrderSum's fold; never a horizontal sum,
// a dot product, an estimate or a fused multiply-add, nor System.Numerics.Tensors (whose sums have no fixed order).
// Checked on the compiled methods' IL: every method, property, constructor and lambda of those namespaces.
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Intrinsics;
using MicroTL.Training;

namespace MicroTL.Tests.Training;

public class FloatContractTests
{
    private static readonly string[] ContractNamespaces = ["MicroTL.Training", "MicroTL.Store"];
    private static readonly HashSet<string> Transcendentals = ["Exp", "Log", "Log2", "Log10", "LogP1", "Pow", "Sin", "Cos", "Tan", "SinCos",
        "Asin", "Acos", "Atan", "Atan2", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh", "Atanh", "Cbrt", "Hypot", "FusedMultiplyAdd", "ReciprocalEstimate",
        "ReciprocalSqrtEstimate"];
    private static readonly string[] VectorNamespaces = ["System.Numerics", "System.Runtime.Intrinsics"];
    private static readonly HashSet<string> VectorTypes = ["System.Runtime.Intrinsics.Vector128", "System.Runtime.Intrinsics.Vector256",
        "System.Runtime.Intrinsics.Vector128`1", "System.Runtime.Intrinsics.Vector256`1"];
    private static readonly HashSet<string> AllowedVectorMethods = ["op_Addition", "op_Subtraction", "op_Multiply", "op_Division", "Sqrt",
        "Create", "get_Zero", "LoadUnsafe", "StoreUnsafe", "GreaterThan", "ConditionalSelect", "GetLower", "GetUpper", "Shuffle", "ToScalar",
        "GetElement", "get_IsHardwareAccelerated"];

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    [Fact]
    public void TrainingPath_CallsNoPlatformMathAndOnlyLaneWiseVectorCode()
    {
        var found = new List<string>();
        foreach ((MethodBase caller, MethodBase callee) in Calls())
        {
            if (!Allowed(callee)) found.Add($"{caller.DeclaringType?.Name}.{caller.Name} calls {callee.DeclaringType?.FullName}.{callee.Name}");
        }

        Assert.True(found.Count == 0, string.Join("\n", found.Distinct()));
    }

    [Theory]
    [InlineData(typeof(Vector256), "Sum")]
    [InlineData(typeof(Vector256), "Dot")]
    [InlineData(typeof(Vector256), "FusedMultiplyAdd")]
    [InlineData(typeof(Vector128), "MultiplyAddEstimate")]
    [InlineData(typeof(Vector256), "Exp")]
    [InlineData(typeof(System.Runtime.Intrinsics.X86.Fma), "MultiplyAdd")]
    [InlineData(typeof(System.Runtime.Intrinsics.X86.Avx), "HorizontalAdd")]
    [InlineData(typeof(System.Numerics.Vector), "Sum")]
    [InlineData(typeof(MathF), "Exp")]
    [InlineData(typeof(MathF), "FusedMultiplyAdd")]
    public void Allowed_AReductionEstimateFusedMultiplyAddOrTranscendental_IsRefused(Type type, string name)
    {
        MethodInfo method = type.GetMethods().First(m => m.Name == name);

        Assert.False(Allowed(method), $"{type.FullName}.{name}");
    }

    [Theory]
    [InlineData("op_Addition")]
    [InlineData("op_Multiply")]
    [InlineData("Sqrt")]
    [InlineData("ConditionalSelect")]
    public void Allowed_LaneWiseVectorArithmetic_IsAccepted(string name)
    {
        MethodInfo method = typeof(Vector256).GetMethods().Concat(typeof(Vector256<float>).GetMethods()).First(m => m.Name == name);

        Assert.True(Allowed(method), name);
    }

    private static bool Allowed(MethodBase callee)
    {
        string type = callee.DeclaringType?.FullName ?? "";
        if ((type == "System.Math" || type == "System.MathF") && Transcendentals.Contains(callee.Name)) return false;
        if (type == "System.Numerics.BitOperations") return true;
        if (!VectorNamespaces.Any(ns => type.StartsWith(ns + ".", StringComparison.Ordinal))) return true;
        string definition = callee.DeclaringType!.IsGenericType ? callee.DeclaringType.GetGenericTypeDefinition().FullName! : type;
        return VectorTypes.Contains(definition) && AllowedVectorMethods.Contains(callee.Name);
    }

    [Fact]
    public void Calls_OfTheTrainingPath_SeeDeviceMathTheSquareRootAndTheVectorLanes()
    {
        // The scan reads what it should: the loss calls DeviceMath, which takes the IEEE root (allowed: exact everywhere).
        List<(MethodBase Caller, MethodBase Callee)> calls = [.. Calls()];

        Assert.Contains(calls, c => c.Caller.DeclaringType == typeof(SoftmaxCrossEntropy) && c.Callee.Name == nameof(DeviceMath.Exp));
        Assert.Contains(calls, c => c.Caller.DeclaringType == typeof(DeviceMath) && c.Callee.DeclaringType == typeof(MathF) && c.Callee.Name == "Sqrt");
        // and the vector lanes' arithmetic (MicroTL.Training's 256-bit lanes add Vector256<float>s).
        Assert.Contains(calls, c => c.Callee.DeclaringType == typeof(Vector256<float>) && c.Callee.Name == "op_Addition");
        Assert.Contains(calls, c => c.Callee.DeclaringType == typeof(Vector128) && c.Callee.Name == "Shuffle");
    }

    private static IEnumerable<(MethodBase Caller, MethodBase Callee)> Calls()
    {
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (Type type in typeof(DeviceMath).Assembly.GetTypes())
        {
            Type outer = type;
            while (outer.DeclaringType is { } d) outer = d;
            if (!ContractNamespaces.Contains(outer.Namespace)) continue;
            foreach (MethodBase method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
                foreach (MethodBase callee in Callees(method))
                    yield return (method, callee);
        }
    }

    private static IEnumerable<MethodBase> Callees(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int at = 0; at < il.Length;)
        {
            OpCode op = OpCodesByValue[il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at]];
            at += op.Size;
            if (op.OperandType == OperandType.InlineMethod
                && method.Module.ResolveMethod(BitConverter.ToInt32(il, at), typeArguments, methodArguments) is { } callee)
                yield return callee;
            at += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
                _ => 4,
            };
        }
    }
}
