using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Auth.Data;
using Platform.Auth.Sessions;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Auth;

[Trait(Category.Name, Category.Integration)]
public sealed class ApiKeyTests(AuthAppFixture app) : IClassFixture<AuthAppFixture>
{
    [Fact]
    public async Task Create_shows_the_key_once_as_pk_plus_43_base64url_with_all_permissions_by_default()
    {
        using var user = await app.CreateClient().SignUpAsync();
        var created = await CreateAsync(user, new { name = "ci" });
        var key = created.GetProperty("key").GetString()!;
        Assert.Matches("^pk_[A-Za-z0-9_-]{43}$", key);
        Assert.Equal(key[..8], created.GetProperty("start").GetString());
        var permissions = created.GetProperty("permissions");
        foreach (var resource in new[] { "tasks", "files", "jobs" })
        {
            Assert.Equal(["read", "write"], permissions.GetProperty(resource).EnumerateArray().Select(a => a.GetString()));
        }

        var listed = await HttpAssertions.ReadAsync<JsonElement[]>(await user.Http.GetAsync(Url("/api/auth/api-keys")), HttpStatusCode.OK);
        var raw = JsonSerializer.Serialize(listed);
        Assert.DoesNotContain(key, raw, StringComparison.Ordinal);
        Assert.False(Assert.Single(listed).TryGetProperty("key", out _));
        var one = await HttpAssertions.ReadAsync<JsonElement>(
            await user.Http.GetAsync(Url($"/api/auth/api-keys/{created.GetProperty("id").GetGuid()}")), HttpStatusCode.OK);
        Assert.False(one.TryGetProperty("key", out _));
    }

