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

        ArenaPlan plan = GreedyMemoryPlanner.Plan(requests);

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

            ArenaPlan plan = GreedyMemoryPlanner.Plan(requests);

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
}
