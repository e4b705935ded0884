using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Api.Authentication;
using Platform.Api.Authorization;
using Platform.Api.Files;
using Platform.Core.Avatars;

namespace Platform.Api.Me;

/// <summary>The stored avatar: where to fetch it, its type and size.</summary>
public sealed record AvatarResponse(string Url, string ContentType, long Size);

public static class AvatarEndpoints
{
    public const string Path = "/api/me/avatar";
    public const string CacheControl = "private, max-age=300";

    // No Accepts metadata: it would refuse bodies by their Content-Type, and the format is decided by the bytes.
    public static IEndpointRouteBuilder MapAvatarApi(this IEndpointRouteBuilder app)
    {
        var avatar = app.MapGroup(Path).WithTags("Me")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        avatar.MapPut("/", PutAsync).WithName("PutAvatar").RequireAuthorization(Permissions.FilesWrite).DisableAntiforgery()
            .AcceptsMultipartFile(AvatarImage.Png, "image/jpeg", AvatarImage.WebP, "application/octet-stream")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Set the caller's avatar (PNG, JPEG or WebP by content, ≤ 2 MiB); stored as 256×256 without metadata.");
        avatar.MapGet("/", GetAsync).WithName("GetAvatar").RequireAuthorization()
            .ProducesBinary(StatusCodes.Status200OK, "The avatar, 256 × 256.", AvatarImage.WebP, AvatarImage.Png)
            .ProducesEmpty(StatusCodes.Status304NotModified, "If-None-Match matched the ETag.")
            .WithSummary("The caller's avatar image (ETag, privately cacheable).");
        avatar.MapDelete("/", DeleteAsync).WithName("DeleteAvatar").RequireAuthorization(Permissions.FilesWrite)
            .WithSummary("Remove the caller's avatar.");
        return app;
    }

    private static async Task<Results<Ok<AvatarResponse>, ValidationProblem, ProblemHttpResult, UnauthorizedHttpResult>> PutAsync(
        HttpContext http, AvatarService avatars, CancellationToken cancellationToken)
    {
        if (Caller.From(http.User) is not { } caller)
        {
            return TypedResults.Unauthorized();
        }
        if (http.Request.ContentLength > AvatarService.MaxBytes + 64 * 1024)
        {
            return TooLarge();
        }

        var body = http.Request.Body;
        if (MultipartUpload.IsMultipart(http.Request))
        {
            var (part, error) = await MultipartUpload.FindAsync(http.Request, MultipartUpload.FileField, cancellationToken);
            if (part is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error!.Value.Key] = [error.Value.Value] });
            }
            body = part.Body;
        }

        var (outcome, stored) = await avatars.SaveAsync(caller.UserId, body, cancellationToken);
        switch (outcome)
        {
            case AvatarOutcome.TooLarge:
                return TooLarge();
            case AvatarOutcome.NotAnImage:
                return Invalid("The avatar must be a PNG, JPEG or WebP image.");
            case AvatarOutcome.TooManyPixels:
                return Invalid($"The avatar may be at most {AvatarImage.MaxSide} pixels a side and {AvatarImage.MaxPixels} pixels in all.");
        }

        http.Response.Headers.ETag = ETagFor(stored!.ETag);
        return TypedResults.Ok(new AvatarResponse(Path, stored.ContentType!, stored.Size));
    }

    private static async Task<Results<ObjectContentResult, NotFound, StatusCodeHttpResult, UnauthorizedHttpResult>> GetAsync(
        HttpContext http, AvatarService avatars, CancellationToken cancellationToken)
    {
        if (Caller.From(http.User) is not { } caller)
        {
            return TypedResults.Unauthorized();
        }

        var stored = await avatars.StatAsync(caller.UserId, cancellationToken);
        if (stored is null)
        {
            return TypedResults.NotFound();
        }

        var etag = ETagFor(stored.ETag);
        var headers = http.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = CacheControl;
        headers.XContentTypeOptions = "nosniff";
        if (FileContentHeaders.IfNoneMatchHits(http.Request, etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var content = await avatars.OpenAsync(caller.UserId, cancellationToken);
        if (content is null)
        {
            return TypedResults.NotFound();
        }
        headers.ContentType = stored.ContentType is AvatarImage.Png ? AvatarImage.Png : AvatarImage.WebP;
        return new ObjectContentResult(content, StatusCodes.Status200OK, stored.Size);
    }

    private static async Task<Results<NoContent, NotFound, UnauthorizedHttpResult>> DeleteAsync(
        HttpContext http, AvatarService avatars, CancellationToken cancellationToken)
    {
        if (Caller.From(http.User) is not { } caller)
        {
            return TypedResults.Unauthorized();
        }
        return await avatars.DeleteAsync(caller.UserId, cancellationToken) == AvatarOutcome.Done
            ? TypedResults.NoContent()
            : TypedResults.NotFound();
    }

    private static string ETagFor(string storageETag) => $"\"{storageETag}\"";

    private static ValidationProblem Invalid(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [MultipartUpload.FileField] = [message] });

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The avatar is too large.",
            detail: $"Avatars may be at most {AvatarService.MaxBytes} bytes.");
}
