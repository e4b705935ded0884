using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.Auth.Http;

/// <summary>The service's problem-details answers (RFC 9457), so every 4xx reads the same.</summary>
internal static class Problems
{
    public static ProblemHttpResult NotFound(string detail = "The resource was not found.") =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not Found");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad Request");

    public static ProblemHttpResult UnsupportedMediaType(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type");

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Collects field errors for <see cref="TypedResults.ValidationProblem(IDictionary{string, string[]}, string?, string?, string?, string?, IDictionary{string, object?}?)"/>.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    public FieldErrors Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, $"The {field} field is required.");
        }

        return value.Length > maxLength ? Add(field, $"The {field} field must be at most {maxLength} characters.") : NoNul(field, value);
    }

    /// <summary>PostgreSQL text cannot hold U+0000: reject it here as a field error instead of a 500 from the database.</summary>
    public FieldErrors NoNul(string field, string? value) =>
        value is not null && value.Contains('\0', StringComparison.Ordinal)
            ? Add(field, $"The {field} field must not contain NUL characters.")
            : this;

    public ValidationProblem ToProblem() =>
        TypedResults.ValidationProblem(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
}