    [Fact]
    public async Task The_stored_row_contains_no_plaintext_secret()
    {
        using var user = await app.CreateClient().SignUpAsync();
        var created = await CreateAsync(user, new { name = "stored" });
        var key = created.GetProperty("key").GetString()!;
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<AuthDbContext>().ApiKeys.AsNoTracking()
            .SingleAsync(k => k.Id == created.GetProperty("id").GetGuid());
        Assert.Equal(SecretTokens.Hash(key), row.KeyHash);
        Assert.DoesNotContain(key[8..], JsonSerializer.Serialize(row), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_a_live_key_returns_its_owner_permissions_rate_limit_and_updates_last_used()
    {
        using var user = await app.CreateClient().SignUpAsync();
        var organizationId = await user.CreateOrganizationAsync();
        var created = await CreateAsync(user, new
        {
            name = "reader", expiresIn = 3600, organizationId,
            permissions = new Dictionary<string, string[]> { ["tasks"] = ["read"] },
            rateLimit = new { maxRequests = 50, windowSeconds = 60 },
        });

        var result = await VerifyAsync(created.GetProperty("key").GetString()!);
        Assert.True(result.GetProperty("valid").GetBoolean());
        var key = result.GetProperty("key");
        Assert.Equal(created.GetProperty("id").GetGuid(), key.GetProperty("id").GetGuid());
        Assert.Equal(user.UserId, key.GetProperty("userId").GetGuid());
        Assert.Equal(organizationId, key.GetProperty("organizationId").GetGuid());
        Assert.Equal("read", Assert.Single(key.GetProperty("permissions").GetProperty("tasks").EnumerateArray()).GetString());
        Assert.False(key.GetProperty("permissions").TryGetProperty("files", out _));
        Assert.Equal(50, key.GetProperty("rateLimit").GetProperty("maxRequests").GetInt32());
        Assert.Equal(JsonValueKind.String, key.GetProperty("expiresAt").ValueKind);

        var after = await HttpAssertions.ReadAsync<JsonElement>(
            await user.Http.GetAsync(Url($"/api/auth/api-keys/{created.GetProperty("id").GetGuid()}")), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.String, after.GetProperty("lastUsedAt").ValueKind);
    }

    [Fact]
    public async Task Verify_a_revoked_key_returns_valid_false_revoked()
    {
        using var user = await app.CreateClient().SignUpAsync();
        var created = await CreateAsync(user, new { name = "revoked" });
        await (await user.Http.DeleteAsync(Url($"/api/auth/api-keys/{created.GetProperty("id").GetGuid()}"))).EnsureStatusAsync(HttpStatusCode.NoContent);

        await AssertInvalidAsync(created.GetProperty("key").GetString()!, "revoked");
        await (await user.Http.GetAsync(Url($"/api/auth/api-keys/{created.GetProperty("id").GetGuid()}"))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Verify_a_disabled_key_returns_valid_false_disabled_and_enabling_restores_it()
    {
        using var user = await app.CreateClient().SignUpAsync();
        var created = await CreateAsync(user, new { name = "toggle" });
        var id = created.GetProperty("id").GetGuid();
        var key = created.GetProperty("key").GetString()!;

        var disabled = await HttpAssertions.ReadAsync<JsonElement>(
            await user.Http.PatchAsJsonAsync($"/api/auth/api-keys/{id}", new { enabled = false, name = "renamed" }), HttpStatusCode.OK);
        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        Assert.Equal("renamed", disabled.GetProperty("name").GetString());
        await AssertInvalidAsync(key, "disabled");

        await (await user.Http.PatchAsJsonAsync($"/api/auth/api-keys/{id}", new { enabled = true })).EnsureStatusAsync(HttpStatusCode.OK);
        Assert.True((await VerifyAsync(key)).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Verify_an_expired_key_returns_valid_false_expired()
    {
        using var user = await app.CreateClient().SignUpAsync();
        var created = await CreateAsync(user, new { name = "expiring", expiresIn = 60 });
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            // Move the expiry into the past instead of waiting a minute.
            await scope.ServiceProvider.GetRequiredService<AuthDbContext>().ApiKeys
                .Where(k => k.Id == created.GetProperty("id").GetGuid())
                .ExecuteUpdateAsync(u => u.SetProperty(k => k.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }

        await AssertInvalidAsync(created.GetProperty("key").GetString()!, "expired");
    }

    [Fact]
    public async Task Verify_an_unknown_key_returns_valid_false()
    {
        await AssertInvalidAsync("pk_" + new string('A', 43), "not_found");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    [InlineData("")]
    public async Task Verify_without_the_right_internal_token_returns_401(string? token)
    {
        using var client = app.CreateClient();
        if (token is not null)
        {
            client.Http.DefaultRequestHeaders.TryAddWithoutValidation("X-Internal-Token", token);
        }

        await (await client.Http.PostAsJsonAsync("/internal/api-keys/verify", new { key = "pk_x" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Verify_without_a_key_returns_validation_problem()
    {
        using var client = InternalClient();
        await (await client.PostAsJsonAsync("/internal/api-keys/verify", new { })).AssertValidationProblemAsync("key");
    }

    [Theory]
    [InlineData("{\"name\":\"\"}", "name")]
    [InlineData("{\"name\":\"k\",\"expiresIn\":5}", "expiresIn")]
    [InlineData("{\"name\":\"k\",\"permissions\":{\"admin\":[\"read\"]}}", "permissions")]
    [InlineData("{\"name\":\"k\",\"permissions\":{\"tasks\":[\"delete\"]}}", "permissions")]
    [InlineData("{\"name\":\"k\",\"rateLimit\":{\"maxRequests\":0,\"windowSeconds\":60}}", "rateLimit")]
    public async Task Create_with_invalid_fields_returns_validation_problem(string json, string field)
    {
        using var user = await app.CreateClient().SignUpAsync();
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        await (await user.Http.PostAsync(Url("/api/auth/api-keys"), content)).AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task Create_for_an_organization_the_user_is_not_in_returns_404()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var stranger = await app.CreateClient().SignUpAsync();
        var organizationId = await owner.CreateOrganizationAsync();
        await (await stranger.Http.PostAsJsonAsync("/api/auth/api-keys", new { name = "sneaky", organizationId }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_users_key_is_404_for_get_patch_and_delete()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var stranger = await app.CreateClient().SignUpAsync();
        var id = (await CreateAsync(owner, new { name = "private" })).GetProperty("id").GetGuid();

        await (await stranger.Http.GetAsync(Url($"/api/auth/api-keys/{id}"))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Http.PatchAsJsonAsync($"/api/auth/api-keys/{id}", new { enabled = false })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Http.DeleteAsync(Url($"/api/auth/api-keys/{id}"))).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await HttpAssertions.ReadAsync<JsonElement[]>(await stranger.Http.GetAsync(Url("/api/auth/api-keys")), HttpStatusCode.OK));
    }

    [Fact]
    public async Task Update_replaces_permissions_and_validates_them()
    {
        using var user = await app.CreateClient().SignUpAsync();
        var id = (await CreateAsync(user, new { name = "perm" })).GetProperty("id").GetGuid();
        var updated = await HttpAssertions.ReadAsync<JsonElement>(await user.Http.PatchAsJsonAsync($"/api/auth/api-keys/{id}",
            new { permissions = new Dictionary<string, string[]> { ["files"] = ["read"] } }), HttpStatusCode.OK);
        Assert.False(updated.GetProperty("permissions").TryGetProperty("tasks", out _));
        await (await user.Http.PatchAsJsonAsync($"/api/auth/api-keys/{id}",
            new { permissions = new Dictionary<string, string[]> { ["files"] = ["fly"] } })).AssertValidationProblemAsync("permissions");
    }

    [Fact]
    public async Task Api_keys_without_a_session_return_401()
    {
        using var anonymous = app.CreateClient();
        await (await anonymous.Http.GetAsync(Url("/api/auth/api-keys"))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.Http.PostAsJsonAsync("/api/auth/api-keys", new { name = "x" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static async Task<JsonElement> CreateAsync(AuthClient user, object request) =>
        await HttpAssertions.ReadAsync<JsonElement>(await user.Http.PostAsJsonAsync("/api/auth/api-keys", request), HttpStatusCode.Created);

    private HttpClient InternalClient()
    {
        var client = app.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Internal-Token", AuthAppFixture.InternalToken);
        return client;
    }

    private async Task<JsonElement> VerifyAsync(string key)
    {
        using var client = InternalClient();
        return await HttpAssertions.ReadAsync<JsonElement>(await client.PostAsJsonAsync("/internal/api-keys/verify", new { key }), HttpStatusCode.OK);
    }

    private async Task AssertInvalidAsync(string key, string reason)
    {
        var result = await VerifyAsync(key);
        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.Equal(reason, result.GetProperty("reason").GetString());
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);
}
