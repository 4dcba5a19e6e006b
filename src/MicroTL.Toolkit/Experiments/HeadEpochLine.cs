// One progress line per epoch of the device's head training, the same in transfer, transfer --dataset and demo.
using System.Globalization;
using MicroTL.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>Formats an epoch of the device's head training for the progress lines.</summary>
public static class HeadEpochLine
{
    /// <summary>
    /// "epoch 3: train loss 0.4120, train acc 84.2 %, validation acc 80.0 %"; without a validation split (the device
    /// recipe trains on every record) the line says so instead of printing NaN.
    /// </summary>
    public static string Of(EpochRecord e) =>
        string.Format(CultureInfo.InvariantCulture, "epoch {0}: train loss {1:F4}, train acc {2:P1}, {3}", e.Epoch, e.TrainLoss, e.TrainAccuracy,
            e.HasValidation ? string.Format(CultureInfo.InvariantCulture, "validation acc {0:P1}", e.ValidationAccuracy) : "no validation split");
}
