using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Npgsql;
using Platform.Hosting.Aspire;
using Platform.Tests.Browser;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.EndToEnd;

/// <summary>The whole stack of DESIGN §1 under Aspire.Hosting.Testing, started once for these tests.</summary>
[Collection(PlatformStackCollection.Name)]
[Trait(Category.Name, Category.EndToEnd)]
public sealed class PlatformStackTests(PlatformStackFixture stack)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private DistributedApplication App => stack.App;

    [Fact]
    public async Task Every_resource_is_running_and_healthy()
    {
        foreach (var name in PlatformStackFixture.Resources)
        {
            var update = await App.ResourceNotifications.WaitForResourceAsync(name,
                e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy)
                .WaitAsync(Timeout);
            Assert.Equal(KnownResourceStates.Running, update.Snapshot.State?.Text);
        }
    }

    [Theory]
    [InlineData("auth", new[] { "ConnectionStrings__authdb", "Auth__InternalToken" })]
    [InlineData("api", new[] { "ConnectionStrings__platformdb", "ConnectionStrings__storage", "services__auth__http__0", "Auth__InternalToken" })]
    [InlineData("worker", new[] { "ConnectionStrings__platformdb", "ConnectionStrings__storage" })]
    [InlineData("web", new[] { "services__auth__http__0", "services__api__http__0", "Auth__InternalToken" })]
    public async Task Each_service_receives_the_variables_of_DESIGN_section_2(string service, string[] expected)
    {
        var update = await App.ResourceNotifications.WaitForResourceAsync(service,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && !e.Snapshot.EnvironmentVariables.IsDefaultOrEmpty).WaitAsync(Timeout);
        var variables = update.Snapshot.EnvironmentVariables.Where(v => v.IsFromSpec).ToDictionary(v => v.Name, v => v.Value);

        Assert.All(expected.Concat(["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES"]),
            name => Assert.False(string.IsNullOrEmpty(variables.GetValueOrDefault(name)), $"{service} lacks {name}"));
        Assert.Contains("service.instance.id=", variables["OTEL_RESOURCE_ATTRIBUTES"], StringComparison.Ordinal);
        if (variables.TryGetValue("ConnectionStrings__storage", out var storage))
        {
            Assert.Matches(@"^Endpoint=http://127\.0\.0\.1:\d+;AccessKey=[^;]+;SecretKey=[^;]+$", storage);
        }
    }

    [Theory]
    [InlineData("auth", "Platform.Auth")]
    [InlineData("api", "Platform.Api")]
    [InlineData("worker", "Platform.Worker")]
    [InlineData("web", "Platform.Web")]
    public async Task Each_service_runs_its_own_project_build_directly_not_through_dotnet_run(string service, string project)
    {
        var update = await App.ResourceNotifications.WaitForResourceAsync(service,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessTree.ProcessId(e.Snapshot) is not null).WaitAsync(Timeout);
        var pid = ProcessTree.ProcessId(update.Snapshot)!.Value;

        // Its own project's bin/<configuration>/<framework>, never a copy in another project's output (the test project has some).
        var expected = Path.Combine(PlatformDataRoot.RepositoryRoot(AppContext.BaseDirectory), project, "bin");
        var executable = ProcessTree.CommandLine(pid).Split(' ')[0];
        Assert.StartsWith(expected + Path.DirectorySeparatorChar, executable, StringComparison.Ordinal);
        Assert.EndsWith(Path.DirectorySeparatorChar + project, executable, StringComparison.Ordinal);
        Assert.DoesNotContain(ProcessTree.WithDescendants(pid), p => p != pid);
    }

    [Fact]
    public async Task Restarting_postgres_through_its_resource_command_keeps_acknowledged_data()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var connectionString = await App.GetConnectionStringAsync("platformdb", cts.Token)
            ?? throw new InvalidOperationException("platformdb has no connection string");
        var marker = Guid.NewGuid().ToString("N");
        await ExecuteAsync(connectionString, $"CREATE TABLE IF NOT EXISTS e2e_restart (marker text); INSERT INTO e2e_restart VALUES ('{marker}')", cts.Token);

        var result = await App.ResourceCommands.ExecuteCommandAsync("postgres", KnownResourceCommands.RestartCommand, cts.Token);
        Assert.True(result.Success, result.Message);
        // Through Stopping/Exited/Starting and back: the default wait would give up on a stopped state still being
        // the latest notification.
        await App.ResourceNotifications.WaitForResourceHealthyAsync("postgres", WaitBehavior.WaitOnResourceUnavailable, cts.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("platformdb", WaitBehavior.WaitOnResourceUnavailable, cts.Token);
        stack.RecordProcessTrees();

        NpgsqlConnection.ClearAllPools();
        Assert.Equal(1L, await ScalarAsync(connectionString, $"SELECT count(*) FROM e2e_restart WHERE marker = '{marker}'", cts.Token));
        // The services stay healthy: their pools absorb the restart's terminated connections.
        await App.ResourceNotifications.WaitForResourceHealthyAsync("auth", cts.Token);
    }

    [Fact]
    public async Task A_user_signs_up_at_auth_and_creates_and_lists_a_task_at_the_api_with_the_JWT()
    {
        using var auth = App.CreateHttpClient("auth", "http");
        var email = $"e2e-{Guid.NewGuid():N}@example.com";
        using var signUp = await auth.PostAsJsonAsync("/api/auth/sign-up/email", new { email, password = "Correct-Horse-Battery-9", name = "E2E" });
        Assert.Equal(HttpStatusCode.OK, signUp.StatusCode);
        var accessToken = (await signUp.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();

        using var api = App.CreateHttpClient("api", "http");
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var created = await api.PostAsJsonAsync("/api/tasks", new { title = "Written through the whole stack", status = "pending" });
        Assert.True(created.IsSuccessStatusCode, $"POST /api/tasks: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").ToString();

        var list = await api.GetFromJsonAsync<JsonElement>("/api/tasks");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").ToString() == id);
    }

    [Fact]
    [Trait(Category.Name, Category.Browser)]
    public async Task In_Chromium_a_user_signs_up_in_the_web_app_and_creates_a_task_the_api_then_lists()
    {
        var page = await stack.NewPageAsync();
        var user = WebUser.New("Aspire User");
        await user.SignUpAsync(page);
        await page.GotoAsync("tasks");
        await page.GetByTestId("new-task").ClickAsync();
        await page.GetByLabel("Title").FillAsync("Created in the browser under Aspire");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create task" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("task-link")).ToHaveTextAsync("Created in the browser under Aspire");
        await BrowserStack.ScreenshotAsync(page);

        // The same account, signed in at auth, sees the task at the api: web really went through both services.
        using var auth = App.CreateHttpClient("auth", "http");
        using var signIn = await auth.PostAsJsonAsync("/api/auth/sign-in/email", new { email = user.Email, password = user.Password });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        using var api = App.CreateHttpClient("api", "http");
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        var list = await api.GetFromJsonAsync<JsonElement>("/api/tasks");
        Assert.Equal(["Created in the browser under Aspire"], list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("title").GetString()));
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
