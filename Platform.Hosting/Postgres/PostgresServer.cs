using System.Diagnostics;
using Npgsql;
using Platform.Hosting.Processes;

namespace Platform.Hosting.Postgres;

/// <summary>
/// A native PostgreSQL server run by this process on 127.0.0.1: used by Integration tests and tools.
/// Stops with <c>pg_ctl stop -m fast</c> on dispose and when this process exits.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const int OutputLinesKept = 40;
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    private readonly PostgresDataDirectory _directory;
    private readonly Process _process;
    private readonly Queue<string> _output;
    private int _stopped;

    private PostgresServer(PostgresDataDirectory directory, Process process, Queue<string> output, int port)
    {
        _directory = directory;
        _process = process;
        _output = output;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public int Port { get; }
    public string DataDirectory => _directory.Path;
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    public static async Task<PostgresServer> StartAsync(PostgresServerOptions options, CancellationToken cancellationToken = default)
    {
        var directory = new PostgresDataDirectory(options.DataDirectory, PostgresBinaries.Locate(options.BinDirectory));
        await directory.PrepareAsync(cancellationToken);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.StartTimeout);
        string? lastFailure = null;
        while (true)
        {
            var port = options.Port != 0 ? options.Port : FreePort.Find();
            var (process, output) = Launch(directory, options, port);
            try
            {
                await WaitUntilAcceptingAsync(process, output, port, timeout.Token);
                return new PostgresServer(directory, process, output, port);
            }
            catch (PostgresExitedException e) when (IsRetryable(e.Output) && !timeout.IsCancellationRequested)
            {
                // Children of a SIGKILLed postmaster hold its shared memory for a moment; a free port can be taken meanwhile.
                lastFailure = e.Output;
                await Task.Delay(250, timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                KillQuietly(process);
                throw new TimeoutException($"PostgreSQL in {directory.Path} did not accept connections within {options.StartTimeout}. {lastFailure ?? Tail(output)}");
            }
            catch
            {
                KillQuietly(process);
                throw;
            }
        }
    }

    public string GetConnectionString(string database = PostgresDataDirectory.Superuser) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = PostgresDataDirectory.Superuser,
        Database = database,
    }.ConnectionString;

    /// <summary>Creates the database unless it exists (idempotent).</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(name)} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (!_process.HasExited)
        {
            var (fileName, arguments) = ServiceUser.Wrap(_directory.Binaries.PgCtl, ["stop", "-D", _directory.Path, "-m", "fast", "-w", "-t", "30"]);
            var result = await ProcessRunner.RunAsync(fileName, arguments, cancellationToken);
            if (result.ExitCode != 0)
            {
                KillQuietly(_process);
            }
            try
            {
                await _process.WaitForExitAsync(cancellationToken).WaitAsync(ExitWait, cancellationToken);
            }
            catch (TimeoutException)
            {
                KillQuietly(_process);
            }
        }
        _process.Dispose();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    public string RecentOutput()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    /// <summary>
    /// At process exit nothing asynchronous may be relied on (and a hang here keeps the process alive): ask the
    /// postmaster for a fast shutdown with a signal and wait a bounded time.
    /// </summary>
    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1 || _process.HasExited)
        {
            return;
        }
        ProcessSignals.Interrupt(_process);
        if (!_process.WaitForExit(ExitWait))
        {
            KillQuietly(_process);
        }
    }

    private static (Process, Queue<string>) Launch(PostgresDataDirectory directory, PostgresServerOptions options, int port)
    {
        var (fileName, arguments) = ServiceUser.Wrap(directory.Binaries.Postgres, directory.ServerArguments(port, options.Durable, options.MaxConnections));
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        }.WithArguments(arguments);
        var output = new Queue<string>();
        var process = new Process { StartInfo = info };
        DataReceivedEventHandler keep = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (output)
            {
                output.Enqueue(e.Data);
                if (output.Count > OutputLinesKept)
                {
                    output.Dequeue();
                }
            }
        };
        process.OutputDataReceived += keep;
        process.ErrorDataReceived += keep;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    private static async Task WaitUntilAcceptingAsync(Process process, Queue<string> output, int port, CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = PostgresDataDirectory.Superuser,
            Database = PostgresDataDirectory.Superuser,
            Pooling = false,
            Timeout = 2,
        }.ConnectionString;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken);
                throw new PostgresExitedException(Tail(output));
            }
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    private static bool IsRetryable(string output) =>
        output.Contains("pre-existing shared memory block", StringComparison.Ordinal)
        || output.Contains("could not bind", StringComparison.Ordinal)
        || output.Contains("lock file", StringComparison.Ordinal);

    private static string Tail(Queue<string> output)
    {
        lock (output)
        {
            return string.Join(Environment.NewLine, output);
        }
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}

internal sealed class PostgresExitedException(string output) : Exception("PostgreSQL exited during start-up: " + output)
{
    public string Output { get; } = output;
}
