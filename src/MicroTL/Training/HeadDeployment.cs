namespace MicroTL.Training;

/// <summary>The outcome of offering a newly trained head.</summary>
public enum DeploymentDecision
{
    /// <summary>The candidate is worse (or broken); the deployed head stays.</summary>
    Rejected,

    /// <summary>The candidate's validation accuracy is at least the deployed head's; it replaces it.</summary>
    Accepted,

    /// <summary>The candidate predicts a different set of classes, so the old head cannot serve; it replaces it.</summary>
    AcceptedClassesChanged,
}

/// <summary>
/// Holds the deployed head and swaps in a trained candidate only when it is not worse. The
/// deployed head is never trained or written in place: training always runs on a separate head
/// (a <see cref="HeadTrainer"/>'s, loaded from the deployed weights), and acceptance swaps the
/// reference, so a rejected run leaves the device exactly as it was.
/// </summary>
/// <remarks>
/// Accepted heads are owned by the deployment from then on: do not train the accepted object
/// again (reuse of its trainer would overwrite it); train a fresh copy instead.
/// </remarks>
public sealed class HeadDeployment
{
    /// <summary>Starts with a deployed head and its validation accuracy (in [0, 1], on the data the candidates will be judged on).</summary>
    public HeadDeployment(FloatHead deployed, double validationAccuracy)
    {
        ArgumentNullException.ThrowIfNull(deployed);
        Current = deployed;
        ValidationAccuracy = validationAccuracy;
    }

    /// <summary>The head in service.</summary>
    public FloatHead Current { get; private set; }

    /// <summary>Its validation accuracy.</summary>
    public double ValidationAccuracy { get; private set; }

    /// <summary>
    /// The rule: accept when the class count changed, with or without an accuracy (the deployed head cannot serve the new
    /// classes; the caller has made sure the candidate is trained and finite, as <see cref="Offer"/> and the transfer session
    /// do); otherwise reject a candidate whose accuracy is NaN (nothing to judge it on) and accept when
    /// <c>candidateAccuracy &gt;= deployedAccuracy</c> (or the deployed head's is NaN).
    /// </summary>
    public static DeploymentDecision Decide(HeadShape deployed, double deployedAccuracy, HeadShape candidate, double candidateAccuracy)
    {
        if (candidate.Classes != deployed.Classes) return DeploymentDecision.AcceptedClassesChanged;
        if (double.IsNaN(candidateAccuracy)) return DeploymentDecision.Rejected;
        return candidateAccuracy >= deployedAccuracy || double.IsNaN(deployedAccuracy)
            ? DeploymentDecision.Accepted
            : DeploymentDecision.Rejected;
    }

    /// <summary>
    /// Offers a trained head. If <see cref="Decide"/> accepts it (and its parameters are all
    /// finite), it becomes <see cref="Current"/>; otherwise nothing changes.
    /// </summary>
    /// <exception cref="ArgumentException">The candidate is the deployed head itself, or takes a different input length (another body's features).</exception>
    public DeploymentDecision Offer(FloatHead candidate, double candidateValidationAccuracy)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (ReferenceEquals(candidate, Current))
            TrainingThrow.Argument(nameof(candidate), "the candidate is the deployed head; train a copy, never the deployed head in place");
        if (candidate.Shape.Inputs != Current.Shape.Inputs)
            TrainingThrow.Argument(nameof(candidate), $"candidate head {candidate.Shape} takes {candidate.Shape.Inputs} features; the deployed body gives {Current.Shape.Inputs}");
        if (!candidate.Parameters.ParametersAreFinite()) return DeploymentDecision.Rejected;

        DeploymentDecision decision = Decide(Current.Shape, ValidationAccuracy, candidate.Shape, candidateValidationAccuracy);
        if (decision != DeploymentDecision.Rejected)
        {
            Current = candidate;
            ValidationAccuracy = candidateValidationAccuracy;
        }
        return decision;
    }
}
