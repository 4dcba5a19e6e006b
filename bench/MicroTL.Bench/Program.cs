using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// BenchmarkDotNet 0.14 (the newest the package source has) does not know .NET 10 monikers, so the
// benchmarks run in process; each still gets its own warm-up, pilot and measured iterations.
IConfig config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(MicroTL.Bench.InferenceBenchmarks).Assembly).Run(args, config);
