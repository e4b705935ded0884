using System.Net;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Api;

[Trait(Category.Name, Category.Integration)]
public sealed class ApiKeyRevocationTests(FakeClockApiStack stack) : IClassFixture<FakeClockApiStack>
{
    [Fact]
    public async Task A_revoked_key_is_rejected_once_the_30_second_cache_expires()
    {
        using var user = await stack.SignUpAsync();
        var (id, key) = await ApiStack.CreateApiKeyAsync(user);
        using var api = stack.ApiWithKey(key);
        using (var before = await api.GetAsync(new Uri("/api/tasks", UriKind.Relative)))
        {
            await before.EnsureStatusAsync(HttpStatusCode.OK);
        }

        using (var revoke = await user.Http.DeleteAsync(new Uri($"/api/auth/api-keys/{id}", UriKind.Relative)))
        {
            await revoke.EnsureStatusAsync(HttpStatusCode.NoContent);
        }

        stack.ApiClock!.Advance(TimeSpan.FromSeconds(31));
        using var after = await api.GetAsync(new Uri("/api/tasks", UriKind.Relative));
        await after.AssertProblemWithRequestIdAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Within_the_cache_lifetime_a_verified_key_is_not_re_checked()
    {
        using var user = await stack.SignUpAsync();
        var (id, key) = await ApiStack.CreateApiKeyAsync(user);
        using var api = stack.ApiWithKey(key);
        using (var first = await api.GetAsync(new Uri("/api/tasks", UriKind.Relative)))
        {
            await first.EnsureStatusAsync(HttpStatusCode.OK);
        }
        using (var revoke = await user.Http.DeleteAsync(new Uri($"/api/auth/api-keys/{id}", UriKind.Relative)))
        {
            await revoke.EnsureStatusAsync(HttpStatusCode.NoContent);
        }

        stack.ApiClock!.Advance(TimeSpan.FromSeconds(10));
        using var cached = await api.GetAsync(new Uri("/api/tasks", UriKind.Relative));
        await cached.EnsureStatusAsync(HttpStatusCode.OK);
    }
}
