using MicroTL.Toolkit.IO;

namespace MicroTL.Toolkit.Tests.IO;

/// <summary>
/// Runs a write sequence once per crash point: first without a loss to count its steps (bytes,
/// fsyncs, renames), then with the power lost after 0, 1, ..., all of them. The scratch directory
/// lives on a RAM file system when there is one: the loss is simulated, so real fsyncs would only
/// cost time.
/// </summary>
internal sealed class PowerLossHarness : IDisposable
{
    /// <param name="garbleTornWrite">Fill the rest of a write cut by the loss with garbage rather than leaving it out.</param>
    public PowerLossHarness(bool garbleTornWrite = false)
    {
        _garbleTornWrite = garbleTornWrite;
        string root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        Root = Path.Combine(root, "microtl-powerloss-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    private readonly bool _garbleTornWrite;

    public string Root { get; }

    /// <summary>Steps of the sequence when the power stays on.</summary>
    public long CountSteps(Action<string, PowerLoss> sequence)
    {
        string directory = FreshDirectory("count");
        var never = PowerLoss.Never();
        sequence(directory, never);
        return never.Steps;
    }

    /// <summary>Runs <paramref name="sequence"/> in a fresh directory with the power lost after <paramref name="steps"/> steps, then <paramref name="check"/> on what is left.</summary>
    public void CrashAt(long steps, Action<string, PowerLoss> sequence, Action<string> check)
    {
        string directory = FreshDirectory("crash");
        try { sequence(directory, new PowerLoss(steps, _garbleTornWrite)); }
        catch (SimulatedPowerLossException) { }
        check(directory);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private string FreshDirectory(string name)
    {
        string directory = Path.Combine(Root, name);
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        return directory;
    }
}
