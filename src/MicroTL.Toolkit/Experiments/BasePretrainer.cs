// Pretraining the base network of a selection, for either data set: WISDM holds out whole subjects
// (Pretrainer's split); MNIST takes a capped, class-balanced subset of the train split (a few
// thousand digits keep it to seconds) and holds out a seeded fifth of it.
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>Pretrains, quantizes and evaluates the base network of a <see cref="DataSelection"/>.</summary>
public static class BasePretrainer
{
    /// <summary>MNIST training digits per class used by default (of about 6000 in the train split).</summary>
    public const int DefaultMnistPerClass = 600;

    /// <summary>Pretraining epochs of the image base network by default.</summary>
    public const int DefaultImageEpochs = 8;

    /// <summary>The default pretraining epochs of a data set's base network: <see cref="Pretrainer.DefaultEpochs"/> for WISDM, <see cref="DefaultImageEpochs"/> for MNIST.</summary>
    public static int DefaultEpochs(DatasetKind kind) => kind == DatasetKind.Wisdm ? Pretrainer.DefaultEpochs : DefaultImageEpochs;
    /// <summary>The seed by default.</summary>
    public const ulong DefaultSeed = 1;


    /// <summary>
    /// Trains the base network for <paramref name="selection"/>'s classes: WISDM on its subjects (a fifth held out for evaluation) with
    /// <see cref="Pretrainer.MotionDefaults"/>,
    /// MNIST on up to <paramref name="mnistPerClass"/> train-split digits per class (a fifth held out).
    /// </summary>
    /// <exception cref="SelectionException">A subject or class is not in the data, or fewer than 1 epoch.</exception>
    public static PretrainResult Run(ExperimentData data, DataSelection selection, ulong seed, int epochs,
        int mnistPerClass = DefaultMnistPerClass, Action<EpochProgress>? progress = null)
    {
        if (epochs < 1) throw new SelectionException($"{epochs} epochs", "use --epochs 1 or more");
        if (data.Kind == DatasetKind.Wisdm)
        {
            IReadOnlyList<char> activities = data.CheckActivities(selection.Classes);
            IReadOnlyList<int> subjects = data.CheckSubjects(selection.Subjects);
            return Pretrainer.Pretrain(data.Wisdm!, activities, subjects, seed, epochs, progress: progress);
        }

        SampleSet all = data.Select(selection.Classes, null, ExperimentData.MnistPretrainSplit);
        SampleSet capped = SampleSplit.CapPerClass(all, selection.Classes.Count, mnistPerClass, seed);
        (SampleSet train, SampleSet test) = SampleSplit.HoldOut(capped, 0.2, seed);
        return Pretrainer.Pretrain(BaseNetworks.Image(selection.Classes.Count, seed), train, test, [], seed, epochs, progress: progress);
    }
}
