using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Platform.Auth.KeyRings;

namespace Platform.Auth.Data;

/// <summary>Everything in <c>authdb</c>: Identity's tables plus sessions, keys, organizations and API keys.</summary>
public sealed class AuthDbContext(DbContextOptions<AuthDbContext> options)
    : IdentityDbContext<AuthUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Member> Members => Set<Member>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<KeyRingElement> KeyRingElements => Set<KeyRingElement>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<AuthUser>(e => e.Property(u => u.Name).HasMaxLength(100));

        builder.Entity<Session>(e =>
        {
            e.ToTable("sessions");
            e.Property(s => s.TokenHash).HasMaxLength(64);
            e.HasIndex(s => s.TokenHash).IsUnique();
            e.HasIndex(s => s.UserId);
            e.Property(s => s.IpAddress).HasMaxLength(64);
            e.Property(s => s.UserAgent).HasMaxLength(512);
            e.HasOne<AuthUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organization>().WithMany().HasForeignKey(s => s.ActiveOrganizationId).OnDelete(DeleteBehavior.SetNull);
        });

        builder.Entity<SigningKey>(e =>
        {
            e.ToTable("signing_keys");
            e.Property(k => k.Id).HasMaxLength(64);
        });

        builder.Entity<Organization>(e =>
        {
            e.ToTable("organizations");
            e.Property(o => o.Name).HasMaxLength(100);
            e.Property(o => o.Slug).HasMaxLength(64);
            e.HasIndex(o => o.Slug).IsUnique();
        });

        builder.Entity<Member>(e =>
        {
            e.ToTable("members");
            e.Property(m => m.Role).HasMaxLength(16);
            e.HasIndex(m => new { m.OrganizationId, m.UserId }).IsUnique();
            e.HasIndex(m => m.UserId);
            e.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<AuthUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Invitation>(e =>
        {
            e.ToTable("invitations");
            e.Property(i => i.Email).HasMaxLength(256);
            e.Property(i => i.Role).HasMaxLength(16);
            e.Property(i => i.Status).HasMaxLength(16);
            e.HasIndex(i => new { i.OrganizationId, i.Email });
            e.HasIndex(i => i.Email);
            e.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Team>(e =>
        {
            e.ToTable("teams");
            e.Property(t => t.Name).HasMaxLength(100);
            e.HasIndex(t => new { t.OrganizationId, t.Name }).IsUnique();
            e.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<TeamMember>(e =>
        {
            e.ToTable("team_members");
            e.HasIndex(t => new { t.TeamId, t.UserId }).IsUnique();
            e.HasOne<Team>().WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<AuthUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ApiKey>(e =>
        {
            e.ToTable("api_keys");
            e.Property(k => k.Name).HasMaxLength(100);
            e.Property(k => k.Start).HasMaxLength(8);
            e.Property(k => k.KeyHash).HasMaxLength(64);
            e.HasIndex(k => k.KeyHash).IsUnique();
            e.HasIndex(k => k.UserId);
            e.Property(k => k.Permissions).HasColumnType("jsonb");
            e.HasOne<AuthUser>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<OutboxEmail>(e =>
        {
            e.ToTable("email_outbox");
            e.Property(m => m.To).HasMaxLength(256);
            e.Property(m => m.Subject).HasMaxLength(256);
        });

        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");

        builder.Entity<KeyRingElement>(e =>
        {
            e.ToTable("key_ring_elements");
            e.Property(k => k.Ring).HasMaxLength(64);
            e.Property(k => k.FriendlyName).HasMaxLength(200);
            e.HasIndex(k => k.Ring);
        });
    }
}
