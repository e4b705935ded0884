using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Auth;

/// <summary>
/// Input that PostgreSQL or the JSON reader cannot take (NUL characters, unknown charsets, slugs with a trailing
/// newline) is answered with 4xx problem details, never a 500.
/// </summary>
[Trait(Category.Name, Category.Integration)]
public sealed class HostileInputTests(AuthAppFixture app) : IClassFixture<AuthAppFixture>
{
    private const string Nul = "a\u0000b";

    [Fact]
    public async Task SignUp_with_a_NUL_in_the_name_or_email_returns_validation_problem_naming_the_field()
    {
        using var client = app.CreateClient();
        using var name = await client.Http.PostAsJsonAsync("/api/auth/sign-up/email",
            new { email = AuthClient.NewEmail(), password = "password123", name = Nul });
        await name.AssertValidationProblemAsync("name");

        using var email = await client.Http.PostAsJsonAsync("/api/auth/sign-up/email",
            new { email = "a\u0000@example.com", password = "password123", name = "Nul" });
        await email.AssertValidationProblemAsync("email");
    }

    [Fact]
    public async Task SignIn_with_a_NUL_in_the_email_returns_the_same_validation_problem_for_known_and_unknown_accounts()
    {
        using var user = await app.CreateClient().SignUpAsync();
        using var client = app.CreateClient();

        using var unknown = await client.SignInAsync("a\u0000@example.com", "password123");
        await unknown.AssertValidationProblemAsync("email");
        using var known = await client.SignInAsync(user.Email + "\u0000", "correct horse battery");
        await known.AssertValidationProblemAsync("email");
    }

    [Fact]
    public async Task ForgetPassword_with_a_NUL_in_the_email_returns_validation_problem()
    {
        using var client = app.CreateClient();
        using var response = await client.Http.PostAsJsonAsync("/api/auth/forget-password", new { email = "a\u0000@example.com" });
        await response.AssertValidationProblemAsync("email");
    }

    [Fact]
    public async Task ForgetPassword_with_a_NUL_in_redirectTo_answers_the_same_for_known_and_unknown_emails()
    {
        using var user = await app.CreateClient().SignUpAsync();
        using var client = app.CreateClient();

        using var known = await client.Http.PostAsJsonAsync("/api/auth/forget-password",
            new { email = user.Email, redirectTo = "https://x\u0000" });
        await known.AssertValidationProblemAsync("redirectTo");
        using var unknown = await client.Http.PostAsJsonAsync("/api/auth/forget-password",
            new { email = AuthClient.NewEmail("ghost"), redirectTo = "https://x\u0000" });
        await unknown.AssertValidationProblemAsync("redirectTo");
    }

    [Fact]
    public async Task Organization_and_team_names_with_a_NUL_return_validation_problem_on_create_and_update()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var createOrganization = await owner.Http.PostAsJsonAsync("/api/auth/organizations",
            new { name = Nul, slug = OrganizationDriver.NewSlug() });
        await createOrganization.AssertValidationProblemAsync("name");

        var id = await owner.CreateOrganizationAsync();
        using var renameOrganization = await owner.Http.PatchAsJsonAsync($"/api/auth/organizations/{id}", new { name = Nul });
        await renameOrganization.AssertValidationProblemAsync("name");

        using var createTeam = await owner.Http.PostAsJsonAsync($"/api/auth/organizations/{id}/teams", new { name = Nul });
        await createTeam.AssertValidationProblemAsync("name");

        var team = await HttpAssertions.ReadAsync<JsonElement>(
            await owner.Http.PostAsJsonAsync($"/api/auth/organizations/{id}/teams", new { name = "Core" }), HttpStatusCode.Created);
        using var renameTeam = await owner.Http.PatchAsJsonAsync(
            $"/api/auth/organizations/{id}/teams/{team.GetProperty("id").GetGuid()}", new { name = Nul });
        await renameTeam.AssertValidationProblemAsync("name");

