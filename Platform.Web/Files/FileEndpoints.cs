using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Platform.Web.Http;

namespace Platform.Web.Files;

/// <summary>
/// Upload and download pass through Web to the API as streams. The upload form posts here (without JS),
/// or script sends it with XMLHttpRequest for a progress bar and the antiforgery token in a header.
/// </summary>
public static class FileEndpoints
{
    public static IEndpointRouteBuilder MapFileEndpoints(this IEndpointRouteBuilder app)
    {
        var maxBytes = app.ServiceProvider.GetRequiredService<IOptions<WebOptions>>().Value.MaxUploadBytes;
        app.MapPost("/files/upload", UploadAsync)
            .RequireAuthorization()
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .WithMetadata(new UploadLimits(maxBytes + (1024 * 1024)));
        app.MapGet("/files/{id}/download", DownloadAsync).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> UploadAsync(HttpContext context, ApiClient api, IOptions<WebOptions> options)
    {
        var wantsJson = context.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);
        var result = await ForwardAsync(context, api, options.Value.MaxUploadBytes);
        if (wantsJson)
        {
            return result.Succeeded
                ? TypedResults.Ok(new { id = result.Value.Id })
                : TypedResults.Problem(result.Problem.Message, statusCode: (int)result.Problem.Status);
        }

        return TypedResults.LocalRedirect(result.Succeeded ? "/files?uploaded=1" : "/files?error=" + Uri.EscapeDataString(result.Problem.Message));
    }

    private static async Task<ApiResult<FileItem>> ForwardAsync(HttpContext context, ApiClient api, long maxBytes)
    {
        var ct = context.RequestAborted;
        if (context.Request.ContentLength > maxBytes + (1024 * 1024))
        {
            return TooLarge(maxBytes);
        }

        // Antiforgery may already have read the form (token posted as a field); otherwise stream the parts.
        if (context.Features.Get<IFormFeature>()?.Form is { } form)
        {
            var file = form.Files.GetFile("file");
            if (file is null || file.Length == 0)
            {
                return NoFile();
            }

            if (file.Length > maxBytes)
            {
                return TooLarge(maxBytes);
            }

            await using var stream = file.OpenReadStream();
            return await api.UploadFileAsync(stream, file.FileName, file.ContentType, file.Length, ct);
        }

        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(context.Request.ContentType).Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return NoFile();
        }

        var reader = new MultipartReader(boundary, context.Request.Body);
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                && disposition.IsFileDisposition() && disposition.Name.Value == "file")
            {
                var fileName = disposition.FileNameStar.Value ?? disposition.FileName.Value ?? "upload";
                return await api.UploadFileAsync(section.Body, Path.GetFileName(fileName), section.ContentType, null, ct);
            }
        }

        return NoFile();
    }

    private static ApiProblem NoFile() =>
        new(System.Net.HttpStatusCode.BadRequest, "Choose a file to upload.", new Dictionary<string, string[]> { ["file"] = ["Choose a file to upload."] });

    private static ApiProblem TooLarge(long maxBytes) =>
        new(System.Net.HttpStatusCode.RequestEntityTooLarge, $"The file is larger than the {ByteSize.Format(maxBytes)} limit.");

    private static async Task DownloadAsync(HttpContext context, ApiClient api, string id)
    {
        using var response = await api.DownloadFileAsync(id, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            return;
        }

        var headers = response.Content.Headers;
        context.Response.ContentType = headers.ContentType?.ToString() ?? "application/octet-stream";
        context.Response.ContentLength = headers.ContentLength;
        context.Response.Headers.ContentDisposition = headers.ContentDisposition?.ToString() ?? $"attachment; filename=\"{id}\"";
        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private sealed class UploadLimits(long maxBytes) : IRequestSizeLimitMetadata, IFormOptionsMetadata
    {
        public long? MaxRequestBodySize => maxBytes;

        public bool? BufferBody => null;
        public int? MemoryBufferThreshold => null;
        public long? BufferBodyLengthLimit => null;
        public int? ValueCountLimit => null;
        public int? KeyLengthLimit => null;
        public int? ValueLengthLimit => null;
        public int? MultipartBoundaryLengthLimit => null;
        public int? MultipartHeadersCountLimit => null;
        public int? MultipartHeadersLengthLimit => null;
        public long? MultipartBodyLengthLimit => maxBytes;
    }
}
