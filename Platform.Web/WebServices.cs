using Microsoft.AspNetCore.Authentication.Cookies;
using Platform.Web.Accounts;
using Platform.Web.DataProtection;
using Platform.Web.Http;

namespace Platform.Web;

public static class WebServices
{
    public const string AuthBaseAddress = "http://auth";
    public const string ApiBaseAddress = "http://api";

    /// <summary>
    /// Cookie sign-in holding auth's session token, typed clients for auth and api (service discovery
    /// resolves the names), and the JWT cache between them.
    /// </summary>
    public static WebApplicationBuilder AddWebServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "platform.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromDays(7);
                options.SlidingExpiration = true;
                options.LoginPath = "/sign-in";
                options.AccessDeniedPath = "/sign-in";
                options.ReturnUrlParameter = "returnUrl";
            });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.AddSharedDataProtection();

        builder.Services.AddMemoryCache();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<UserSession>();
        builder.Services.AddSingleton<AccessTokenCache>();
        builder.Services.AddTransient<AccessTokenHandler>();

        builder.Services.AddHttpClient<AuthClient>(http => http.BaseAddress = new Uri(AuthBaseAddress));
        builder.Services.AddHttpClient<ApiClient>(http => http.BaseAddress = new Uri(ApiBaseAddress))
            .AddHttpMessageHandler<AccessTokenHandler>();
        return builder;
    }
}
