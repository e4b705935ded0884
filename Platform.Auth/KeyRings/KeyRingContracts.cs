namespace Platform.Auth.KeyRings;

/// <summary><c>GET /internal/key-rings/{ring}</c>: every element, oldest first.</summary>
public sealed record KeyRingResponse(IReadOnlyList<KeyRingElementDto> Elements);

/// <summary>One element as the client's <c>IXmlRepository</c> stores it.</summary>
public sealed record KeyRingElementDto(string? FriendlyName, string Xml);
