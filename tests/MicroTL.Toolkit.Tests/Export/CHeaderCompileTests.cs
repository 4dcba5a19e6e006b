// The exported C as a firmware build uses it, compiled and linked by gcc: the header included from two
// translation units (where an array defined in a header is a duplicate symbol) plus a main, the source
// once, as C99 with GCC's attribute, C11 and C++11 (the three alignment spellings); the program checks
// the array's length, its 16-byte alignment and every byte against the model file.
using System.Diagnostics;
using MicroTL.Toolkit.Export;

namespace MicroTL.Toolkit.Tests.Export;

public sealed class CHeaderCompileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-cheader-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [GccTheory]
    [InlineData("gcc", "-std=c99")]
    [InlineData("gcc", "-std=c11")]
    [InlineData("g++", "-std=c++11")]
    public void Export_HeaderIncludedFromTwoFiles_CompilesLinksAndHoldsTheModel(string compiler, string standard)
    {
        byte[] model = File.ReadAllBytes(TestFixtures.Model("hello_world_int8.tflite"));
        File.WriteAllText(Path.Combine(_dir, "model.h"), CHeaderExporter.ToCHeader(model, "model", "model.c", "test model"));
        File.WriteAllText(Path.Combine(_dir, "model.c"), CHeaderExporter.ToCSource(model, "model", "model.h", "test model"));
        // Two users of the header, each reading the array, and a main that checks it.
        File.WriteAllText(Path.Combine(_dir, "first.c"), "#include \"model.h\"\nunsigned long first_sum(void) { unsigned long s = 0; unsigned int i; for (i = 0; i < model_len; i++) s += model[i]; return s; }\n");
        File.WriteAllText(Path.Combine(_dir, "second.c"), "#include \"model.h\"\nunsigned long second_address(void) { return (unsigned long)(const void *)model + sizeof model - MODEL_LEN; }\n");
        File.WriteAllText(Path.Combine(_dir, "main.c"), """
            #include <stdio.h>
            #include "model.h"
            unsigned long first_sum(void);
            unsigned long second_address(void);
            int main(void) {
              printf("%u %lu %lu %d\n", model_len, first_sum(), second_address() % 16, model[0]);
              return 0;
            }
            """);
        string language = compiler == "g++" ? "-xc++" : "-xc";
        string exe = Path.Combine(_dir, "check");

        (int exitCode, string output) = Run(compiler, [standard, "-Wall", "-Wextra", "-Werror", "-pedantic", language, "model.c", "first.c", "second.c", "main.c", "-o", exe]);
        Assert.True(exitCode == 0, $"{compiler} {standard}: {output}");
        (int runCode, string printed) = Run(exe, []);

        Assert.Equal(0, runCode);
        long sum = model.Sum(b => (long)b);
        Assert.Equal($"{model.Length} {sum} 0 {model[0]}", printed.Trim());
    }

    private (int ExitCode, string Output) Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(), errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within 60 s");
        }

        return (process.ExitCode, output.Result + errors.Result);
    }
}

/// <summary>A theory that needs gcc and g++ on PATH: skipped with a reason without them, failed under CI=true.</summary>
public sealed class GccTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when gcc or g++ is missing and CI is not <c>true</c>.</summary>
    public GccTheoryAttribute()
    {
        bool found = new[] { "gcc", "g++" }.All(tool => (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, tool))));
        if (!found && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "gcc or g++ not found on PATH (apt-get install gcc g++); under CI=true this test fails instead";
    }
}
