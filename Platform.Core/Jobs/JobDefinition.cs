using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Core.Jobs.Schedules;
using Platform.Core.Tenancy;

namespace Platform.Core.Jobs;

/// <summary>A scheduled job as users define it (table <c>jobs</c>); Quartz holds the matching job detail and trigger.</summary>
public sealed class JobDefinition : ITenantOwned
{
    public Guid Id { get; set; }

    public string TenantId { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public string Name { get; set; } = "";

    public string Type { get; set; } = "";

    public JobSchedule Schedule { get; set; } = new();

    /// <summary>The validated payload with defaults filled, as JSON.</summary>
    public string Payload { get; set; } = "{}";

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Concurrency token and ETag.</summary>
    public int Version { get; set; }
}

public sealed class JobDefinitionConfiguration : IEntityTypeConfiguration<JobDefinition>
{
    public void Configure(EntityTypeBuilder<JobDefinition> builder)
    {
        builder.ToTable("jobs");
        builder.HasKey(j => j.Id).HasName("pk_jobs");
        builder.Property(j => j.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(j => j.TenantId).HasColumnName("tenant_id").HasMaxLength(200).IsRequired();
        builder.Property(j => j.CreatedBy).HasColumnName("created_by").HasMaxLength(200).IsRequired();
        builder.Property(j => j.Name).HasColumnName("name").HasMaxLength(200).IsRequired();
        builder.Property(j => j.Type).HasColumnName("type").HasMaxLength(100).IsRequired();
        builder.Property(j => j.Schedule).HasColumnName("schedule").HasColumnType("jsonb").IsRequired()
            .HasConversion(
                s => JsonSerializer.Serialize(s, JsonSerializerOptions.Web),
                s => JsonSerializer.Deserialize<JobSchedule>(s, JsonSerializerOptions.Web) ?? new JobSchedule(),
                new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<JobSchedule>((a, b) => a == b, s => s.GetHashCode(), s => s));
        builder.Property(j => j.Payload).HasColumnName("payload").HasColumnType("jsonb").IsRequired();
        builder.Property(j => j.Enabled).HasColumnName("enabled");
        builder.Property(j => j.CreatedAt).HasColumnName("created_at");
        builder.Property(j => j.UpdatedAt).HasColumnName("updated_at");
        builder.Property(j => j.Version).HasColumnName("version").IsConcurrencyToken();
        // Keyset pagination per tenant, newest first.
        builder.HasIndex(j => new { j.TenantId, j.CreatedAt, j.Id }).HasDatabaseName("ix_jobs_tenant_created");
    }
}
