using System.Net;
using System.Text.Json;
using Platform.ServiceDefaults.RequestIds;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.ServiceDefaults;

[Trait(Category.Name, Category.Integration)]
public sealed class ServiceDefaultsTests : IAsyncLifetime
{
    private ServiceDefaultsApp _app = null!;

    public async Task InitializeAsync() => _app = await ServiceDefaultsApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_request_without_an_id_gets_a_generated_one()
    {
        using var response = await _app.Client.GetAsync(new Uri("/ok", UriKind.Relative));
        var id = Assert.Single(response.Headers.GetValues(RequestIdMiddleware.HeaderName));
        Assert.True(RequestId.IsValid(id));
    }

    [Fact]
    public async Task A_valid_incoming_id_is_echoed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ok");
        request.Headers.Add(RequestIdMiddleware.HeaderName, "client-42.retry:1");
        using var response = await _app.Client.SendAsync(request);
        Assert.Equal("client-42.retry:1", Assert.Single(response.Headers.GetValues(RequestIdMiddleware.HeaderName)));
    }

    [Theory]
    [InlineData("301")]
    [InlineData("with spaces")]
    [InlineData("crlf")]
    public async Task An_invalid_incoming_id_is_replaced_and_never_reflected(string kind)
    {
        var invalid = kind switch
        {
            "301" => new string('a', 301),
            "crlf" => "abc\r\nSet-Cookie: stolen=1",
            _ => "with spaces",
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ok");
        request.Headers.TryAddWithoutValidation(RequestIdMiddleware.HeaderName, invalid);
        using var response = await _app.Client.SendAsync(request);

        var id = Assert.Single(response.Headers.GetValues(RequestIdMiddleware.HeaderName));
        Assert.NotEqual(invalid, id);
        Assert.True(RequestId.IsValid(id));
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.DoesNotContain(invalid, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_404_is_problem_details_with_the_request_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/nowhere");
        request.Headers.Add(RequestIdMiddleware.HeaderName, "id-404");
        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("id-404", Assert.Single(response.Headers.GetValues(RequestIdMiddleware.HeaderName)));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("id-404", body.RootElement.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_without_stack_trace_and_with_the_request_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/boom");
        request.Headers.Add(RequestIdMiddleware.HeaderName, "id-500");
        using var response = await _app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("id-500", Assert.Single(response.Headers.GetValues(RequestIdMiddleware.HeaderName)));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("secret detail", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(text);
        Assert.Equal(500, body.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("id-500", body.RootElement.GetProperty("requestId").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task Health_is_200_with_each_check_while_all_pass()
    {
        using var response = await _app.Client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        var database = body.RootElement.GetProperty("checks").GetProperty("database");
        Assert.Equal("Healthy", database.GetProperty("status").GetString());
        Assert.True(database.TryGetProperty("durationMs", out _));
    }

    [Fact]
    public async Task Health_is_503_naming_the_failing_check_while_alive_stays_200()
    {
        _app.Dependency.Failing = true;

        using var health = await _app.Client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        using var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("self").GetProperty("status").GetString());

        using var alive = await _app.Client.GetAsync(new Uri("/alive", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        using var aliveBody = JsonDocument.Parse(await alive.Content.ReadAsStringAsync());
        Assert.False(aliveBody.RootElement.GetProperty("checks").TryGetProperty("database", out _));
    }
}
