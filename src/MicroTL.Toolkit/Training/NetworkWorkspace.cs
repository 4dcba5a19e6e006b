// Per-worker scratch of a FloatNetwork: every layer's output and output gradient for up to
// Capacity samples, the softmax probabilities, and a private parameter-gradient buffer (so two
// workers can run halves of a mini-batch at once and their gradients are summed in a fixed order).
namespace MicroTL.Toolkit.Training;

internal sealed class NetworkWorkspace
{
    public NetworkWorkspace(IReadOnlyList<Layer> layers, int parameterCount, int capacity)
    {
        Capacity = capacity;
        Outputs = new float[layers.Count][];
        OutputGradients = new float[layers.Count][];
        for (int i = 0; i < layers.Count; i++)
        {
            Outputs[i] = new float[capacity * layers[i].OutputShape.Size];
            OutputGradients[i] = new float[capacity * layers[i].OutputShape.Size];
        }

        Probabilities = new float[capacity * layers[^1].OutputShape.Size];
        ParameterGradients = new float[parameterCount];
    }

    public int Capacity { get; }

    public float[][] Outputs { get; }

    public float[][] OutputGradients { get; }

    public float[] Probabilities { get; }

    public float[] ParameterGradients { get; }
}
