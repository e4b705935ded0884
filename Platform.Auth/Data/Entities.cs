using Microsoft.AspNetCore.Identity;

namespace Platform.Auth.Data;

public sealed class AuthUser : IdentityUser<Guid>
{
    public string Name { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class Session
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    /// <summary>SHA-256 of the bearer token, lower-case hex; the token itself is never stored.</summary>
    public string TokenHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }

    public Guid? ActiveOrganizationId { get; set; }
}

public sealed class SigningKey
{
    /// <summary>The JWT <c>kid</c>.</summary>
    public string Id { get; set; } = "";

    public byte[] PublicKey { get; set; } = [];

    /// <summary>The raw private key, protected with ASP.NET Core Data Protection.</summary>
    public byte[] ProtectedPrivateKey { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }
}

public sealed class Organization
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string Slug { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class Member
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid UserId { get; set; }

    public string Role { get; set; } = Roles.Member;

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class Invitation
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>Trimmed, lower-case.</summary>
    public string Email { get; set; } = "";

    public string Role { get; set; } = Roles.Member;

    public string Status { get; set; } = InvitationStatus.Pending;

    public Guid InviterId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

public sealed class Team
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public string Name { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class TeamMember
{
    public Guid Id { get; set; }

    public Guid TeamId { get; set; }

    public Guid UserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class ApiKey
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The first 8 characters of the key, for display.</summary>
    public string Start { get; set; } = "";

    /// <summary>SHA-256 of the whole key, lower-case hex.</summary>
    public string KeyHash { get; set; } = "";

    public Guid UserId { get; set; }

    public Guid? OrganizationId { get; set; }

    /// <summary>JSON object <c>{"tasks":["read","write"], ...}</c>.</summary>
    public string Permissions { get; set; } = "{}";

    public int? RateLimitMaxRequests { get; set; }

    public int? RateLimitWindowSeconds { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

public sealed class OutboxEmail
{
    public Guid Id { get; set; }

    public string To { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Body { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}

public static class Roles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Member = "member";

    public static bool IsValid(string? role) => role is Owner or Admin or Member;
}

public static class InvitationStatus
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Canceled = "canceled";
}
