using BenchmarkDotNet.Running;
using Platform.Bench.Auth;

if (args is ["--interleaved", ..])
{
    InterleavedRatio.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(JwtBenchmarks).Assembly).Run(args);
