using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Auth.Data;
using Platform.Auth.Http;
using Platform.Auth.Organizations;
using Platform.Auth.Sessions;
using Platform.Auth.Tokens;

namespace Platform.Auth.ApiKeys;

/// <summary>The caller's API keys, and the internal verify endpoint the API calls.</summary>
public static class ApiKeyEndpoints
{
    private const long MaxExpiresInSeconds = 10L * 365 * 24 * 3600;

    public static IEndpointRouteBuilder MapApiKeyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/api-keys").RequireAuthorization();
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", GetAsync);
        group.MapPatch("/{id:guid}", UpdateAsync);
        group.MapDelete("/{id:guid}", RevokeAsync);
        app.MapPost("/internal/api-keys/verify", VerifyAsync).AllowAnonymous();
        return app;
    }

    private static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateApiKeyRequest request, HttpContext http, AuthDbContext db, ApiKeyService keys, CancellationToken ct)
    {
        var errors = new FieldErrors().Required("name", request.Name, 100);
        if (request.ExpiresIn is { } seconds && seconds is < 60 or > MaxExpiresInSeconds)
        {
            errors.Add("expiresIn", $"expiresIn must be between 60 and {MaxExpiresInSeconds} seconds.");
        }

        if (request.Permissions is { } permissions && ApiKeyPermissions.Validate(permissions) is { } problem)
        {
            errors.Add("permissions", problem);
        }

        if (request.RateLimit is { } limit && (limit.MaxRequests is < 1 or > 1_000_000 || limit.WindowSeconds is < 1 or > 86_400))
        {
            errors.Add("rateLimit", "rateLimit needs maxRequests 1..1000000 and windowSeconds 1..86400.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var userId = http.CurrentSession().UserId;
        if (request.OrganizationId is { } organizationId && await db.FindMembershipAsync(organizationId, userId, ct) is null)
        {
            return Problems.NotFound("No such organization.");
        }

        var (row, key) = await keys.CreateAsync(userId, request, ct);
        var view = ApiKeyResponse.From(row);
        return TypedResults.Created($"/api/auth/api-keys/{row.Id}", new CreatedApiKeyResponse(
            key, view.Id, view.Name, view.Start, view.UserId, view.OrganizationId, view.Permissions, view.RateLimit,
            view.Enabled, view.CreatedAt, view.ExpiresAt));
    }

    private static async Task<Ok<ApiKeyResponse[]>> ListAsync(HttpContext http, AuthDbContext db, CancellationToken ct)
    {
        var userId = http.CurrentSession().UserId;
        var rows = await db.ApiKeys.AsNoTracking().Where(k => k.UserId == userId && k.RevokedAt == null)
            .OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(ApiKeyResponse.From).ToArray());
    }

    private static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, AuthDbContext db, CancellationToken ct) =>
        await FindOwnAsync(id, http, db, ct) is { } row
            ? TypedResults.Ok(ApiKeyResponse.From(row))
            : Problems.NotFound("No such API key.");

    private static async Task<Results<Ok<ApiKeyResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateApiKeyRequest request, HttpContext http, AuthDbContext db, TimeProvider time, CancellationToken ct)
    {
        var row = await FindOwnAsync(id, http, db, ct);
        if (row is null)
        {
            return Problems.NotFound("No such API key.");
        }

        var errors = new FieldErrors();
        if (request.Name is not null)
        {
            errors.Required("name", request.Name, 100);
        }

        if (request.Permissions is { } permissions && ApiKeyPermissions.Validate(permissions) is { } problem)
        {
            errors.Add("permissions", problem);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        row.Name = request.Name?.Trim() ?? row.Name;
        row.Enabled = request.Enabled ?? row.Enabled;
        if (request.Permissions is not null)
        {
            row.Permissions = ApiKeyPermissions.Serialize(request.Permissions);
        }

        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ApiKeyResponse.From(row));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, HttpContext http, AuthDbContext db, TimeProvider time, CancellationToken ct)
    {
        var row = await FindOwnAsync(id, http, db, ct);
        if (row is null)
        {
            return Problems.NotFound("No such API key.");
        }

        row.RevokedAt = row.UpdatedAt = time.GetUtcNow();
        row.Enabled = false;
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>For other services: never reachable without the right <c>X-Internal-Token</c>.</summary>
    private static async Task<Results<Ok<VerifyApiKeyResponse>, ValidationProblem, ProblemHttpResult>> VerifyAsync(
        HttpContext http, ApiKeyService keys, IOptions<AuthOptions> options, CancellationToken ct)
    {
        if (!InternalToken.IsValid(http.Request, options.Value))
        {
            return Problems.Unauthorized($"A valid {InternalToken.HeaderName} header is required.");
        }

        if (!http.Request.HasJsonContentType())
        {
            return Problems.UnsupportedMediaType("Send the key as application/json.");
        }

        VerifyApiKeyRequest? request;
        try
        {
            request = await http.Request.ReadFromJsonAsync<VerifyApiKeyRequest>(ct);
        }
        catch (System.Text.Json.JsonException)
        {
            return Problems.BadRequest("The request body is not valid JSON.");
        }

        if (string.IsNullOrWhiteSpace(request?.Key) || request.Key.Length > 256)
        {
            return Problems.Invalid("key", "The key field is required.");
        }

        return TypedResults.Ok(await keys.VerifyAsync(request.Key, ct));
    }

    private static Task<ApiKey?> FindOwnAsync(Guid id, HttpContext http, AuthDbContext db, CancellationToken ct)
    {
        var userId = http.CurrentSession().UserId;
        return db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.UserId == userId && k.RevokedAt == null, ct);
    }
}
