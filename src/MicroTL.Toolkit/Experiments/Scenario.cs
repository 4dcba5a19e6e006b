// The three scenarios of the MicroTL paper, as data selections. The embedded WISDM subset holds
// subjects 1600-1640, so "the other subjects" of scenario 1 are 1631-1640.
using MicroTL.Toolkit.Data.Wisdm;

namespace MicroTL.Toolkit.Experiments;

/// <summary>Which scenario.</summary>
public enum Scenario
{
    /// <summary>Pretrain on A,B,D,E of subjects 1600-1630; the device learns A,B,C,D,E,M for subjects 1631-1640.</summary>
    NewActivities,

    /// <summary>Pretrain on the 6 activities without subject S; the device adapts to S.</summary>
    Personalisation,

    /// <summary>Pretrain on MNIST digits 0-4 (train split); the device learns 5-9 from t10k.</summary>
    Images,
}

/// <summary>Names and defaults of the scenarios.</summary>
public static class Scenarios
{
    /// <summary>Pretraining classes of scenario 1.</summary>
    public static readonly string[] BaseActivities = ["A", "B", "D", "E"];

    /// <summary>The device's classes in scenarios 1 and 2: the base activities plus stairs (C) and kicking (M).</summary>
    public static readonly string[] AllActivities = ["A", "B", "C", "D", "E", "M"];

    /// <summary>Pretraining subjects of scenario 1.</summary>
    public static readonly int[] BaseSubjects = [.. Enumerable.Range(1600, 31)];

    /// <summary>The device's subjects in scenario 1.</summary>
    public static readonly int[] NewSubjects = [.. Enumerable.Range(1631, 10)];

    /// <summary>Pretraining digits of scenario 3.</summary>
    public static readonly string[] BaseDigits = ["0", "1", "2", "3", "4"];

    /// <summary>The device's digits in scenario 3.</summary>
    public static readonly string[] NewDigits = ["5", "6", "7", "8", "9"];

    /// <summary>Parses "new-activities", "personalisation" (or "personalization") or "images".</summary>
    /// <exception cref="SelectionException">Another name.</exception>
    public static Scenario Parse(string name) => name switch
    {
        "new-activities" => Scenario.NewActivities,
        "personalisation" or "personalization" => Scenario.Personalisation,
        "images" => Scenario.Images,
        _ => throw new SelectionException($"unknown scenario '{name}'", "use new-activities, personalisation or images"),
    };

    /// <summary>The command-line name.</summary>
    public static string NameOf(Scenario scenario) => scenario switch
    {
        Scenario.NewActivities => "new-activities",
        Scenario.Personalisation => "personalisation",
        _ => "images",
    };

    /// <summary>The samples per class each scenario runs by default.</summary>
    public static IReadOnlyList<int> DefaultSamplesPerClass(Scenario scenario) => scenario switch
    {
        Scenario.NewActivities => [5, 10, 20, 50],
        Scenario.Personalisation => [5, 10],
        _ => [100],
    };

    /// <summary>The data set of the scenario.</summary>
    public static DatasetKind DatasetOf(Scenario scenario) => scenario == Scenario.Images ? DatasetKind.Mnist : DatasetKind.Wisdm;

    /// <summary>
    /// The subject personalisation adapts to for the seed at position <paramref name="seedIndex"/>: a fixed seeded order of the
    /// subjects with more than <paramref name="maxPerClass"/> windows of every activity, so successive seeds take distinct subjects.
    /// </summary>
    /// <exception cref="SelectionException">No subject has enough windows.</exception>
    public static int PersonalisationSubject(WisdmDataset data, int seedIndex, int maxPerClass)
    {
        char[] activities = [.. AllActivities.Select(a => a[0])];
        int[] eligible = [.. data.Subjects.Where(s => activities.All(a => data.Select([s], [a]).Windows().Count > maxPerClass))];
        if (eligible.Length == 0)
            throw new SelectionException($"no subject has more than {maxPerClass} windows of each of {string.Join(",", AllActivities)}",
                "use smaller --samples-per-class (a subject has about 18 windows per activity)");
        new MicroTL.Training.Pcg32(0x9E85_0A11UL).Shuffle(eligible);
        return eligible[seedIndex % eligible.Length];
    }
}
