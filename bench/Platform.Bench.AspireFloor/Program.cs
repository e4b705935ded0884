// Aspire's floor: what `dotnet run` of an AppHost costs before any service of ours runs. One trivial process per
// Platform service, on the service's port, answering /health at once (Debian's python3: ~20 ms to start).
var builder = DistributedApplication.CreateBuilder(args);
var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
var health = Path.Combine(builder.AppHostDirectory, "health.py");
foreach (var (name, port) in new[] { ("web", 5100), ("auth", 5101), ("api", 5102), ("worker", 5103) })
{
    builder.AddExecutable(name, python, builder.AppHostDirectory, health, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
builder.Build().Run();
