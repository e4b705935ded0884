var builder = DistributedApplication.CreateBuilder(args);

builder.AddProject<Projects.Platform_Auth>("auth");
builder.AddProject<Projects.Platform_Api>("api");
builder.AddProject<Projects.Platform_Worker>("worker");
builder.AddProject<Projects.Platform_Web>("web");

builder.Build().Run();
