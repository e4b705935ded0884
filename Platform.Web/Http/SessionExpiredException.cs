namespace Platform.Web.Http;

/// <summary>
/// Auth answered 401 for the signed-in user's session token: it was revoked or expired.
/// <see cref="SessionExpiredMiddleware"/> turns it into a local sign-out and a redirect to sign-in.
/// </summary>
public sealed class SessionExpiredException : Exception
{
    public SessionExpiredException()
        : base("The session was revoked or has expired.")
    {
    }

    public SessionExpiredException(string message)
        : base(message)
    {
    }

    public SessionExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
