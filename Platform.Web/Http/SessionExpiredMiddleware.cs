using Microsoft.AspNetCore.Authentication;

namespace Platform.Web.Http;

/// <summary>
/// A page that finds the session revoked or expired (auth answered 401) throws
/// <see cref="SessionExpiredException"/>; here the user is signed out locally and sent to sign-in with a message.
/// </summary>
public sealed class SessionExpiredMiddleware(RequestDelegate next)
{
    public const string SignInPath = "/sign-in?reason=expired";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (IsSessionExpired(exception) && !context.Response.HasStarted)
        {
            // Clear first: it drops headers, and the sign-out's Set-Cookie must survive.
            context.Response.Clear();
            await context.SignOutAsync();
            context.Response.Redirect(SignInPath);
        }
    }

    private static bool IsSessionExpired(Exception exception) =>
        exception is SessionExpiredException || exception.InnerException is SessionExpiredException
        || (exception is AggregateException aggregate && aggregate.InnerExceptions.Any(e => e is SessionExpiredException));
}
