// A model as C: the header and source the generator wrote, with the C# plan they follow.
using MicroTL.Runtime;

namespace MicroTL.Firmware.Generation;

/// <summary>
/// The C of one model (<c>model.h</c>, <c>model.c</c>): its constant tensors in flash, its tensor and operator
/// tables and the arena layout of the C# plan, for the interpreter of <c>Runtime/interpreter</c>.
/// </summary>
/// <param name="Symbol">The C name: the model is <c>mtl_model_&lt;Symbol&gt;</c>.</param>
/// <param name="Identity">The model file it was made from.</param>
/// <param name="HeaderText">The text of <see cref="HeaderFileName"/>.</param>
/// <param name="SourceText">The text of <see cref="SourceFileName"/>.</param>
/// <param name="Plan">The C# interpreter's arena plan the C follows.</param>
/// <param name="InputTensors">Tensor indices of the graph inputs, in order.</param>
/// <param name="OutputTensors">Tensor indices of the graph outputs, in order.</param>
/// <param name="InputBytes">Bytes of all graph inputs together (one case of the model runner's <c>inputs.bin</c>).</param>
/// <param name="OperatorCount">Operators in execution order.</param>
/// <param name="MacsPerInference">Multiply-accumulates of one inference, as the C# engine counts them.</param>
public sealed record GeneratedModel(
    string Symbol, ModelIdentity Identity, string HeaderText, string SourceText, ArenaPlan Plan,
    IReadOnlyList<int> InputTensors, IReadOnlyList<int> OutputTensors, int InputBytes, int OperatorCount, long MacsPerInference)
{
    /// <summary>File name of the generated header.</summary>
    public const string HeaderFileName = "model.h";

    /// <summary>File name of the generated source.</summary>
    public const string SourceFileName = "model.c";

    /// <summary>The arena the C interpreter needs: the C# plan's <see cref="ArenaPlan.TotalBytes"/>.</summary>
    public long ArenaBytes => Plan.TotalBytes;

    /// <summary>Writes <see cref="HeaderFileName"/> and <see cref="SourceFileName"/> into <paramref name="directory"/> (created if needed); returns the source's path.</summary>
    public string WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, HeaderFileName), HeaderText);
        string source = Path.Combine(directory, SourceFileName);
        File.WriteAllText(source, SourceText);
        return Path.GetFullPath(source);
    }
}
