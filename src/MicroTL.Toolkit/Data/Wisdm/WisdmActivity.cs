namespace MicroTL.Toolkit.Data.Wisdm;

/// <summary>The activity codes of the WISDM 2019 data set (activity_key.txt) and their names.</summary>
public static class WisdmActivity
{
    private static readonly Dictionary<char, string> Names = new()
    {
        ['A'] = "walking", ['B'] = "jogging", ['C'] = "stairs", ['D'] = "sitting", ['E'] = "standing",
        ['F'] = "typing", ['G'] = "teeth", ['H'] = "soup", ['I'] = "chips", ['J'] = "pasta",
        ['K'] = "drinking", ['L'] = "sandwich", ['M'] = "kicking", ['O'] = "catch", ['P'] = "dribbling",
        ['Q'] = "writing", ['R'] = "clapping", ['S'] = "folding",
    };

    /// <summary>True for a code the data set defines.</summary>
    public static bool IsKnown(char code) => Names.ContainsKey(code);

    /// <summary>The activity's name ("walking"), or the code itself when unknown.</summary>
    public static string NameOf(char code) => Names.TryGetValue(code, out string? name) ? name : code.ToString();
}
