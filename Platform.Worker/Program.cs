using Platform.Worker;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWorkerServices();

var app = builder.Build();

app.UseRequestId();
app.UseProblemDetailsErrors();
app.MapDefaultEndpoints();

app.Run();
