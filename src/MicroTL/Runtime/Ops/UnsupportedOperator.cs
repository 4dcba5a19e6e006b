// The stand-in for an operator the engine lacks, when a model is only described (InterpreterOptions.AllowUnsupportedOperators):
// it reserves nothing and refuses to run, so the plan counts the operators that do run.
namespace MicroTL.Runtime.Ops;

/// <summary>An operator the engine does not run, kept in the list so the model can still be described.</summary>
public sealed class UnsupportedOperator : PreparedOperator
{
    internal UnsupportedOperator(PrepareContext context, UnsupportedOperatorException reason) : base(context)
    {
        Name = context.Name;
        Reason = reason.Detail;
        Message = reason.Message;
    }

    /// <summary>Schema name of the operator (TANH), or CUSTOM 'name'.</summary>
    public string Name { get; }

    /// <summary>Why it does not run, short: "no kernel for TANH", or the type combination it lacks.</summary>
    public string Reason { get; }

    /// <summary>The whole refusal, as <see cref="Interpreter"/> would throw it: op index, name, reason, what runs.</summary>
    public string Message { get; }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Always: the interpreter was built only to describe the model.</exception>
    public override void Eval(TensorStorage tensors) =>
        throw new InvalidOperationException($"{Message}; the interpreter was built with AllowUnsupportedOperators, to describe the model only");
}
