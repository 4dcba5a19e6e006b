namespace MicroTL.Toolkit.Experiments;

/// <summary>What a transfer run asks of the device and of the cloud alternative, for the energy cost model.</summary>
/// <param name="Samples">Labelled samples collected on the device.</param>
/// <param name="RawBytesPerSample">Bytes of one raw labelled sample as the device would upload it (WISDM 2401, MNIST 785; see <see cref="ExperimentData.RawBytesPerSample"/>).</param>
/// <param name="CloudTrainHostSeconds">Host wall-clock seconds of training the cloud-scratch model.</param>
/// <param name="CloudModelBytes">Bytes of the cloud-scratch int8 .tflite.</param>
/// <param name="DeployedModelBytes">Bytes of the adapted model file.</param>
public sealed record Workload(int Samples, int RawBytesPerSample, double CloudTrainHostSeconds, int CloudModelBytes, int DeployedModelBytes);
