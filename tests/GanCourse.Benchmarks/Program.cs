using GanCourse.Benchmarks;

// dotnet run -c Release --project tests/GanCourse.Benchmarks -- gan [--epochs E] [--warmup-epochs W] [--threads T] [--data digits|noise]
return BenchmarkCli.Run(args, Console.Out, Console.Error);
