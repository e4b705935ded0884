using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using Platform.Core.Storage;

namespace Platform.Api.Http;

/// <summary>
/// The database (or another dependency) being unreachable is not a bug: answer 503 with <c>Retry-After</c>
/// instead of 500, once the bounded retries have given up.
/// </summary>
public sealed partial class ServiceUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<ServiceUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        LogUnavailable(logger, exception.GetType().Name, exception);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service temporarily unavailable.",
                Detail = "A backing service is unreachable. Retry later.",
            },
        });
    }

    internal static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    // Server-side errors are unavailability only when transient (shutdown, too many connections...).
                    return postgres.IsTransient || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("08", StringComparison.Ordinal);
                case StorageUnavailableException:
                case NpgsqlException:
                case SocketException:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dependency unavailable ({ExceptionType}); answering 503")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, Exception exception);
}
