// Why the transfer deployed the new head or kept the old one, in words, from the outcome's own figures:
// the same rule as HeadDeployment.Decide and the session's checks of a damaged or untrained head.
using System.Globalization;
using MicroTL.Session;
using MicroTL.Training;

namespace MicroTL.Toolkit.Reporting;

/// <summary>The deployment decision of a transfer and its reason.</summary>
public static class DecisionText
{
    /// <summary>A few words: "new head deployed" or "original model kept".</summary>
    public static string Short(DeploymentDecision decision) =>
        decision == DeploymentDecision.Rejected ? "original model kept" : "new head deployed";

    /// <summary>The decision and its reason in a sentence, with the validation accuracies it compared.</summary>
    public static string Of(TransferOutcome o)
    {
        ArgumentNullException.ThrowIfNull(o);
        // The model's own head has no accuracy on classes it was not trained for: then only the new head's is given.
        string validation = double.IsFinite(o.OldValidationAccuracy)
            ? Inv($"validation accuracy {Percent(o.NewValidationAccuracy)} against the model's own head's {Percent(o.OldValidationAccuracy)}")
            : Inv($"validation accuracy {Percent(o.NewValidationAccuracy)}");
        return o.Decision switch
        {
            DeploymentDecision.AcceptedClassesChanged =>
                Inv($"The new head is deployed: it predicts {o.Head.Classes} classes the model's own head was not trained for, so the old head cannot serve them (its {validation})."),
            DeploymentDecision.Accepted => $"The new head is deployed: its {validation} is at least as good.",
            _ when o.Training.EpochsRun == 0 => "The original model is kept: training kept no epoch (it diverged from the first), so the new head was never trained.",
            _ when o.Training.Reason == StopReason.Diverged => "The original model is kept: training diverged, and without a rollback (--no-snapshot) the head it left is damaged.",
            _ => $"The original model is kept: the new head's {validation} is worse.",
        };
    }

    private static string Percent(double fraction) =>
        double.IsFinite(fraction) ? (100 * fraction).ToString("F1", CultureInfo.InvariantCulture) + " %" : "n/a (no validation records)";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
