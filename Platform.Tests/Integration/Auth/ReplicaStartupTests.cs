using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Auth;

/// <summary>Two replicas on one empty authdb: migrations under the advisory lock, one shared signing key and key ring.</summary>
[Trait(Category.Name, Category.Integration)]
public sealed class ReplicaStartupTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Two_replicas_starting_together_migrate_once_and_sign_with_the_same_key()
    {
        var settings = new AuthAppFixture();
        await using var first = settings.CreateFactory(database.ConnectionString);
        await using var second = settings.CreateFactory(database.ConnectionString);
        await Task.WhenAll(Task.Run(() => first.Server), Task.Run(() => second.Server));

        using var onFirst = await new AuthClient(first.CreateClient()).SignUpAsync();
        using var onSecond = new AuthClient(second.CreateClient());
        onSecond.UseSession(onFirst.Account!);

        // The session made on one replica works on the other, and both sign with the one active key.
        var fromSecond = await onSecond.GetAccessTokenAsync();
        Assert.Equal(JwtParts.Header(onFirst.Account!.AccessToken).GetProperty("kid").GetString(),
            JwtParts.Header(fromSecond).GetProperty("kid").GetString());

        var jwksFirst = await first.CreateClient().GetFromJsonAsync<JsonElement>(new Uri("/api/auth/jwks", UriKind.Relative));
        var jwksSecond = await second.CreateClient().GetFromJsonAsync<JsonElement>(new Uri("/api/auth/jwks", UriKind.Relative));
        Assert.Equal(jwksFirst.ToString(), jwksSecond.ToString());
        Assert.Single(jwksFirst.GetProperty("keys").EnumerateArray());

        using var health = await second.CreateClient().GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
