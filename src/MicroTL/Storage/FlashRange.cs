using System.Diagnostics.CodeAnalysis;

namespace MicroTL.Storage;

/// <summary>
/// The argument checks every <see cref="IFlashMedium"/> makes, with one wording: range inside the
/// region, program alignment, whole erase blocks, programming onto erased bytes only.
/// </summary>
public static class FlashRange
{
    /// <summary>Throws unless [address, address + length) lies inside the medium.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the region.</exception>
    public static void CheckInside(IFlashMedium medium, int address, int lengthBytes, string operation)
    {
        if (address < 0 || lengthBytes < 0 || (long)address + lengthBytes > medium.SizeBytes)
            throw new ArgumentOutOfRangeException(nameof(address), address,
                $"{medium.Name}: cannot {operation} {lengthBytes} bytes at address {address}: the medium holds {medium.SizeBytes} bytes.");
    }

    /// <summary>Throws unless the range is inside the medium and made of whole, aligned program units.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the region or not aligned.</exception>
    public static void CheckProgram(IFlashMedium medium, int address, int lengthBytes)
    {
        CheckInside(medium, address, lengthBytes, "program");
        int unit = medium.ProgramUnitBytes;
        if (address % unit != 0 || lengthBytes % unit != 0)
            throw new ArgumentOutOfRangeException(nameof(address), address,
                $"{medium.Name}: cannot program {lengthBytes} bytes at address {address}: programs are whole {unit}-byte units at {unit}-byte aligned addresses.");
    }

    /// <summary>Throws unless the range is inside the medium and made of whole, aligned erase blocks.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the region or not whole blocks.</exception>
    public static void CheckErase(IFlashMedium medium, int address, int lengthBytes)
    {
        CheckInside(medium, address, lengthBytes, "erase");
        int block = medium.EraseBlockBytes;
        if (address % block != 0 || lengthBytes % block != 0)
            throw new ArgumentOutOfRangeException(nameof(address), address,
                $"{medium.Name}: cannot erase {lengthBytes} bytes at address {address}: erases are whole {block}-byte blocks at block boundaries.");
    }

    /// <summary>Throws the error of a program onto a byte that is not erased.</summary>
    /// <exception cref="InvalidOperationException">Always.</exception>
    [DoesNotReturn]
    public static void ThrowNotErased(IFlashMedium medium, int address, byte value) =>
        throw new InvalidOperationException(
            $"{medium.Name}: cannot program address {address}: it holds 0x{value:X2}, not erased (0xFF); NOR flash programs only erased bytes, erase its block first.");
}
