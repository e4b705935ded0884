using Platform.Hosting.Storage;

namespace Platform.Tests.Integration.Storage;

/// <summary>A fact that runs only where a <c>minio</c> binary is on PATH, and says so when skipped.</summary>
public sealed class MinioFactAttribute : FactAttribute
{
    public MinioFactAttribute()
    {
        if (S3Server.FindMinio() is null)
        {
            Skip = "No minio binary on PATH; install MinIO (https://min.io/download) to run this test.";
        }
    }
}
