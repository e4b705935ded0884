namespace Platform.Core.Tasks;

public sealed class TaskOptions
{
    public const string Section = "Tasks";

    /// <summary>
    /// Secret that signs every list cursor of the API (tasks, files, jobs, job runs: <see cref="Paging.ListCursor"/>), so a
    /// forged or edited cursor is rejected. Replicas must share it; without one, a fixed development key still detects
    /// edits but not deliberate forgery. It lives here because tasks had the first list; the name is public configuration.
    /// </summary>
    public string? CursorKey { get; set; }
}
