using MicroTL.Training;

namespace MicroTL.Tests.Training;

public class HeadDeploymentTests
{
    private static FloatHead Head(int classes, ulong seed)
    {
        var head = new FloatHead(new HeadShape(6, 4, classes), maxBatch: 1);
        head.Parameters.InitializeHe(seed);
        return head;
    }

    [Fact]
    public void Offer_WorseCandidate_RejectedAndDeployedUntouched()
    {
        FloatHead deployed = Head(3, 1);
        int[] before = HeadTrainerTests.Bits(deployed.Parameters.Values);
        var deployment = new HeadDeployment(deployed, validationAccuracy: 0.80);

        DeploymentDecision decision = deployment.Offer(Head(3, 2), candidateValidationAccuracy: 0.79);

        Assert.Equal(DeploymentDecision.Rejected, decision);
        Assert.Same(deployed, deployment.Current);
        Assert.Equal(0.80, deployment.ValidationAccuracy);
        Assert.Equal(before, HeadTrainerTests.Bits(deployed.Parameters.Values));
    }

    [Fact]
    public void Offer_EqualAccuracy_Accepted()
    {
        FloatHead deployed = Head(3, 1);
        int[] before = HeadTrainerTests.Bits(deployed.Parameters.Values);
        FloatHead candidate = Head(3, 2);
        var deployment = new HeadDeployment(deployed, 0.80);

        Assert.Equal(DeploymentDecision.Accepted, deployment.Offer(candidate, 0.80));
        Assert.Same(candidate, deployment.Current);
        Assert.Equal(before, HeadTrainerTests.Bits(deployed.Parameters.Values)); // swapped, not overwritten
    }

    [Fact]
    public void Offer_ClassesChanged_AcceptedEvenIfLessAccurate()
    {
        var deployment = new HeadDeployment(Head(3, 1), 0.95);
        Assert.Equal(DeploymentDecision.AcceptedClassesChanged, deployment.Offer(Head(4, 2), 0.70));
        Assert.Equal(4, deployment.Current.Shape.Classes);
    }

    [Fact]
    public void Offer_NaNParameters_Rejected()
    {
        var deployment = new HeadDeployment(Head(3, 1), 0.5);
        FloatHead broken = Head(3, 2);
        broken.Parameters.W2[0] = float.NaN;
        Assert.Equal(DeploymentDecision.Rejected, deployment.Offer(broken, 0.99));
    }

    [Fact]
    public void Offer_DeployedHeadItself_Throws()
    {
        FloatHead deployed = Head(3, 1);
        var deployment = new HeadDeployment(deployed, 0.5);
        Assert.Throws<ArgumentException>(() => deployment.Offer(deployed, 0.9));
    }

    [Fact]
    public void Offer_DifferentInputLength_Throws()
    {
        var deployment = new HeadDeployment(Head(3, 1), 0.5);
        var other = new FloatHead(new HeadShape(7, 4, 3), 1);
        Assert.Throws<ArgumentException>(() => deployment.Offer(other, 0.9));
    }

    [Theory]
    [InlineData(0.8, 0.81, DeploymentDecision.Accepted)]
    [InlineData(0.8, 0.79, DeploymentDecision.Rejected)]
    [InlineData(0.8, double.NaN, DeploymentDecision.Rejected)]
    [InlineData(double.NaN, 0.1, DeploymentDecision.Accepted)]
    public void Decide_SameClasses_AcceptsOnlyNotWorse(double deployed, double candidate, DeploymentDecision expected)
    {
        var shape = new HeadShape(6, 4, 3);
        Assert.Equal(expected, HeadDeployment.Decide(shape, deployed, shape, candidate));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(0.3)]
    public void Decide_ClassesChangedWithoutAnAccuracyToJudgeOn_Accepts(double candidate)
    {
        // A head for new classes trained without validation data: the old head cannot serve them, so nothing to compare with.
        Assert.Equal(DeploymentDecision.AcceptedClassesChanged, HeadDeployment.Decide(new HeadShape(6, 4, 3), 0.9, new HeadShape(6, 4, 5), candidate));
    }

    [Fact]
    public void Offer_ClassesChangedNaNParametersWithoutAccuracy_Rejected()
    {
        var deployment = new HeadDeployment(Head(3, 1), 0.5);
        FloatHead broken = Head(4, 2);
        broken.Parameters.B1[0] = float.PositiveInfinity;

        Assert.Equal(DeploymentDecision.Rejected, deployment.Offer(broken, double.NaN));
        Assert.Equal(3, deployment.Current.Shape.Classes);
    }
}
