namespace Platform.Core.Tasks;

public sealed class TaskOptions
{
    public const string Section = "Tasks";

    /// <summary>
    /// Secret that signs list cursors (HMAC), so a forged or edited cursor is rejected. Replicas must share it;
    /// without one, a fixed development key still detects edits but not deliberate forgery.
    /// </summary>
    public string? CursorKey { get; set; }
}
