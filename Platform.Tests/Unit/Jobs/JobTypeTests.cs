using System.Text.Json;
using Platform.Core.Jobs.Runs;
using Platform.Core.Jobs.Types;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Unit.Jobs;

[Trait(Category.Name, Category.Unit)]
public sealed class JobTypeTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void A_missing_payload_gets_the_defaults()
    {
        var errors = new Dictionary<string, string[]>();
        var payload = NoopJob.Descriptor.Validate(null, errors);

        Assert.Empty(errors);
        Assert.Equal("""{"durationMs":0,"fail":false}""", payload.ToJsonString());
    }

    [Theory]
    [InlineData("""{"durationMs":"ten"}""", "payload.durationMs")]
    [InlineData("""{"durationMs":-1}""", "payload.durationMs")]
    [InlineData("""{"durationMs":1e309}""", "payload.durationMs")]
    [InlineData("""{"durationMs":9007199254740993}""", "payload.durationMs")]
    [InlineData("""{"fail":"yes"}""", "payload.fail")]
    [InlineData("""{"surprise":1}""", "payload.surprise")]
    [InlineData("""[1,2]""", "payload")]
    public void A_bad_payload_is_an_error_naming_the_field(string json, string field)
    {
        var errors = new Dictionary<string, string[]>();
        NoopJob.Descriptor.Validate(Json(json), errors);
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void Every_type_publishes_a_json_schema_of_its_payload()
    {
        foreach (var type in JobTypeCatalog.All)
        {
            var schema = type.PayloadSchema();
            Assert.Equal("object", schema["type"]!.GetValue<string>());
            Assert.Equal(type.Fields.Count, schema["properties"]!.AsObject().Count);
        }
    }

    [Theory]
    [InlineData("service.name=worker,service.instance.id=worker-abc123", "worker-abc123")]
    [InlineData("service.instance.id = x%2Dy ", "x-y")]
    [InlineData("service.name=worker", null)]
    [InlineData("", null)]
    public void The_worker_instance_comes_from_the_otel_resource_attributes(string attributes, string? expected)
    {
        Assert.Equal(expected, WorkerInstance.FromResourceAttributes(attributes));
    }
}
