// The Toolkit's folders depend on each other in one direction: no namespace uses one that (directly or through
// others) uses it back. Checked on the compiled assembly (NamespaceGraph), so a fully qualified name or a call in
// a method body counts as much as a `using`.
using MicroTL.Toolkit.Energy;

namespace MicroTL.Toolkit.Tests;

public class NamespaceDependencyTests
{
    [Fact]
    public void Toolkit_NamespaceReferences_FormNoCycle()
    {
        Dictionary<string, HashSet<string>> graph = NamespaceGraph.Of(typeof(CostModel).Assembly, "MicroTL.Toolkit");

        Assert.True(graph.Count >= 8, $"only {graph.Count} namespaces found: {string.Join(", ", graph.Keys)}");
        string? cycle = NamespaceGraph.FindCycle(graph);
        Assert.True(cycle is null, $"namespace cycle: {cycle}");
    }

    [Fact]
    public void FindCycle_TwoNamespacesUsingEachOther_NamesThePath()
    {
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"],
            ["B"] = ["C"],
            ["C"] = ["B"],
        };

        Assert.Equal("B -> C -> B", NamespaceGraph.FindCycle(graph));
    }

    [Fact]
    public void FindCycle_ALayeredGraph_IsNull()
    {
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B", "C"],
            ["B"] = ["C"],
            ["C"] = [],
        };

        Assert.Null(NamespaceGraph.FindCycle(graph));
    }

    [Fact]
    public void Of_TheToolkit_SeesAReferenceOnlyAMethodBodyMakes()
    {
        // Experiments reaches Quantization through calls (Int8Quantizer.Quantize) inside method bodies.
        Dictionary<string, HashSet<string>> graph = NamespaceGraph.Of(typeof(CostModel).Assembly, "MicroTL.Toolkit");

        Assert.Contains("MicroTL.Toolkit.Quantization", graph["MicroTL.Toolkit.Experiments"]);
    }
}
