// Schema names of the builtin operators, for messages and reports.
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>Schema names of builtin operators, for messages.</summary>
public static class OperatorNames
{
    /// <summary>The schema name (e.g. FULLY_CONNECTED, TANH) of any code the schema defines, else BUILTIN_n.</summary>
    public static string Of(BuiltinOperator code) => BuiltinOperatorNames.Of(code);

    /// <summary>The name of an operator code entry: CUSTOM 'name' for a custom operator, else the schema name.</summary>
    public static string Of(OperatorCode code) =>
        code.Code == BuiltinOperator.Custom ? $"CUSTOM '{code.CustomCode}'" : BuiltinOperatorNames.Of(code.Code);
}
