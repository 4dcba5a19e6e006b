using MicroTL.Storage;

namespace MicroTL.Tests.Storage;

/// <summary>What happens at the fault.</summary>
internal enum FlashFault
{
    /// <summary>The power goes: the faulting call and every later one throw <see cref="PowerCutException"/>.</summary>
    PowerCut,

    /// <summary>The faulting call fails with an <see cref="IOException"/> (disk full, a bad write); the medium works again afterwards.</summary>
    WriteError,
}

/// <summary>Thrown where the simulated power went; nothing after it runs, as after a real loss.</summary>
internal sealed class PowerCutException() : IOException("simulated power cut");

/// <summary>
/// A <see cref="RamFlashMedium"/> that fails after a number of steps: each programmed byte is one
/// step, each erase block one, each sync one. A fault during a program leaves the bytes before it
/// programmed and the rest erased, or garbled (a half-programmed page); during an erase, the
/// earlier blocks erased and the faulting block untouched, or garbled; at a sync, nothing synced.
/// Running a sequence with no fault (<see cref="Counting"/>) gives <see cref="Steps"/>, the number
/// of fault points; a fault after 0, 1, ..., all of them covers every byte, erase and sync.
/// </summary>
internal sealed class FaultInjectingFlashMedium(RamFlashMedium inner, long stepsBeforeFault, FlashFault fault = FlashFault.PowerCut, bool garble = false)
    : IFlashMedium
{
    private bool _powerOff;

    /// <summary>A medium that never fails and counts the steps of what runs on it.</summary>
    public static FaultInjectingFlashMedium Counting(RamFlashMedium inner) => new(inner, long.MaxValue);

    /// <summary>Steps done so far.</summary>
    public long Steps { get; private set; }

    /// <summary>True once the fault has happened.</summary>
    public bool Faulted { get; private set; }

    public string Name => inner.Name;

    public int SizeBytes => inner.SizeBytes;

    public int EraseBlockBytes => inner.EraseBlockBytes;

    public int ProgramUnitBytes => inner.ProgramUnitBytes;

    public void Read(int address, Span<byte> destination)
    {
        ThrowIfOff();
        inner.Read(address, destination);
    }

    public void Program(int address, ReadOnlySpan<byte> source)
    {
        ThrowIfOff();
        FlashRange.CheckProgram(inner, address, source.Length);
        int room = Take(source.Length);
        if (room == source.Length)
        {
            inner.Program(address, source);
            return;
        }

        // The program is legal (checked above) but cut: its first bytes land, the rest stays erased or is garbled.
        source[..room].CopyTo(inner.Bytes.Slice(address, room));
        if (garble) Garbage(inner.Bytes.Slice(address + room, source.Length - room));
        Fail();
    }

    public void Erase(int address, int lengthBytes)
    {
        ThrowIfOff();
        FlashRange.CheckErase(inner, address, lengthBytes);
        for (int block = address; block < address + lengthBytes; block += EraseBlockBytes)
        {
            if (Take(1) == 0)
            {
                if (garble) Garbage(inner.Bytes.Slice(block, EraseBlockBytes));
                Fail();
            }
            inner.Erase(block, EraseBlockBytes);
        }
    }

    public void Sync()
    {
        ThrowIfOff();
        if (Take(1) == 0) Fail();
        inner.Sync();
    }

    private int Take(int wanted)
    {
        if (Faulted) return wanted; // a write error happens once; the medium works again afterwards
        int granted = (int)Math.Min(wanted, Math.Max(0, stepsBeforeFault - Steps));
        Steps += granted;
        return granted;
    }

    private void Fail()
    {
        Faulted = true;
        if (fault == FlashFault.PowerCut)
        {
            _powerOff = true;
            throw new PowerCutException();
        }
        throw new IOException($"simulated write error after {Steps} steps");
    }

    private void ThrowIfOff()
    {
        if (_powerOff) throw new PowerCutException();
    }

    private void Garbage(Span<byte> bytes) => new Random((int)Steps).NextBytes(bytes);
}
