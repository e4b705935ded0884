using Platform.Api;
using Platform.Api.Files;
using Platform.Api.Jobs;
using Platform.Api.Me;
using Platform.Api.OpenApi;
using Platform.Api.Tasks;
using Platform.Core.Jobs;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.AddJobScheduling();

var app = builder.Build();

app.UseApiPipeline();

app.MapDefaultEndpoints();
app.MapApiDocumentation();
app.MapTaskApi();
app.MapFileApi();
app.MapJobApi();
app.MapMeApi();
app.MapAvatarApi();

app.Run();
