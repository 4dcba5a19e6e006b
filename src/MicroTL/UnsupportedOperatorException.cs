namespace MicroTL;

/// <summary>
/// A well-formed model with an operator the engine does not run: its code (TANH, a CUSTOM operator) or its
/// combination of tensor types. The message names the operator's index and schema name; <c>microtl inspect</c>
/// still describes such a model and marks the operator.
/// </summary>
public sealed class UnsupportedOperatorException : InvalidModelException
{
    /// <summary>Creates the exception for operator <paramref name="operatorIndex"/> of subgraph 0.</summary>
    /// <param name="operatorIndex">Index of the operator in subgraph 0.</param>
    /// <param name="operatorName">Its schema name.</param>
    /// <param name="detail">What the engine lacks, without the operator's index and name (for listings).</param>
    /// <param name="message">The whole message: index, name, detail and what the engine does run.</param>
    public UnsupportedOperatorException(int operatorIndex, string operatorName, string detail, string message) : base(message)
    {
        OperatorIndex = operatorIndex;
        OperatorName = operatorName;
        Detail = detail;
    }

    /// <summary>Index of the operator in subgraph 0.</summary>
    public int OperatorIndex { get; }

    /// <summary>Schema name of the operator (TANH), or CUSTOM 'name'.</summary>
    public string OperatorName { get; }

    /// <summary>What the engine lacks ("no kernel for TANH", or the type combination), for listings.</summary>
    public string Detail { get; }
}
