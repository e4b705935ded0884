using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Platform.Bench.Auth.JwtBenchmarks).Assembly).Run(args);
