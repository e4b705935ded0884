using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Platform.Web.DataProtection;

public static class DataProtectionExtensions
{
    public const string ApplicationName = "platform-web";
    public const string InternalTokenKey = "Auth:InternalToken";

    /// <summary>
    /// Data Protection for cookies and antiforgery with one key ring for all replicas, kept by auth
    /// (<see cref="AuthKeyRingRepository"/>). Without an internal token (the web run on its own) keys stay local.
    /// </summary>
    public static WebApplicationBuilder AddSharedDataProtection(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        var token = builder.Configuration[InternalTokenKey];
        if (string.IsNullOrEmpty(token))
        {
            return builder;
        }

        builder.Services.AddHttpClient(AuthKeyRingRepository.ClientName, http =>
        {
            http.BaseAddress = new Uri(WebServices.AuthBaseAddress);
            http.DefaultRequestHeaders.Add("X-Internal-Token", token);
        });
        builder.Services.AddSingleton<AuthKeyRingRepository>();
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<AuthKeyRingRepository>((options, repository) => options.XmlRepository = repository);
        return builder;
    }
}
