using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Core.Tenancy;

namespace Platform.Core.Files;

/// <summary>
/// A stored file (table <c>files</c>). The bytes live in object storage under <see cref="ObjectKey"/>
/// (<c>{tenant}/{id}</c>); <see cref="Name"/> is display data only and never part of a key or path.
/// </summary>
public sealed class FileItem : ITenantOwned
{
    public Guid Id { get; set; }

    public string TenantId { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public string Name { get; set; } = "";

    public string ContentType { get; set; } = FileContentTypes.OctetStream;

    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the bytes; null until the upload is complete.</summary>
    public string? Sha256 { get; set; }

    public string ObjectKey { get; set; } = "";

    public FileStatus Status { get; set; } = FileStatus.Uploading;

    public DateTimeOffset CreatedAt { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<FileStatus>))]
public enum FileStatus
{
    /// <summary>The row exists, the object may not (yet): hidden from lists, removed by the sweep after a while.</summary>
    [JsonStringEnumMemberName("uploading")]
    Uploading,

    [JsonStringEnumMemberName("ready")]
    Ready,
}

public sealed class FileItemConfiguration : IEntityTypeConfiguration<FileItem>
{
    public const int NameMaxLength = 255;
    public const int ContentTypeMaxLength = 255;

    public void Configure(EntityTypeBuilder<FileItem> builder)
    {
        builder.ToTable("files");
        builder.HasKey(f => f.Id).HasName("pk_files");
        builder.Property(f => f.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(f => f.TenantId).HasColumnName("tenant_id").HasMaxLength(200).IsRequired();
        builder.Property(f => f.CreatedBy).HasColumnName("created_by").HasMaxLength(200).IsRequired();
        builder.Property(f => f.Name).HasColumnName("name").HasMaxLength(NameMaxLength).IsRequired();
        builder.Property(f => f.ContentType).HasColumnName("content_type").HasMaxLength(ContentTypeMaxLength).IsRequired();
        builder.Property(f => f.Size).HasColumnName("size");
        builder.Property(f => f.Sha256).HasColumnName("sha256").HasMaxLength(64);
        builder.Property(f => f.ObjectKey).HasColumnName("object_key").HasMaxLength(300).IsRequired();
        builder.Property(f => f.Status).HasColumnName("status").HasMaxLength(20).IsRequired()
            .HasConversion(s => s == FileStatus.Ready ? "ready" : "uploading", s => s == "ready" ? FileStatus.Ready : FileStatus.Uploading);
        builder.Property(f => f.CreatedAt).HasColumnName("created_at");
        // Keyset pagination per tenant, newest first, as tasks.
        builder.HasIndex(f => new { f.TenantId, f.CreatedAt, f.Id })
            .IsDescending(false, true, true)
            .HasDatabaseName("ix_files_tenant_created");
        // The sweep looks for uploads that never finished.
        builder.HasIndex(f => new { f.Status, f.CreatedAt }).HasDatabaseName("ix_files_status_created");
    }
}
