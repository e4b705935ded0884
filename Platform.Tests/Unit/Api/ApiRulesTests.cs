using Microsoft.AspNetCore.Http;
using Platform.Api.Authentication;
using Platform.Api.Http;
using Platform.ServiceDefaults.Problems;
using Platform.Api.Tasks;
using Platform.Core.Tenancy;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Unit.Api;

[Trait(Category.Name, Category.Unit)]
public sealed class ApiRulesTests
{
    [Theory]
    [InlineData("pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", true)]
    [InlineData("pk_abcdefghijklmnopqrstuvwxyz-_0123456789ABCDE", true)]
    [InlineData("pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false)]
    [InlineData("pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", false)]
    [InlineData("sk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false)]
    [InlineData("pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Api_key_format_is_checked_before_any_call(string? key, bool wellFormed) =>
        Assert.Equal(wellFormed, ApiKeyAuthenticationHandler.IsWellFormed(key));

    [Theory]
    [InlineData(null, null)]
    [InlineData("*", null)]
    [InlineData("\"3\"", 3)]
    [InlineData("W/\"4\"", 4)]
    [InlineData("\"x\", \"7\"", 7)]
    [InlineData("\"abc\"", -1)]
    [InlineData("3", -1)]
    [InlineData("\"99999999999999999999\"", -1)]
    [InlineData(",", -1)] // only separators: the jobs' copy of this read indexed an empty list (a 500)
    [InlineData(" , ,", -1)]
    [InlineData("W/", -1)]
    public void If_match_names_a_version_or_never_matches(string? header, int? expected)
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers.IfMatch = header;
        }
        Assert.Equal(expected, IfMatch.ExpectedVersion(context.Request));
    }

    [Fact]
    public void A_body_the_server_could_not_read_answers_its_own_status_wherever_it_was_read()
    {
        Assert.Equal(408, RequestBodyExceptionHandler.Find(new BadHttpRequestException("slow", StatusCodes.Status408RequestTimeout))?.Status);
        Assert.Equal(413, RequestBodyExceptionHandler.Find(
            new InvalidOperationException("wrapped", new BadHttpRequestException("big", StatusCodes.Status413PayloadTooLarge)))?.Status);
        Assert.Equal(400, RequestBodyExceptionHandler.Find(new MalformedBodyException("bad part", new IOException("Unexpected end of Stream")))?.Status);
        Assert.Null(RequestBodyExceptionHandler.Find(new IOException("disk full")));
        Assert.Null(RequestBodyExceptionHandler.Find(new InvalidOperationException("a bug")));
    }

    [Fact]
    public void Acting_for_oneself_the_tenant_is_the_user_and_everything_is_changeable()
    {
        var tenant = new TenantContext();
        tenant.Set("u1", null, null);
        Assert.Equal("user:u1", tenant.TenantId);
        Assert.True(tenant.CanModify("u1"));
    }

    [Theory]
    [InlineData("member", "u1", true)]
    [InlineData("member", "u2", false)]
    [InlineData("admin", "u2", true)]
    [InlineData("owner", "u2", true)]
    public void In_an_organization_creators_admins_and_owners_change_tasks(string role, string createdBy, bool allowed)
    {
        var tenant = new TenantContext();
        tenant.Set("u1", "o1", role);
        Assert.Equal("org:o1", tenant.TenantId);
        Assert.Equal(allowed, tenant.CanModify(createdBy));
    }
}
