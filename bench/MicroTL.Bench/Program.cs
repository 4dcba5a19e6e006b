using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// BenchmarkDotNet 0.14 (the newest the package source has) does not know .NET 10 monikers, so the
// benchmarks run in process; each still gets its own warm-up, pilot and measured iterations.
// A job named on the command line (--job short, dry, medium, long) would run beside a job added
// here, not instead of it: then that job alone runs, kept in process by --inProcess.
bool jobNamed = args.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal));
// Min and median beside the mean: on a shared, loaded machine the minimum is the figure other jobs inflate least.
IConfig config = DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator).AddColumn(StatisticColumn.Min, StatisticColumn.Median);
if (!jobNamed) config = config.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
else if (!args.Contains("--inProcess")) args = [.. args, "--inProcess"];
BenchmarkSwitcher.FromAssembly(typeof(MicroTL.Bench.InferenceBenchmarks).Assembly).Run(args, config);
