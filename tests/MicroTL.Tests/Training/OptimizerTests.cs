using MicroTL.Training;

namespace MicroTL.Tests.Training;

public class OptimizerTests
{
    [Fact]
    public void SgdStep_TwoSteps_MatchesHandComputedValues()
    {
        // w = 1, g = 0.5, λ = 0.1, μ = 0.9, η = 0.1.
        // Step 1: g' = 0.5 + 0.1*1 = 0.6; v = 0.6; w = 1 - 0.06 = 0.94.
        // Step 2: g' = 0.5 + 0.094 = 0.594; v = 0.54 + 0.594 = 1.134; w = 0.94 - 0.1134 = 0.8266.
        float[] w = [1f], g = [0.5f], v = [0f];
        SgdMomentum.Step(w, g, v, 0.1f, 0.9f, 0.1f);
        Assert.Equal(0.94f, w[0], 6);
        Assert.Equal(0.6f, v[0], 6);
        SgdMomentum.Step(w, g, v, 0.1f, 0.9f, 0.1f);
        Assert.Equal(1.134f, v[0], 6);
        Assert.Equal(0.8266f, w[0], 6);
    }

    [Fact]
    public void AdamStep_TwoSteps_MatchesHandComputedValues()
    {
        // w = 1, g = 0.5, η = 0.01, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.
        // Step 1: m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25; w = 1 - 0.01 * 0.5/0.5 = 0.99.
        // Step 2: m = 0.045 + 0.05 = 0.095, v = 0.00024975 + 0.00025 = 0.00049975;
        //         m̂ = 0.095/0.19 = 0.5, v̂ = 0.00049975/0.001999 = 0.25; w = 0.99 - 0.01 = 0.98.
        float[] w = [1f], g = [0.5f], m = [0f], v = [0f];
        var adam = new HeadOptimizer(OptimizerSettings.Adam(0.01f));
        adam.Step(w, g, m, v);
        Assert.Equal(0.05f, m[0], 6);
        Assert.Equal(0.00025f, v[0], 8);
        Assert.Equal(0.99f, w[0], 6);
        adam.Step(w, g, m, v);
        Assert.Equal(0.095f, m[0], 6);
        Assert.Equal(0.00049975, v[0], tolerance: 2e-8); // float: 1 - 0.999 rounds to 0.00099998
        Assert.Equal(0.98f, w[0], 5);
    }

    [Fact]
    public void AdamStep_WithWeightDecay_AddsDecayToGradient()
    {
        // λ = 0.5, w = 2, g = 0 -> g' = 1; step 1 moves w by exactly η (m̂/sqrt(v̂) = 1).
        float[] w = [2f], g = [0f], m = [0f], v = [0f];
        new HeadOptimizer(OptimizerSettings.Adam(0.1f, weightDecay: 0.5f)).Step(w, g, m, v);
        Assert.Equal(1.9f, w[0], 5);
        Assert.Equal(0.1f, m[0], 6); // the decay went through the moments
    }

    [Fact]
    public void AdamStep_WithDecoupledWeightDecay_DecaysTheWeightBesideTheStep()
    {
        // AdamW: λ = 0.5, η = 0.1, w = 2, g = 1: the step moves w by η (m̂/sqrt(v̂) = 1), the decay by η λ w = 0.1; moments see g only.
        float[] w = [2f], g = [1f], m = [0f], v = [0f];
        new HeadOptimizer(OptimizerSettings.Adam(0.1f, weightDecay: 0.5f, decoupledWeightDecay: true)).Step(w, g, m, v);
        Assert.Equal(1.8f, w[0], 5);
        Assert.Equal(0.1f, m[0], 6);
    }

    [Fact]
    public void StepCount_SetToAnEarlierStep_GivesTheRunningProductsOfThatStep()
    {
        // A rollback sets t back: β^t must be the bits t multiplications give, as if the later steps never ran.
        var adam = new HeadOptimizer(OptimizerSettings.Adam());
        float[] w = [1f], g = [0.5f], m = [0f], v = [0f];
        for (int t = 0; t < 7; t++) adam.Step(w, g, m, v);
        (double b1, double b2) = (adam.Beta1Power, adam.Beta2Power);
        for (int t = 0; t < 5; t++) adam.Step(w, g, m, v);

        adam.StepCount = 7;

        Assert.Equal((b1, b2), (adam.Beta1Power, adam.Beta2Power));
        Assert.Equal(Math.Pow(0.9f, 7), adam.Beta1Power, 15);
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.StepCount = -1);
    }

    [Fact]
    public void Step_StateOfTheWrongLength_ThrowsNamingTheLengths()
    {
        var adam = new HeadOptimizer(OptimizerSettings.Adam());

        var error = Assert.Throws<ArgumentException>(() => adam.Step(new float[3], new float[3], new float[3], new float[2]));

        Assert.Contains("got 3 gradients, 3 and 2 state values", error.Message);
    }

    [Fact]
    public void Validate_DecoupledWeightDecayWithSgd_Throws()
    {
        var settings = OptimizerSettings.Sgd() with { DecoupledWeightDecay = true };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new HeadOptimizer(settings));
        Assert.Contains("AdamW", error.Message);
    }

    [Fact]
    public void HeadOptimizerStep_Sgd_UpdatesEveryParameterFromBuffer()
    {
        var p = new HeadParameters(new HeadShape(2, 2, 2), stateSlots: 1);
        p.Values.Fill(1f);
        float[] gradients = Enumerable.Repeat(0.5f, p.Layout.Count).ToArray();
        var optimizer = new HeadOptimizer(OptimizerSettings.Sgd(learningRate: 0.1f, momentum: 0.9f, weightDecay: 0.1f));

        optimizer.Step(p, gradients);

        Assert.All(p.Values.ToArray(), w => Assert.Equal(0.94f, w, 6));
        Assert.All(p.State(0).ToArray(), v => Assert.Equal(0.6f, v, 6));
        Assert.Equal(1, optimizer.StepCount);
    }

    [Fact]
    public void HeadOptimizerStep_AdamOnSgdSizedBuffer_Throws()
    {
        var p = new HeadParameters(new HeadShape(2, 2, 2), stateSlots: 1);
        var optimizer = new HeadOptimizer(OptimizerSettings.Adam());
        Assert.Throws<ArgumentException>(() => optimizer.Step(p, new float[p.Layout.Count]));
    }

    [Theory]
    [InlineData(0f, 0.9f)]
    [InlineData(float.NaN, 0.9f)]
    [InlineData(0.1f, 1f)]
    public void Constructor_InvalidSettings_Throws(float learningRate, float momentum)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HeadOptimizer(OptimizerSettings.Sgd(learningRate, momentum)));
    }

    [Fact]
    public void Sgd_Defaults_AreTheAuthors()
    {
        OptimizerSettings s = OptimizerSettings.Sgd();
        Assert.Equal((0.9f, 2e-4f, 1e-4f), (s.Momentum, s.WeightDecay, s.LearningRate));
    }
}
