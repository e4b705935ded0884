using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Auth.Data;
using Platform.Auth.Http;
using Platform.Auth.Tokens;

namespace Platform.Auth.KeyRings;

/// <summary>
/// Data Protection key rings kept for other services (DESIGN §8: the web app has no database; its replicas must
/// decrypt each other's cookies). Only reachable with <c>X-Internal-Token</c>; the web's <c>IXmlRepository</c> calls them.
/// </summary>
public static partial class KeyRingEndpoints
{
    public const int MaxElementLength = 64 * 1024;

    public static IEndpointRouteBuilder MapKeyRingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/internal/key-rings/{ring}").AllowAnonymous();
        group.MapGet("", ListAsync);
        group.MapPost("", StoreAsync);
        return app;
    }

    private static async Task<Results<Ok<KeyRingResponse>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string ring, HttpContext http, AuthDbContext db, IOptions<AuthOptions> options, CancellationToken ct)
    {
        if (Reject(ring, http, options.Value) is { } rejected)
        {
            return rejected;
        }

        var elements = await db.KeyRingElements.AsNoTracking()
            .Where(e => e.Ring == ring)
            .OrderBy(e => e.Id)
            .Select(e => new KeyRingElementDto(e.FriendlyName, e.Xml))
            .ToListAsync(ct);
        return TypedResults.Ok(new KeyRingResponse(elements));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> StoreAsync(
        string ring, HttpContext http, AuthDbContext db, IOptions<AuthOptions> options, TimeProvider time, CancellationToken ct)
    {
        if (Reject(ring, http, options.Value) is { } rejected)
        {
            return rejected;
        }

        if (!http.Request.HasJsonContentType())
        {
            return Problems.UnsupportedMediaType("Send the element as application/json.");
        }

        KeyRingElementDto? element;
        try
        {
            element = await http.Request.ReadFromJsonAsync<KeyRingElementDto>(ct);
        }
        catch (System.Text.Json.JsonException)
        {
            return Problems.BadRequest("The request body is not valid JSON.");
        }

        if (string.IsNullOrWhiteSpace(element?.Xml) || element.Xml.Length > MaxElementLength || !IsXml(element.Xml))
        {
            return Problems.Invalid("xml", $"xml must be one XML element of at most {MaxElementLength} characters.");
        }

        if (element.FriendlyName is { Length: > 200 } || element.FriendlyName?.Contains('\0', StringComparison.Ordinal) == true)
        {
            return Problems.Invalid("friendlyName", "friendlyName must be at most 200 characters, without NUL characters.");
        }

        db.KeyRingElements.Add(new KeyRingElement { Ring = ring, FriendlyName = element.FriendlyName, Xml = element.Xml, CreatedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult? Reject(string ring, HttpContext http, AuthOptions options)
    {
        if (!InternalToken.IsValid(http.Request, options))
        {
            return Problems.Unauthorized($"A valid {InternalToken.HeaderName} header is required.");
        }

        return RingName().IsMatch(ring) ? null : Problems.NotFound("No such key ring.");
    }

    private static bool IsXml(string xml)
    {
        try
        {
            _ = XElement.Parse(xml);
            return true;
        }
        catch (System.Xml.XmlException)
        {
            return false;
        }
    }

    // \z, not $: $ also matches before a trailing "\n".
    [GeneratedRegex(@"^[a-z][a-z0-9-]{0,63}\z")]
    private static partial Regex RingName();
}
