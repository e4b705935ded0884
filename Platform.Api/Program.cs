using Platform.Api;
using Platform.Api.Files;
using Platform.Api.Me;
using Platform.Api.OpenApi;
using Platform.Api.Tasks;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseApiPipeline();

app.MapDefaultEndpoints();
app.MapApiDocumentation();
app.MapTaskApi();
app.MapFileApi();
app.MapMeApi();
app.MapAvatarApi();

app.Run();
