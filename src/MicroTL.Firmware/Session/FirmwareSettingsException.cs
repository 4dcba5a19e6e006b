namespace MicroTL.Firmware.Session;

/// <summary>
/// A transfer setting the firmware's C runtime does not run (issue 13's head features and on-device augmentation): refused
/// before anything is written, never run differently from the C# engine.
/// </summary>
public sealed class FirmwareSettingsException : Exception
{
    /// <summary>Creates the exception for <paramref name="setting"/>.</summary>
    public FirmwareSettingsException(string setting, string message, string hint) : base(message)
    {
        Setting = setting;
        Hint = hint;
    }

    /// <summary>The setting, as the command line spells it (e.g. <c>--augment</c>).</summary>
    public string Setting { get; }

    /// <summary>What to do instead.</summary>
    public string Hint { get; }
}
