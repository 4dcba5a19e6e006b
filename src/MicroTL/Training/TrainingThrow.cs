using System.Diagnostics.CodeAnalysis;

namespace MicroTL.Training;

/// <summary>Cold throw paths, kept out of the methods that call them so those stay small.</summary>
internal static class TrainingThrow
{
    [DoesNotReturn]
    public static void Argument(string name, string message) => throw new ArgumentException(message, name);

    [DoesNotReturn]
    public static void OutOfRange(string name, string message) => throw new ArgumentOutOfRangeException(name, message);

    [DoesNotReturn]
    public static void InvalidOperation(string message) => throw new InvalidOperationException(message);
}
