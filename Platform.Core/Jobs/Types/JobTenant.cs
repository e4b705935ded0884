using Platform.Core.Jobs.Quartz;
using Platform.Core.Tenancy;

namespace Platform.Core.Jobs.Types;

public static class JobTenant
{
    /// <summary>Acts for the job's tenant and creator, so PlatformDbContext's tenant filter scopes the run's queries.</summary>
    public static void ActFor(this TenantContext tenant, JobData job)
    {
        var organizationId = job.TenantId.StartsWith(TenantContext.OrganizationPrefix, StringComparison.Ordinal)
            ? job.TenantId[TenantContext.OrganizationPrefix.Length..]
            : null;
        tenant.Set(job.CreatedBy, organizationId, organizationRole: null);
        if (tenant.TenantId != job.TenantId)
        {
            throw new InvalidOperationException($"Job {job.JobId} has tenant '{job.TenantId}' that does not match its creator.");
        }
    }
}
