using System.Diagnostics.CodeAnalysis;

namespace Platform.Web.Http;

/// <summary>The value a service answered, or the problem it reported.</summary>
public readonly record struct ApiResult<T>(T? Value, ApiProblem? Problem)
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;

    public static implicit operator ApiResult<T>(T value) => new(value, null);

    public static implicit operator ApiResult<T>(ApiProblem problem) => new(default, problem);
}

/// <summary>An answer without a body: success, or the problem reported.</summary>
public readonly record struct ApiResult(ApiProblem? Problem)
{
    public bool Succeeded => Problem is null;

    public static readonly ApiResult Ok = new(null);

    public static implicit operator ApiResult(ApiProblem problem) => new(problem);
}
