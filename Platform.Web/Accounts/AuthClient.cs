using System.Net;
using System.Text.Json;
using Platform.Web.Http;

namespace Platform.Web.Accounts;

/// <summary>
/// The auth service's HTTP contract (DESIGN §4), called with the signed-in user's session token.
/// A 401 on a call made with a session token means the session is gone: <see cref="SessionExpiredException"/>.
/// </summary>
public sealed class AuthClient(HttpClient http) : ServiceClient(http, "sign-in")
{
    private const string SessionTokenOption = "platform.session-bearer";

    public Task<ApiResult<SignInResponse>> SignUpAsync(SignUpRequest request, CancellationToken ct = default) =>
        SendAsync<SignInResponse>(Request(HttpMethod.Post, "api/auth/sign-up/email", request), ct);

    public Task<ApiResult<SignInResponse>> SignInAsync(SignInRequest request, CancellationToken ct = default) =>
        SendAsync<SignInResponse>(Request(HttpMethod.Post, "api/auth/sign-in/email", request), ct);

    public Task<ApiResult> ForgetPasswordAsync(ForgetPasswordRequest request, CancellationToken ct = default) =>
        SendAsync(Request(HttpMethod.Post, "api/auth/forget-password", request), ct);

    public Task<ApiResult> ResetPasswordAsync(ResetPasswordRequest request, CancellationToken ct = default) =>
        SendAsync(Request(HttpMethod.Post, "api/auth/reset-password", request), ct);

    public Task<ApiResult<AccessTokenResponse>> GetAccessTokenAsync(string session, CancellationToken ct = default) =>
        SendAsync<AccessTokenResponse>(WithSession(HttpMethod.Get, "api/auth/token", session), ct);

    public Task<ApiResult<CurrentSession>> GetSessionAsync(string session, CancellationToken ct = default) =>
        SendAsync<CurrentSession>(WithSession(HttpMethod.Get, "api/auth/session", session), ct);

    public Task<ApiResult<List<SessionRecord>>> ListSessionsAsync(string session, CancellationToken ct = default) =>
        SendListAsync<SessionRecord>(WithSession(HttpMethod.Get, "api/auth/sessions", session), ct);

    public Task<ApiResult> RevokeSessionAsync(string session, string id, CancellationToken ct = default) =>
        SendAsync(WithSession(HttpMethod.Delete, $"api/auth/sessions/{Uri.EscapeDataString(id)}", session), ct);

    /// <summary>Revokes the session at auth. A session that is already gone counts as signed out.</summary>
    public async Task<ApiResult> SignOutAsync(string session, CancellationToken ct = default)
    {
        try
        {
            return await SendAsync(WithSession(HttpMethod.Post, "api/auth/sign-out", session, new { }), ct);
        }
        catch (SessionExpiredException)
        {
            return ApiResult.Ok;
        }
    }

    public Task<ApiResult> ChangePasswordAsync(string session, ChangePasswordRequest request, CancellationToken ct = default) =>
        SendAsync(WithSession(HttpMethod.Post, "api/auth/change-password", session, request), ct);

    public Task<ApiResult<AuthUser>> UpdateUserAsync(string session, UpdateUserRequest request, CancellationToken ct = default) =>
        SendUserAsync(WithSession(HttpMethod.Post, "api/auth/update-user", session, request), ct);

    // Organizations

    public Task<ApiResult<List<Organization>>> ListOrganizationsAsync(string session, CancellationToken ct = default) =>
        SendListAsync<Organization>(WithSession(HttpMethod.Get, "api/auth/organizations", session), ct);

    public Task<ApiResult<Organization>> CreateOrganizationAsync(string session, CreateOrganizationRequest request, CancellationToken ct = default) =>
        SendAsync<Organization>(WithSession(HttpMethod.Post, "api/auth/organizations", session, request), ct);

    public Task<ApiResult<Organization>> GetOrganizationAsync(string session, string id, CancellationToken ct = default) =>
        SendAsync<Organization>(WithSession(HttpMethod.Get, $"api/auth/organizations/{Esc(id)}", session), ct);

    public Task<ApiResult> ActivateOrganizationAsync(string session, string id, CancellationToken ct = default) =>
        SendAsync(WithSession(HttpMethod.Post, $"api/auth/organizations/{Esc(id)}/activate", session, new { }), ct);

    public Task<ApiResult<List<Member>>> ListMembersAsync(string session, string orgId, CancellationToken ct = default) =>
        SendListAsync<Member>(WithSession(HttpMethod.Get, $"api/auth/organizations/{Esc(orgId)}/members", session), ct);

