using Platform.Auth.Accounts;
using Platform.Auth.ApiKeys;
using Platform.Auth.Organizations;
using Platform.Auth.Sessions;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Unit.Auth;

[Trait(Category.Name, Category.Unit)]
public sealed class AuthRulesTests
{
    [Fact]
    public void Secret_tokens_are_43_base64url_characters_and_hash_to_64_hex()
    {
        using var random = System.Security.Cryptography.RandomNumberGenerator.Create();
        var token = SecretTokens.Generate(random);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.Matches("^[0-9a-f]{64}$", SecretTokens.Hash(token));
        Assert.NotEqual(token, SecretTokens.Generate(random));
    }

    [Theory]
    [InlineData("  Ada@Example.COM ", "ada@example.com")]
    [InlineData("bob@example.test", "bob@example.test")]
    public void Emails_are_trimmed_and_lower_cased(string input, string expected) => Assert.Equal(expected, Emails.Normalize(input));

    [Theory]
    [InlineData("acme", true)]
    [InlineData("acme-2", true)]
    [InlineData("a", false)]
    [InlineData("-acme", false)]
    [InlineData("acme-", false)]
    [InlineData("Acme", false)]
    [InlineData("ac me", false)]
    public void Slugs_are_lower_case_letters_digits_and_inner_hyphens(string slug, bool valid) => Assert.Equal(valid, Slugs.IsValid(slug));

    [Fact]
    public void Permissions_accept_known_resources_and_actions_only()
    {
        Assert.Null(ApiKeyPermissions.Validate(new() { ["tasks"] = ["read"], ["jobs"] = ["read", "write"] }));
        Assert.NotNull(ApiKeyPermissions.Validate(new() { ["users"] = ["read"] }));
        Assert.NotNull(ApiKeyPermissions.Validate(new() { ["files"] = ["delete"] }));
    }
}
