using Platform.ServiceDefaults.RequestIds;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Unit.ServiceDefaults;

[Trait(Category.Name, Category.Unit)]
public sealed class RequestIdTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("trace:span.1_2-3")]
    public void Ids_of_allowed_characters_are_accepted(string value) => Assert.True(RequestId.IsValid(value));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("has space")]
    [InlineData("a\r\nSet-Cookie: x=1")]
    [InlineData("<script>")]
    [InlineData("ünïcode")]
    public void Ids_with_other_characters_are_rejected(string value) => Assert.False(RequestId.IsValid(value));

    [Fact]
    public void Ids_longer_than_128_characters_are_rejected()
    {
        Assert.True(RequestId.IsValid(new string('a', 128)));
        Assert.False(RequestId.IsValid(new string('a', 129)));
    }

    [Fact]
    public void Generated_ids_are_valid_and_distinct()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => RequestId.New()).ToHashSet();
        Assert.Equal(100, ids.Count);
        Assert.All(ids, id => Assert.True(RequestId.IsValid(id)));
    }
}
