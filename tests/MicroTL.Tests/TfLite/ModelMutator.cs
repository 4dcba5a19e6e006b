// Deterministic mutants of a model file for the reader's fuzz test. Each mutant is a pure
// function of (file, seed), and its description says exactly what was changed, so a failure
// can be replayed from the test output alone.
using System.Buffers.Binary;

namespace MicroTL.Tests.TfLite;

/// <summary>Produces seeded mutants: bit flips, random bytes, truncation, extreme 16/32-bit values, copied, inserted and zeroed ranges.</summary>
internal sealed class ModelMutator
{
    /// <summary>Values that break offsets, lengths and counts in interesting ways.</summary>
    private static readonly uint[] Extreme32 = [0x7FFFFFFF, 0xFFFFFFFF, 0x80000000, 0, 1, 0xFFFF, 0x10000, 0xFFFFFFFC, 0x7FFFFFFC];

    private static readonly ushort[] Extreme16 = [0, 1, 2, 4, 0x7FFF, 0x8000, 0xFFFF, 0xFFFE];

    private readonly byte[] _original;
    private readonly int[] _metadataPositions;

    /// <summary>Prepares mutants of <paramref name="original"/>.</summary>
    /// <param name="original">The model file.</param>
    /// <param name="isConstantData">Which bytes are tensor data; mutations favour the other bytes, where the structure lives.</param>
    public ModelMutator(byte[] original, Func<int, bool> isConstantData)
    {
        _original = original;
        _metadataPositions = [.. Enumerable.Range(0, original.Length).Where(i => !isConstantData(i))];
    }

    /// <summary>Builds mutant <paramref name="seed"/>.</summary>
    public (byte[] Bytes, string Description) Mutate(int seed)
    {
        var random = new Random(seed);
        byte[] bytes = (byte[])_original.Clone();
        int length = bytes.Length;
        switch (random.Next(8))
        {
            case 0:
            {
                int flips = random.Next(1, 9);
                var where = new List<string>();
                for (int i = 0; i < flips; i++)
                {
                    int pos = Position(random);
                    byte mask = (byte)random.Next(1, 256);
                    bytes[pos] ^= mask;
                    where.Add($"{pos}^0x{mask:X2}");
                }

                return (bytes, $"flip bytes {string.Join(", ", where)}");
            }

            case 1:
            {
                int pos = Position(random), count = Math.Min(random.Next(1, 17), length - pos);
                random.NextBytes(bytes.AsSpan(pos, count));
                return (bytes, $"random bytes [{pos}, {pos + count})");
            }

            case 2:
            {
                int cut = random.Next(length);
                return (bytes[..cut], $"truncate to {cut} bytes");
            }

            case 3:
            {
                int pos = Position(random) & ~3;
                if (pos + 4 > length) pos = length - 4 & ~3;
                uint value = random.Next(4) == 0 ? (uint)(length + random.Next(-8, 9)) : Extreme32[random.Next(Extreme32.Length)];
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(pos), value);
                return (bytes, $"put uint32 0x{value:X8} at {pos}");
            }

            case 4:
            {
                int pos = Position(random) & ~1;
                if (pos + 2 > length) pos = length - 2 & ~1;
                ushort value = Extreme16[random.Next(Extreme16.Length)];
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(pos), value);
                return (bytes, $"put uint16 0x{value:X4} at {pos}");
            }

            case 5:
            {
                int from = Position(random), to = Position(random);
                int count = Math.Min(random.Next(1, 65), Math.Min(length - from, length - to));
                Array.Copy(_original, from, bytes, to, count);
                return (bytes, $"copy {count} bytes from {from} over {to}");
            }

            case 6:
            {
                int from = Position(random), to = Position(random);
                int count = Math.Min(random.Next(1, 33), length - from);
                byte[] inserted = [.. bytes.AsSpan(0, to), .. bytes.AsSpan(from, count), .. bytes.AsSpan(to)];
                return (inserted, $"insert copy of [{from}, {from + count}) at {to}");
            }

            default:
            {
                int pos = Position(random), count = Math.Min(random.Next(1, 65), length - pos);
                bytes.AsSpan(pos, count).Clear();
                return (bytes, $"zero [{pos}, {pos + count})");
            }
        }
    }

    /// <summary>A byte position: three times in four in the structure, else anywhere.</summary>
    private int Position(Random random) =>
        random.Next(4) != 0 && _metadataPositions.Length > 0
            ? _metadataPositions[random.Next(_metadataPositions.Length)]
            : random.Next(_original.Length);
}
