namespace MicroTL.Training;

/// <summary>
/// Where each tensor of the head lives in its single float buffer. The buffer is a sequence of
/// blocks of <see cref="Count"/> floats: block 0 the parameters, blocks 1.. the optimizer's state
/// (SGD: velocity; Adam: m then v). No block holds gradients: the trainer applies each row's update
/// as soon as its gradient is computed (<see cref="FloatHead.TrainStep"/>). Inside every block the
/// tensors sit in the same order, TFLite FULLY_CONNECTED layout (weights <c>[out, in]</c> row-major):
/// <code>
/// W1 [H, I] | b1 [H] | W2 [C, H] | b2 [C]
/// </code>
/// so a tensor's state is found at the same offset plus <c>block * Count</c>, and so is its gradient in a
/// gradient buffer of P floats (<see cref="FloatHead.Backward"/>).
/// </summary>
public readonly record struct ParameterLayout
{
    /// <summary>Creates the layout of one block for a head shape.</summary>
    public ParameterLayout(HeadShape shape)
    {
        shape.Validate();
        Shape = shape;
        W1Offset = 0;
        B1Offset = shape.Hidden * shape.Inputs;
        W2Offset = B1Offset + shape.Hidden;
        B2Offset = W2Offset + shape.Classes * shape.Hidden;
        Count = B2Offset + shape.Classes;
    }

    /// <summary>The head shape the layout was made for.</summary>
    public HeadShape Shape { get; }

    /// <summary>Offset of W1 <c>[H, I]</c> in a block (always 0).</summary>
    public int W1Offset { get; }

    /// <summary>Offset of b1 <c>[H]</c>: <c>H*I</c>.</summary>
    public int B1Offset { get; }

    /// <summary>Offset of W2 <c>[C, H]</c>: <c>H*I + H</c>.</summary>
    public int W2Offset { get; }

    /// <summary>Offset of b2 <c>[C]</c>: <c>H*I + H + C*H</c>.</summary>
    public int B2Offset { get; }

    /// <summary>Floats in one block: <c>P = H*I + H + C*H + C</c>.</summary>
    public int Count { get; }

    /// <summary>Length of W1: <c>H*I</c>.</summary>
    public int W1Length => B1Offset;

    /// <summary>Length of b1: <c>H</c>.</summary>
    public int B1Length => Shape.Hidden;

    /// <summary>Length of W2: <c>C*H</c>.</summary>
    public int W2Length => B2Offset - W2Offset;

    /// <summary>Length of b2: <c>C</c>.</summary>
    public int B2Length => Shape.Classes;

    /// <summary>Floats of the whole buffer: <c>(1 + stateSlots) * P</c>.</summary>
    public int BufferLength(int stateSlots) => (1 + stateSlots) * Count;
}
