namespace MicroTL.Toolkit.IO;

/// <summary>
/// Test seam for <see cref="AtomicFile"/>, the host's durable file writer: counts the steps of a
/// write sequence (each byte that reaches the file, each fsync and each rename) and simulates a
/// power loss once <c>stepsBeforeLoss</c> steps are done: the bytes written so far stay in the
/// file, nothing after happens. (The device's flash storage has its own fault-injecting medium in
/// the tests, behind <c>MicroTL.Storage.IFlashMedium</c>.)
/// </summary>
/// <remarks>
/// Running a sequence with no loss (<see cref="Never"/>) gives <see cref="Steps"/>, the number of
/// crash points; a loss at every step from 0 to that number covers every byte offset and every
/// boundary. The writer takes it as an optional internal argument, so production code pays a null check.
/// With <c>garbleTornWrite</c>, the rest of the write cut by the loss is filled with pseudo-random
/// bytes instead of being left out: a half-written disk sector.
/// </remarks>
internal sealed class PowerLoss(long stepsBeforeLoss, bool garbleTornWrite = false)
{
    /// <summary>A sequence that never loses power; it still counts its steps.</summary>
    public static PowerLoss Never() => new(long.MaxValue);

    private bool GarbleTornWrite { get; } = garbleTornWrite;

    /// <summary>Steps done so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Writes <paramref name="bytes"/>, or only those that fit before the loss and then throws.</summary>
    public static void Write(PowerLoss? loss, Stream stream, ReadOnlySpan<byte> bytes)
    {
        int room = loss is null ? bytes.Length : loss.Take(bytes.Length);
        stream.Write(bytes[..room]);
        if (room < bytes.Length)
        {
            if (loss!.GarbleTornWrite) stream.Write(Garbage(bytes.Length - room));
            stream.Flush(); // what reached the OS before the loss stays in the file
            throw new SimulatedPowerLossException();
        }
    }

    /// <summary>A boundary (fsync, rename, directory sync): one step, and the loss may fall just before it.</summary>
    public static void Boundary(PowerLoss? loss)
    {
        if (loss is not null && loss.Take(1) == 0) throw new SimulatedPowerLossException();
    }

    private static byte[] Garbage(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }

    private int Take(int wanted)
    {
        int granted = (int)Math.Min(wanted, Math.Max(0, stepsBeforeLoss - Steps));
        Steps += granted;
        return granted;
    }
}

/// <summary>Thrown by <see cref="PowerLoss"/> where the power went; cleanup code lets it pass untouched, as a real loss would.</summary>
internal sealed class SimulatedPowerLossException() : IOException("simulated power loss");