    public Task<ApiResult<List<Invitation>>> ListOrganizationInvitationsAsync(string session, string orgId, CancellationToken ct = default) =>
        SendListAsync<Invitation>(WithSession(HttpMethod.Get, $"api/auth/organizations/{Esc(orgId)}/invitations", session), ct);

    public Task<ApiResult> InviteAsync(string session, string orgId, InviteRequest request, CancellationToken ct = default) =>
        SendAsync(WithSession(HttpMethod.Post, $"api/auth/organizations/{Esc(orgId)}/invitations", session, request), ct);

    public Task<ApiResult<List<Invitation>>> ListMyInvitationsAsync(string session, CancellationToken ct = default) =>
        SendListAsync<Invitation>(WithSession(HttpMethod.Get, "api/auth/invitations", session), ct);

    public Task<ApiResult> AnswerInvitationAsync(string session, string invitationId, bool accept, CancellationToken ct = default) =>
        SendAsync(WithSession(HttpMethod.Post, $"api/auth/invitations/{Esc(invitationId)}/{(accept ? "accept" : "reject")}", session, new { }), ct);

    public Task<ApiResult<List<Team>>> ListTeamsAsync(string session, string orgId, CancellationToken ct = default) =>
        SendListAsync<Team>(WithSession(HttpMethod.Get, $"api/auth/organizations/{Esc(orgId)}/teams", session), ct);

    public Task<ApiResult> CreateTeamAsync(string session, string orgId, CreateTeamRequest request, CancellationToken ct = default) =>
        SendAsync(WithSession(HttpMethod.Post, $"api/auth/organizations/{Esc(orgId)}/teams", session, request), ct);

    // API keys

    public Task<ApiResult<List<ApiKeyRecord>>> ListApiKeysAsync(string session, CancellationToken ct = default) =>
        SendListAsync<ApiKeyRecord>(WithSession(HttpMethod.Get, "api/auth/api-keys", session), ct);

    public Task<ApiResult<CreatedApiKey>> CreateApiKeyAsync(string session, CreateApiKeyRequest request, CancellationToken ct = default) =>
        SendAsync<CreatedApiKey>(WithSession(HttpMethod.Post, "api/auth/api-keys", session, request), ct);

    public Task<ApiResult> RevokeApiKeyAsync(string session, string id, CancellationToken ct = default) =>
        SendAsync(WithSession(HttpMethod.Delete, $"api/auth/api-keys/{Esc(id)}", session), ct);

    protected override async Task<ApiProblem> OnFailureAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.Unauthorized && request.Options.TryGetValue(new HttpRequestOptionsKey<bool>(SessionTokenOption), out var withSession) && withSession)
        {
            throw new SessionExpiredException();
        }

        return await base.OnFailureAsync(request, response, cancellationToken);
    }

    private static HttpRequestMessage WithSession(HttpMethod method, string uri, string session, object? body = null)
    {
        var request = Request(method, uri, body, session);
        request.Options.Set(new HttpRequestOptionsKey<bool>(SessionTokenOption), true);
        return request;
    }

    private static string Esc(string value) => Uri.EscapeDataString(value);

    /// <summary>Lists come as a bare array or wrapped (<c>{items}</c>, or one array-valued property).</summary>
    private async Task<ApiResult<List<T>>> SendListAsync<T>(HttpRequestMessage request, CancellationToken ct)
    {
        var result = await SendAsync<JsonElement>(request, ct);
        if (!result.Succeeded)
        {
            return result.Problem;
        }

        var element = result.Value;
        if (element.ValueKind == JsonValueKind.Object)
        {
            var array = element.TryGetProperty("items", out var items)
                ? items
                : element.EnumerateObject().Select(p => p.Value).FirstOrDefault(v => v.ValueKind == JsonValueKind.Array);
            element = array;
        }

        return element.ValueKind == JsonValueKind.Array
            ? element.Deserialize<List<T>>(JsonSerializerOptions.Web) ?? []
            : new List<T>();
    }

    /// <summary>Some endpoints answer the user itself, others <c>{user}</c>.</summary>
    private async Task<ApiResult<AuthUser>> SendUserAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var result = await SendAsync<JsonElement>(request, ct);
        if (!result.Succeeded)
        {
            return result.Problem;
        }

        var element = result.Value.ValueKind == JsonValueKind.Object && result.Value.TryGetProperty("user", out var user) ? user : result.Value;
        return element.Deserialize<AuthUser>(JsonSerializerOptions.Web)!;
    }
}
