using System.Net.Http.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Platform.Web.DataProtection;

/// <summary>
/// The web app's Data Protection key ring, kept by auth in <c>authdb</c> (<c>/internal/key-rings/web</c>, internal
/// token): the web has no database of its own (DESIGN §1, §8), and every replica must decrypt the session cookies and
/// antiforgery tokens the others issued. Data Protection caches the ring and reads it again only every 24 h or when a
/// payload names a key it does not know, so these calls are rare.
/// </summary>
internal sealed class AuthKeyRingRepository(IHttpClientFactory clients) : IXmlRepository
{
    public const string ClientName = "auth-key-ring";
    public const string Ring = "web";
    private const string Path = "internal/key-rings/" + Ring;

    // IXmlRepository is synchronous; the call runs on the thread pool so no request's synchronization context is involved.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        Task.Run(GetAllElementsAsync).GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) =>
        Task.Run(() => StoreElementAsync(element, friendlyName)).GetAwaiter().GetResult();

    private async Task<IReadOnlyCollection<XElement>> GetAllElementsAsync()
    {
        var ring = await clients.CreateClient(ClientName).GetFromJsonAsync<KeyRing>(Path)
            ?? throw new InvalidOperationException("auth answered an empty key ring document.");
        return [.. ring.Elements.Select(e => XElement.Parse(e.Xml))];
    }

    private async Task StoreElementAsync(XElement element, string friendlyName)
    {
        using var response = await clients.CreateClient(ClientName).PostAsJsonAsync(Path, new KeyRingElement(friendlyName, element.ToString(SaveOptions.DisableFormatting)));
        response.EnsureSuccessStatusCode();
    }

    private sealed record KeyRing(List<KeyRingElement> Elements);

    private sealed record KeyRingElement(string? FriendlyName, string Xml);
}
