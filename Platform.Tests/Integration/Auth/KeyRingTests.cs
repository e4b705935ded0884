using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Auth;

/// <summary>The key rings auth keeps for services without a database (the web app's Data Protection keys).</summary>
[Trait(Category.Name, Category.Integration)]
public sealed class KeyRingTests(AuthAppFixture app) : IClassFixture<AuthAppFixture>
{
    [Fact]
    public async Task Stored_elements_come_back_in_order_and_only_in_their_own_ring()
    {
        using var client = InternalClient();
        var ring = $"ring-{Guid.NewGuid():N}"[..20];
        await (await client.PostAsJsonAsync($"/internal/key-rings/{ring}", new { friendlyName = "key-1", xml = "<key id=\"1\"><a/></key>" })).EnsureStatusAsync(HttpStatusCode.NoContent);
        await (await client.PostAsJsonAsync($"/internal/key-rings/{ring}", new { friendlyName = "key-2", xml = "<key id=\"2\" />" })).EnsureStatusAsync(HttpStatusCode.NoContent);
        await (await client.PostAsJsonAsync("/internal/key-rings/other", new { friendlyName = "x", xml = "<key id=\"3\" />" })).EnsureStatusAsync(HttpStatusCode.NoContent);

        var listed = await HttpAssertions.ReadAsync<JsonElement>(await client.GetAsync($"/internal/key-rings/{ring}"), HttpStatusCode.OK);

        var elements = listed.GetProperty("elements").EnumerateArray().ToList();
        Assert.Equal(["key-1", "key-2"], elements.Select(e => e.GetProperty("friendlyName").GetString()));
        Assert.Equal("<key id=\"1\"><a/></key>", elements[0].GetProperty("xml").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task Without_the_internal_token_key_rings_are_neither_readable_nor_writable(string? token)
    {
        using var client = app.Factory.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Add("X-Internal-Token", token);
        }

        await (await client.GetAsync("/internal/key-rings/web")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PostAsJsonAsync("/internal/key-rings/web", new { xml = "<key />" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("{\"xml\":\"\"}")]
    [InlineData("{\"xml\":\"not xml\"}")]
    [InlineData("{\"xml\":\"<key>\"}")]
    [InlineData("{\"friendlyName\":\"k\"}")]
    public async Task An_element_that_is_not_one_XML_element_is_refused(string json)
    {
        using var client = InternalClient();
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        await (await client.PostAsync("/internal/key-rings/web", content)).AssertValidationProblemAsync("xml");
    }

    [Fact]
    public async Task A_ring_name_outside_lowercase_letters_digits_and_dashes_is_not_found()
    {
        using var client = InternalClient();
        await (await client.GetAsync("/internal/key-rings/Web_Keys")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private HttpClient InternalClient()
    {
        var client = app.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Internal-Token", AuthAppFixture.InternalToken);
        return client;
    }
}
