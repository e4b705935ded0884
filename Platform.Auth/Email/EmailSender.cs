using Platform.Auth.Data;

namespace Platform.Auth.Email;

public sealed record EmailMessage(string To, string Subject, string Body);

/// <summary>Sends account mail (verification, password reset). Replace the registration to use a real mail service.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct);
}

/// <summary>
/// The embedded default: writes each message to the <c>email_outbox</c> table and logs that it did.
/// The log line names recipient and subject only; the body holds a secret link.
/// </summary>
internal sealed partial class OutboxEmailSender(AuthDbContext db, TimeProvider time, ILogger<OutboxEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        db.OutboxEmails.Add(new OutboxEmail
        {
            Id = Guid.CreateVersion7(now),
            To = message.To,
            Subject = message.Subject,
            Body = message.Body,
            CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        LogQueued(message.To, message.Subject);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Email to {To} queued in the outbox: {Subject}")]
    private partial void LogQueued(string to, string subject);
}
