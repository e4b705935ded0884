using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Core.Tenancy;

namespace Platform.Core.Tasks;

/// <summary>A task (table <c>tasks</c>). Named TaskItem so it never collides with System.Threading.Tasks.Task.</summary>
public sealed class TaskItem : ITenantOwned
{
    public Guid Id { get; set; }

    public string TenantId { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public string Title { get; set; } = "";

    public string? Description { get; set; }

    public TaskItemStatus Status { get; set; } = TaskItemStatus.Pending;

    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Concurrency token, shown as the ETag; incremented on every change.</summary>
    public int Version { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<TaskItemStatus>))]
public enum TaskItemStatus
{
    [JsonStringEnumMemberName(TaskItemStatusNames.Pending)]
    Pending,
    [JsonStringEnumMemberName(TaskItemStatusNames.InProgress)]
    InProgress,
    [JsonStringEnumMemberName(TaskItemStatusNames.Completed)]
    Completed,
}

public static class TaskItemStatusNames
{
    public const string Pending = "pending";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";

    public static readonly string[] All = [Pending, InProgress, Completed];

    public static string ToName(this TaskItemStatus status) => status switch
    {
        TaskItemStatus.Pending => Pending,
        TaskItemStatus.InProgress => InProgress,
        TaskItemStatus.Completed => Completed,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParse(string? name, out TaskItemStatus status)
    {
        switch (name)
        {
            case Pending: status = TaskItemStatus.Pending; return true;
            case InProgress: status = TaskItemStatus.InProgress; return true;
            case Completed: status = TaskItemStatus.Completed; return true;
            default: status = default; return false;
        }
    }
}

public sealed class TaskItemConfiguration : IEntityTypeConfiguration<TaskItem>
{
    public const int TitleMaxLength = 255;
    public const int DescriptionMaxLength = 5000;

    public void Configure(EntityTypeBuilder<TaskItem> builder)
    {
        builder.ToTable("tasks");
        builder.HasKey(t => t.Id).HasName("pk_tasks");
        builder.Property(t => t.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(t => t.TenantId).HasColumnName("tenant_id").HasMaxLength(200).IsRequired();
        builder.Property(t => t.CreatedBy).HasColumnName("created_by").HasMaxLength(200).IsRequired();
        builder.Property(t => t.Title).HasColumnName("title").HasMaxLength(TitleMaxLength).IsRequired();
        builder.Property(t => t.Description).HasColumnName("description").HasMaxLength(DescriptionMaxLength);
        builder.Property(t => t.Status).HasColumnName("status").HasMaxLength(20).IsRequired()
            .HasConversion(s => s.ToName(), s => Parse(s));
        builder.Property(t => t.DueAt).HasColumnName("due_at");
        builder.Property(t => t.CreatedAt).HasColumnName("created_at");
        builder.Property(t => t.UpdatedAt).HasColumnName("updated_at");
        builder.Property(t => t.Version).HasColumnName("version").IsConcurrencyToken();
        // Keyset pagination per tenant, newest first: WHERE tenant_id = $1 AND (created_at, id) < ($2, $3).
        builder.HasIndex(t => new { t.TenantId, t.CreatedAt, t.Id })
            .IsDescending(false, true, true)
            .HasDatabaseName("ix_tasks_tenant_created");
    }

    private static TaskItemStatus Parse(string name) =>
        TaskItemStatusNames.TryParse(name, out var status) ? status : TaskItemStatus.Pending;
}
