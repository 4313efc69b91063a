using GanCourse.Benchmarks;

// dotnet run -c Release --project tests/GanCourse.Benchmarks -- gan [--iterations N] [--warmup W] [--threads T] [--straightforward] [--ablation]
return BenchmarkCli.Run(args, Console.Out, Console.Error);
