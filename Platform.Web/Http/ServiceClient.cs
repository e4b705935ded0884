using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Platform.Web.Http;

/// <summary>
/// JSON over HTTP to one Platform service: success bodies become values, failures become
/// <see cref="ApiProblem"/>s (field errors included), an unreachable service becomes a 503 problem.
/// </summary>
public abstract class ServiceClient(HttpClient http, string serviceName)
{
    protected HttpClient Http { get; } = http;

    protected async Task<ApiResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var _ = request;
        try
        {
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return await OnFailureAsync(request, response, cancellationToken);
            }

            if (response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(NoContent))
            {
                return default(T)!;
            }

            var value = await response.Content.ReadFromJsonAsync<T>(cancellationToken);
            return value is null ? ApiProblem.Unavailable(serviceName) : value;
        }
        catch (HttpRequestException)
        {
            return ApiProblem.Unavailable(serviceName);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ApiProblem.Unavailable(serviceName);
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            return ApiProblem.Unavailable(serviceName);
        }
    }

    protected async Task<ApiResult> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var result = await SendAsync<NoContent>(request, cancellationToken);
        return result.Succeeded ? ApiResult.Ok : result.Problem;
    }

    /// <summary>Lets a client turn a specific status (auth's 401 for a dead session) into an exception.</summary>
    protected virtual Task<ApiProblem> OnFailureAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken) =>
        ApiProblem.ReadAsync(response, cancellationToken);

    protected static HttpRequestMessage Request(HttpMethod method, string uri, object? body = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType());
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }

    /// <summary>Marker for "no body expected".</summary>
    protected sealed class NoContent;
}
