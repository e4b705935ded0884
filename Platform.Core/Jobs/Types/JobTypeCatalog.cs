namespace Platform.Core.Jobs.Types;

/// <summary>The job types users can schedule, by name.</summary>
public static class JobTypeCatalog
{
    public static readonly IReadOnlyList<JobTypeDescriptor> All =
    [
        CleanupCompletedTasksJob.Descriptor,
        ExportTasksJob.Descriptor,
        NoopJob.Descriptor,
    ];

    public static JobTypeDescriptor? Find(string? name) => All.FirstOrDefault(t => t.Name == name);
}
