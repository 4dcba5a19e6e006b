namespace MicroTL.Toolkit.Energy;

/// <summary>A device profile that cannot be used: unreadable, or a field missing, negative or not finite.</summary>
public sealed class DeviceProfileException(string message) : Exception(message);
