namespace Platform.AppHost;

/// <summary>
/// The AppHost's own switches, turned into configuration keys: <c>--containers</c> →
/// <c>Platform:Containers=true</c>; <c>--replicas api=2,worker=2</c> → <c>Platform:Replicas:api=2</c>, ...
/// Everything else passes through to Aspire unchanged.
/// </summary>
internal static class PlatformArguments
{
    public static string[] Normalize(string[] args)
    {
        List<string> normalized = [];
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--containers":
                    normalized.Add("--Platform:Containers=true");
                    break;
                case "--replicas" when i + 1 < args.Length:
                    foreach (var pair in args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        var (name, count) = pair.Split('=') is [var n, var c] ? (n, c) : throw new ArgumentException($"--replicas expects NAME=COUNT[,NAME=COUNT], got '{pair}'.");
                        normalized.Add($"--Platform:Replicas:{name}={count}");
                    }
                    break;
                default:
                    normalized.Add(args[i]);
                    break;
            }
        }
        return [.. normalized];
    }
}
