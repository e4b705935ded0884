namespace Platform.Auth.KeyRings;

/// <summary>
/// One XML element (a Data Protection key or revocation) of another service's key ring. Auth keeps the key rings of
/// services that have no database of their own (the web app), so all their replicas read the same keys.
/// </summary>
public sealed class KeyRingElement
{
    public int Id { get; set; }

    /// <summary>Whose key ring: <c>web</c>.</summary>
    public string Ring { get; set; } = "";

    public string? FriendlyName { get; set; }

    public string Xml { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
