namespace MicroTL.Session;

/// <summary>
/// The data or settings given to a transfer run cannot be used with this model (a sample of the wrong size or
/// label, a non-finite input, one class only, a class too small for the validation split): the caller's input is
/// wrong, not the library. An <see cref="ArgumentException"/>, so callers that catch those keep working.
/// </summary>
/// <param name="message">What is wrong, naming the set, sample, value or class and the counts.</param>
public sealed class TransferDataException(string message) : ArgumentException(message);
