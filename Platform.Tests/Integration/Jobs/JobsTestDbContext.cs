using Microsoft.EntityFrameworkCore;
using Platform.Core.Jobs;
using Platform.Core.Jobs.Runs;

namespace Platform.Tests.Integration.Jobs;

/// <summary>Only the jobs tables, for tests of the jobs feature on its own.</summary>
public sealed class JobsTestDbContext(DbContextOptions<JobsTestDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new JobDefinitionConfiguration());
        modelBuilder.ApplyConfiguration(new JobRunConfiguration());
    }
}
