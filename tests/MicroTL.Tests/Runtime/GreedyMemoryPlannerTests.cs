using MicroTL.Runtime;

namespace MicroTL.Tests.Runtime;

public class GreedyMemoryPlannerTests
{
    [Fact]
    public void Plan_ChainOfLayers_ReusesMemoryOfDeadTensors()
    {
        // a -> op0 -> b -> op1 -> c -> op2 -> d: only neighbours are alive together.
        var requests = new[]
        {
            new BufferRequest(100, 0, 0), new BufferRequest(200, 0, 1),
            new BufferRequest(100, 1, 2), new BufferRequest(50, 2, 2),
        };

        BufferPlan plan = GreedyMemoryPlanner.Plan(requests);

        // Largest (200, alive 0..1) at 0; a and c live beside it at 208; d beside c.
        Assert.Equal(new long[] { 208, 0, 208, 0 }, plan.Offsets);
        Assert.Equal(208 + 112, plan.TotalBytes);
    }

    [Fact]
    public void Plan_BuffersAliveTogether_NeverOverlap()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            var requests = new BufferRequest[random.Next(1, 20)];
            for (int i = 0; i < requests.Length; i++)
            {
                int first = random.Next(0, 10);
                requests[i] = new BufferRequest(random.Next(1, 5000), first, first + random.Next(0, 5));
            }

            BufferPlan plan = GreedyMemoryPlanner.Plan(requests);

            for (int i = 0; i < requests.Length; i++)
            {
                Assert.Equal(0, plan.Offsets[i] % GreedyMemoryPlanner.Alignment);
                Assert.True(plan.Offsets[i] + requests[i].Bytes <= plan.TotalBytes);
                for (int j = i + 1; j < requests.Length; j++)
                {
                    if (!requests[i].OverlapsInTime(requests[j])) continue;
                    bool apart = plan.Offsets[i] + requests[i].Bytes <= plan.Offsets[j]
                        || plan.Offsets[j] + requests[j].Bytes <= plan.Offsets[i];
                    Assert.True(apart, $"trial {trial}: buffers {i} and {j} overlap");
                }
            }
        }
    }

    [Fact]
    public void Plan_NoRequests_NeedsNoBytes()
    {
        Assert.Equal(0, GreedyMemoryPlanner.Plan([]).TotalBytes);
    }

    [Fact]
    public void Plan_SameInput_GivesSamePlan()
    {
        var requests = new[] { new BufferRequest(64, 0, 1), new BufferRequest(64, 0, 1), new BufferRequest(64, 1, 2) };
        Assert.Equal(GreedyMemoryPlanner.Plan(requests).Offsets, GreedyMemoryPlanner.Plan(requests).Offsets);
    }

    [Fact]
    public void PlanAroundPlaced_ScratchOfOneStep_TakesTheGapFreeAtThatStep()
    {
        // Tensors: 0..99 alive at steps 0-1, 112..211 alive at steps 1-2. A step-2 scratch of 100 bytes fits at 0
        // (the first tensor is dead by then); a step-1 scratch has to go above both.
        PlacedBuffer[] tensors = [new(new BufferRequest(100, 0, 1), 0), new(new BufferRequest(100, 1, 2), 112)];
        BufferRequest[] scratch = [new(100, 2, 2), new(30, 1, 1)];

        BufferPlan plan = GreedyMemoryPlanner.Plan(scratch, tensors);

        Assert.Equal(new long[] { 0, 224 }, plan.Offsets);
        Assert.Equal(224 + 32, plan.TotalBytes);
    }

    [Fact]
    public void PlanAroundPlaced_NoRequests_TotalIsThePlacedBuffersEnd()
    {
        BufferPlan plan = GreedyMemoryPlanner.Plan([], [new PlacedBuffer(new BufferRequest(20, 0, 0), 48)]);

        Assert.Empty(plan.Offsets);
        Assert.Equal(48 + 32, plan.TotalBytes);
    }

    [Theory]
    [InlineData(-16)]
    [InlineData(8)]
    public void PlanAroundPlaced_MisalignedOffset_ThrowsNamingIt(long offset)
    {
        var error = Assert.Throws<ArgumentException>(() => GreedyMemoryPlanner.Plan([], [new PlacedBuffer(new BufferRequest(4, 0, 0), offset)]));

        Assert.Contains($"offset {offset}", error.Message);
    }
}
