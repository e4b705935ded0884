using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Platform.Auth.Http;

/// <summary>
/// Safety net behind field validation: text PostgreSQL cannot store (U+0000, or a character the database encoding
/// lacks) is the client's mistake, so answer 400 problem details instead of 500.
/// </summary>
internal sealed partial class UnstorableTextExceptionHandler(IProblemDetailsService problems, ILogger<UnstorableTextExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (FindUnstorableText(exception) is not { } postgres || httpContext.Response.HasStarted)
        {
            return false;
        }

        LogUnstorableText(logger, postgres.SqlState);
        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Bad Request",
                Detail = "The request contains text that cannot be stored, such as a NUL (U+0000) character.",
            },
        });
    }

    /// <summary>22021 (character_not_in_repertoire, e.g. NUL) or 22P05 (untranslatable_character), however wrapped (DbUpdateException...).</summary>
    internal static PostgresException? FindUnstorableText(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter } postgres)
            {
                return postgres;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request text PostgreSQL cannot store (SQLSTATE {SqlState}); answering 400")]
    private static partial void LogUnstorableText(ILogger logger, string sqlState);
}