        using var invite = await owner.Http.PostAsJsonAsync($"/api/auth/organizations/{id}/invitations",
            new { email = "a\u0000@example.com", role = "member" });
        await invite.AssertValidationProblemAsync("email");
    }

    [Fact]
    public async Task Api_key_names_with_a_NUL_return_validation_problem_on_create_and_update()
    {
        using var user = await app.CreateClient().SignUpAsync();
        using var create = await user.Http.PostAsJsonAsync("/api/auth/api-keys", new { name = Nul });
        await create.AssertValidationProblemAsync("name");

        var key = await HttpAssertions.ReadAsync<JsonElement>(
            await user.Http.PostAsJsonAsync("/api/auth/api-keys", new { name = "ok" }), HttpStatusCode.Created);
        using var rename = await user.Http.PatchAsJsonAsync($"/api/auth/api-keys/{key.GetProperty("id").GetGuid()}", new { name = Nul });
        await rename.AssertValidationProblemAsync("name");
    }

    [Fact]
    public async Task A_key_ring_element_with_a_NUL_in_its_friendly_name_returns_validation_problem()
    {
        using var client = InternalClient();
        using var response = await client.PostAsJsonAsync("/internal/key-rings/web", new { friendlyName = Nul, xml = "<key />" });
        await response.AssertValidationProblemAsync("friendlyName");
    }

    [Fact]
    public async Task Text_the_database_rejects_past_validation_returns_400_problem_details_not_500()
    {
        // The session row stores the User-Agent unvalidated (Kestrel refuses NUL in headers; the test server does not),
        // so PostgreSQL's 22021 inside a DbUpdateException reaches the exception handler.
        using var user = await app.CreateClient().SignUpAsync(password: "password123");
        using var client = app.CreateClient();
        Assert.True(client.Http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", Nul));

        using var response = await client.SignInAsync(user.Email, "password123");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("POST", "/api/auth/sign-up/email")]
    [InlineData("POST", "/api/auth/sign-in/email")]
    [InlineData("POST", "/api/auth/forget-password")]
    [InlineData("POST", "/api/auth/reset-password")]
    [InlineData("POST", "/api/auth/change-password")]
    [InlineData("POST", "/api/auth/organizations")]
    [InlineData("POST", "/api/auth/api-keys")]
    [InlineData("POST", "/internal/api-keys/verify")]
    [InlineData("POST", "/internal/key-rings/web")]
    public async Task A_JSON_body_in_an_unknown_charset_returns_415_problem_details(string method, string path)
    {
        using var user = await app.CreateClient().SignUpAsync();
        user.Http.DefaultRequestHeaders.Add("X-Internal-Token", AuthAppFixture.InternalToken);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative))
        {
            Content = new StringContent("{\"name\":\"x\"}", Encoding.UTF8),
        };
        request.Content.Headers.Remove("Content-Type");
        Assert.True(request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=bogus"));

        using var response = await user.Http.SendAsync(request);
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Verifying_an_api_key_sent_as_plain_text_returns_415_problem_details()
    {
        using var client = InternalClient();
        using var content = new StringContent("{\"key\":\"pk_x\"}", Encoding.UTF8, "text/plain");
        using var response = await client.PostAsync(new Uri("/internal/api-keys/verify", UriKind.Relative), content);
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("ab\n")]
    [InlineData("ab\r\n")]
    public async Task A_slug_ending_in_a_newline_returns_validation_problem_on_create_and_update(string slug)
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var create = await owner.Http.PostAsJsonAsync("/api/auth/organizations", new { name = "nl", slug });
        await create.AssertValidationProblemAsync("slug");

        var id = await owner.CreateOrganizationAsync();
        using var update = await owner.Http.PatchAsJsonAsync($"/api/auth/organizations/{id}", new { slug });
        await update.AssertValidationProblemAsync("slug");
    }

    [Fact]
    public async Task A_key_ring_name_ending_in_a_newline_is_not_found()
    {
        using var client = InternalClient();
        await (await client.GetAsync(new Uri("/internal/key-rings/web%0A", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/internal/key-rings/web", StatusCodes.Status408RequestTimeout)]
    [InlineData("/internal/key-rings/web", StatusCodes.Status413PayloadTooLarge)]
    [InlineData("/internal/api-keys/verify", StatusCodes.Status408RequestTimeout)]
    public async Task A_body_Kestrel_gives_up_on_answers_its_status_as_problem_details(string path, int status)
    {
        var context = await app.Factory.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Post;
            http.Request.Path = path;
            http.Request.ContentType = "application/json";
            http.Request.Headers["X-Internal-Token"] = AuthAppFixture.InternalToken;
            http.Request.Body = new FailingBody(new BadHttpRequestException("The body could not be read.", status));
        });

        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        var problem = await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
    }

    private HttpClient InternalClient()
    {
        var client = app.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Internal-Token", AuthAppFixture.InternalToken);
        return client;
    }

    /// <summary>A request body that fails the way Kestrel's does on a slow or oversized upload.</summary>
    private sealed class FailingBody(Exception failure) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw failure;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(failure);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromException<int>(failure);

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
