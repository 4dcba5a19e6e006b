using System.Text;
using MicroTL.Storage;

namespace MicroTL.Tests.Storage;

public class Crc32Tests
{
    [Fact]
    public void Compute_StandardCheckString_IsIeeeCheckValue()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0x414FA339u, Crc32.Compute(Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog")));
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Fact]
    public void Append_InPieces_EqualsWhole()
    {
        byte[] data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog");

        uint pieces = Crc32.Append(Crc32.Compute(data.AsSpan(0, 10)), data.AsSpan(10));

        Assert.Equal(Crc32.Compute(data), pieces);
    }
}
