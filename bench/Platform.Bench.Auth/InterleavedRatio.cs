using System.Diagnostics;
using System.Globalization;

namespace Platform.Bench.Auth;

/// <summary>
/// The validation / raw-verify throughput ratio measured in alternating rounds on one thread, so a shared,
/// noisy machine slows both sides alike (BenchmarkDotNet runs them minutes apart).
/// </summary>
public static class InterleavedRatio
{
    public static void Run(int rounds = 30, int opsPerRound = 500)
    {
        using var bench = new JwtBenchmarks();
        bench.Setup();
        Measure(bench, 3, opsPerRound); // warm-up
        var (validate, raw) = Measure(bench, rounds, opsPerRound);
        var ratios = validate.Zip(raw, (v, r) => r / v).Order().ToArray();
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Format(c, "rounds={0} ops/round={1}", rounds, opsPerRound));
        Console.WriteLine(string.Format(c, "validate median {0:F1} us/op, raw verify median {1:F1} us/op",
            Median(validate), Median(raw)));
        Console.WriteLine(string.Format(c, "throughput ratio validate/raw: median {0:F2}, p10 {1:F2}, p90 {2:F2}",
            ratios[ratios.Length / 2], ratios[ratios.Length / 10], ratios[ratios.Length * 9 / 10]));
    }

    private static (double[] Validate, double[] Raw) Measure(JwtBenchmarks bench, int rounds, int ops)
    {
        var validate = new double[rounds];
        var raw = new double[rounds];
        for (var round = 0; round < rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < ops; i++)
            {
                if (!bench.ValidateToken_JsonWebTokenHandler().GetAwaiter().GetResult())
                {
                    throw new InvalidOperationException("validation failed");
                }
            }

            validate[round] = watch.Elapsed.TotalMicroseconds / ops;
            watch.Restart();
            for (var i = 0; i < ops; i++)
            {
                if (!bench.RawNSecVerify())
                {
                    throw new InvalidOperationException("verify failed");
                }
            }

            raw[round] = watch.Elapsed.TotalMicroseconds / ops;
        }

        return (validate, raw);
    }

    private static double Median(double[] values) => values.Order().ElementAt(values.Length / 2);
}
