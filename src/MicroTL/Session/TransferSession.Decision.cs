using MicroTL.Export;
using MicroTL.Store;
using MicroTL.Training;

namespace MicroTL.Session;

/// <summary>How a run starts its head and decides whether to deploy it.</summary>
public sealed partial class TransferSession
{
    /// <summary>
    /// Deploy or not, and why. Never a broken head: a diverged run without a snapshot to roll back to leaves a damaged head,
    /// a run that kept no epoch (diverged in the first, even after the retry) an untrained one rolled back to its
    /// initialisation, and a head with a non-finite parameter computes nothing: each is rejected, even when the classes
    /// changed and the old head cannot serve them. Otherwise <see cref="HeadDeployment.Decide"/>: a head for other classes is
    /// accepted (trained, finite, and the only one that can serve them); a head for the same classes must score at least the
    /// model's own head, on the validation records, or without any on the training records (both heads judged on the same
    /// records: the new head has fit them, so this rejects a head that failed to learn, not one that overfits; with every
    /// window training, no held-out records exist to judge overfitting on the device).
    /// </summary>
    private (DeploymentDecision Decision, string Reason) Decide(TrainingResult result, FloatHead head, double oldAccuracy, double newAccuracy,
        bool validated, int judgedRecords)
    {
        if (result.Reason == StopReason.Diverged && !_settings.KeepSnapshot)
            return (DeploymentDecision.Rejected, "training diverged and no snapshot was kept to roll back to: the new head is damaged");
        if (result.EpochsRun == 0)
            return (DeploymentDecision.Rejected, "no epoch was kept (training diverged in the first, even at half the learning rate)");
        if (!head.Parameters.ParametersAreFinite())
            return (DeploymentDecision.Rejected, "the new head's parameters are not all finite");
        // At a cut the model's own head cannot run from (an LSTM's state), nothing shows the new head is as good: the model
        // stays unless the classes changed.
        if (Head.Classes == _extractor.ModelClassCount && !_extractor.CanRunModelHead)
            return (DeploymentDecision.Rejected, "the model's own head cannot run from this cut, so nothing shows the new head is as good; the model is kept");
        DeploymentDecision decision = HeadDeployment.Decide(new HeadShape(Head.Inputs, Head.Hidden, _extractor.ModelClassCount), oldAccuracy, Head, newAccuracy);
        string on = validated ? "validation" : $"its {judgedRecords} training records (no validation records)";
        string reason = decision switch
        {
            DeploymentDecision.AcceptedClassesChanged => $"the new head has {Head.Classes} classes and the model {_extractor.ModelClassCount}: the old head cannot serve them " +
                $"(trained {result.EpochsRun} epochs, every parameter finite; {Percent(newAccuracy)} on {on})",
            DeploymentDecision.Accepted when double.IsNaN(oldAccuracy) => $"the new head scores {Percent(newAccuracy)} on {on}; the old head cannot be judged there",
            DeploymentDecision.Accepted => $"the new head scores {Percent(newAccuracy)} on {on}, at least the old head's {Percent(oldAccuracy)}",
            _ when double.IsNaN(newAccuracy) => $"the new head could not be judged on {on}, and the classes did not change: the old head stays",
            _ => $"the new head scores {Percent(newAccuracy)} on {on}, below the old head's {Percent(oldAccuracy)}",
        };
        return (decision, reason);
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " %";

    /// <summary>
    /// The model's own head when the classes and hidden width stay (its first layer widened with zero weights for the head
    /// features, so the new head starts out computing exactly the old one), else He's initialisation from the seed.
    /// </summary>
    private string InitialiseHead(HeadParameters parameters, bool classesChanged)
    {
        if (!_settings.FreshHead && !classesChanged && _modelHead is { } seed && seed.Hidden == Head.Hidden)
        {
            if (seed.Inputs == Head.Inputs)
            {
                parameters.Load(seed.W1, seed.B1, seed.W2, seed.B2);
                return "model";
            }

            var w1 = new float[Head.Hidden * Head.Inputs];
            for (int h = 0; h < Head.Hidden; h++) seed.W1.AsSpan(h * seed.Inputs, seed.Inputs).CopyTo(w1.AsSpan(h * Head.Inputs));
            parameters.Load(w1, seed.B1, seed.W2, seed.B2);
            return "model (zero weights for the head features)";
        }

        parameters.InitializeHe(_settings.Seed);
        return _settings.FreshHead ? "he (asked for a fresh head)"
            : classesChanged ? "he (classes changed)"
            : _modelHead is null ? $"he ({_modelHeadReason})"
            : "he (hidden width differs from the model's)";
    }

    private double OldHeadAccuracy(FeatureStoreView records)
    {
        // A cut whose model head reads more than the cut (an LSTM's state) leaves no old head to run on the features.
        if (records.Count == 0 || !_extractor.CanRunModelHead) return double.NaN;
        int correct = 0;
        for (int i = 0; i < records.Count; i++)
            if (_extractor.PredictWithModelHead(records.FeaturesOf(i)) == records.LabelOf(i)) correct++;
        return (double)correct / records.Count;
    }

    private static double HeadAccuracy(FloatHead head, FeatureStoreView records)
    {
        if (records.Count == 0) return double.NaN;
        var input = new float[records.FeatureLength];
        int correct = 0;
        for (int i = 0; i < records.Count; i++)
        {
            records.Dequantize(i, input);
            if (head.Predict(input) == records.LabelOf(i)) correct++;
        }

        return (double)correct / records.Count;
    }

    private static HeadWeights WeightsOf(HeadParameters p) =>
        new(p.Shape.Inputs, p.Shape.Hidden, p.Shape.Classes, p.W1.ToArray(), p.B1.ToArray(), p.W2.ToArray(), p.B2.ToArray());
}
