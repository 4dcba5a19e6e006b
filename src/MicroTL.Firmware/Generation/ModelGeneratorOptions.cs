// Settings of one generated model; the generated header comment lists them.
using MicroTL.Runtime;

namespace MicroTL.Firmware.Generation;

/// <summary>Options of <see cref="ModelCodeGenerator.Generate"/>.</summary>
public sealed record ModelGeneratorOptions
{
    /// <summary>
    /// The C name of the model: the generated <c>mtl_model</c> is <c>mtl_model_&lt;Symbol&gt;</c>. Null (the default):
    /// the model's file name without extension, made an identifier (<see cref="CSyntax.Identifier"/>).
    /// </summary>
    public string? Symbol { get; init; }

    /// <summary>
    /// The options the C# interpreter plans the arena with; the C uses its plan. <see cref="InterpreterOptions.PreserveAllTensors"/>
    /// gives every tensor its own slice (every activation readable after a run), at the cost of more arena.
    /// </summary>
    public InterpreterOptions Interpreter { get; init; } = InterpreterOptions.Default;
}
