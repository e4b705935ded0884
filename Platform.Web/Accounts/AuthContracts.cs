using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Web.Accounts;

// Shapes of the auth service's JSON (DESIGN §4). Unknown extra fields are ignored.

public sealed record SignUpRequest(string Email, string Password, string Name);

public sealed record SignInRequest(string Email, string Password);

public sealed record AuthUser(string Id, string Email, string? Name, bool EmailVerified = false, string? Image = null);

public sealed record SignInResponse(string Token, string? AccessToken, int ExpiresIn, AuthUser User);

public sealed record AccessTokenResponse(string AccessToken, int ExpiresIn);

public sealed record SessionRecord(
    string Id,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? ExpiresAt,
    string? IpAddress,
    string? UserAgent,
    string? ActiveOrganizationId,
    bool? Current);

public sealed record CurrentSession(SessionRecord Session, AuthUser User);

public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword, bool RevokeOtherSessions);

public sealed record ForgetPasswordRequest(string Email, string? RedirectTo);

public sealed record ResetPasswordRequest(string Token, string NewPassword);

public sealed record UpdateUserRequest(string Name);

public sealed record Organization(string Id, string Name, string? Slug, string? Role, DateTimeOffset? CreatedAt);

public sealed record CreateOrganizationRequest(string Name, string Slug);

public sealed record Member(string? Id, string UserId, string? Email, string? Name, string Role, DateTimeOffset? CreatedAt)
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record Invitation(
    string Id,
    string? OrganizationId,
    string? OrganizationName,
    string Email,
    string? Role,
    string? Status,
    DateTimeOffset? ExpiresAt);

public sealed record InviteRequest(string Email, string Role);

public sealed record Team(string Id, string Name, string? OrganizationId, DateTimeOffset? CreatedAt);

public sealed record CreateTeamRequest(string Name);

public sealed record ApiKeyRecord(
    string Id,
    string? Name,
    string? Start,
    string? Prefix,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastRequest,
    DateTimeOffset? LastUsedAt,
    bool? Enabled,
    string? OrganizationId,
    Dictionary<string, string[]>? Permissions,
    DateTimeOffset? RevokedAt = null)
{
    public DateTimeOffset? LastUse => LastUsedAt ?? LastRequest;
}

public sealed record CreateApiKeyRequest(string Name, int? ExpiresIn, string? OrganizationId, Dictionary<string, string[]> Permissions);

public sealed record CreatedApiKey(string Id, string Key, string? Name, string? Start, DateTimeOffset? ExpiresAt);
