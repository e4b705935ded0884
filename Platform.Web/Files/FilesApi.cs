using Platform.Web.Files;

namespace Platform.Web.Http;

public sealed partial class ApiClient
{
    public Task<ApiResult<Page<FileItem>>> ListFilesAsync(string? cursor, int limit = 20, CancellationToken ct = default) =>
        UserSendAsync<Page<FileItem>>(HttpMethod.Get, "api/files" + Query(("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("cursor", cursor)), null, ct);

    public Task<ApiResult> DeleteFileAsync(string id, CancellationToken ct = default) =>
        UserSendAsync(HttpMethod.Delete, $"api/files/{Uri.EscapeDataString(id)}", null, ct);

    /// <summary>Streams one file part to <c>POST /api/files</c> without buffering it.</summary>
    public async Task<ApiResult<FileItem>> UploadFileAsync(Stream content, string fileName, string? contentType, long? length, CancellationToken ct = default)
    {
        var request = await AsUserAsync(HttpMethod.Post, "api/files");
        var part = new StreamContent(content);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType);
        if (length is not null)
        {
            part.Headers.ContentLength = length;
        }

        var form = new MultipartFormDataContent { { part, "file", fileName } };
        request.Content = form;
        return await SendAsync<FileItem>(request, ct);
    }

    /// <summary><c>GET /api/files/{id}/content</c>, as a response to stream through.</summary>
    public async Task<HttpResponseMessage> DownloadFileAsync(string id, CancellationToken ct = default) =>
        await SendStreamingAsync(await AsUserAsync(HttpMethod.Get, $"api/files/{Uri.EscapeDataString(id)}/content"), ct);
}
