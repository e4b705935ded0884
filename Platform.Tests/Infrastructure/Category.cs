namespace Platform.Tests.Infrastructure;

/// <summary>Values of the <c>Category</c> trait (DESIGN §9): <c>dotnet test --filter Category=Unit</c>.</summary>
public static class Category
{
    public const string Name = "Category";
    public const string Unit = "Unit";
    public const string Integration = "Integration";
    public const string EndToEnd = "EndToEnd";
    public const string Browser = "Browser";
}
