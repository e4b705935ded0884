using System.Text.RegularExpressions;
using Platform.Auth.Data;

namespace Platform.Auth.Organizations;

public sealed record CreateOrganizationRequest(string? Name, string? Slug);

public sealed record UpdateOrganizationRequest(string? Name, string? Slug);

public sealed record OrganizationResponse(Guid Id, string Name, string Slug, DateTimeOffset CreatedAt, string Role)
{
    public static OrganizationResponse From(Organization o, string role) => new(o.Id, o.Name, o.Slug, o.CreatedAt, role);
}

public sealed record MemberResponse(Guid Id, Guid OrganizationId, Guid UserId, string Role, string Email, string Name, DateTimeOffset CreatedAt);

public sealed record UpdateMemberRequest(string? Role);

public sealed record CreateInvitationRequest(string? Email, string? Role);

public sealed record InvitationResponse(
    Guid Id, Guid OrganizationId, string OrganizationName, string Email, string Role, string Status,
    Guid InviterId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

public sealed record TeamRequest(string? Name);

public sealed record TeamResponse(Guid Id, Guid OrganizationId, string Name, DateTimeOffset CreatedAt, Guid[] MemberIds);

public sealed record AddTeamMemberRequest(Guid? UserId);

public sealed record ActiveOrganizationResponse(Guid OrganizationId, string Role);

public static partial class Slugs
{
    /// <summary>Lower-case letters, digits and inner hyphens, 2..64 characters.</summary>
    public static bool IsValid(string? slug) => slug is not null && Pattern().IsMatch(slug);

    // \z, not $: $ also matches before a trailing "\n".
    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])\z")]
    private static partial Regex Pattern();
}
