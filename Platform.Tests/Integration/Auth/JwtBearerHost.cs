using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Platform.ServiceDefaults.Authentication;

namespace Platform.Tests.Integration.Auth;

/// <summary>
/// A resource server as the API will be: JwtBearer whose only key source is the auth service's
/// discovery document and JWKS, fetched over HTTP (the auth test server's handler), with iss, aud and lifetime checks on.
/// </summary>
public sealed class JwtBearerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private JwtBearerHost(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    /// <param name="clock">When set, lifetime is checked against this clock instead of the system's (fake-time tests).</param>
    public static async Task<JwtBearerHost> StartAsync(HttpMessageHandler authBackchannel, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MetadataAddress = "http://localhost/.well-known/openid-configuration";
            options.RequireHttpsMetadata = false;
            options.BackchannelHttpHandler = authBackchannel;
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = AuthAppFixture.Issuer,
                ValidAudience = "platform-api",
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = TimeSpan.FromSeconds(30),
            }.UseEd25519Keys();
            if (clock is not null)
            {
                options.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
                {
                    var now = clock.GetUtcNow().UtcDateTime;
                    return notBefore <= now + parameters.ClockSkew && expires > now - parameters.ClockSkew;
                };
            }
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/me", (ClaimsPrincipal user) => user.Claims.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.First().Value))
            .RequireAuthorization();
        await app.StartAsync();
        return new JwtBearerHost(app);
    }

    public async Task<HttpResponseMessage> CallAsync(string jwt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", jwt);
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
