using Platform.AppHost;

var builder = DistributedApplication.CreateBuilder(PlatformArguments.Normalize(args));

// postgres (authdb, platformdb) and storage: native binaries, or Aspire's containers with --containers.
var data = builder.AddPlatformData();
var internalToken = builder.AddParameter("internal-token",
    new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

var auth = builder.AddProject<Projects.Platform_Auth>("auth")
    .WithReference(data.AuthDb).WaitFor(data.AuthDb)
    .WithInternalToken(internalToken).WithRotateSigningKeysCommand(internalToken)
    .WithHttpHealthCheck("/health").WithConfiguredReplicas();

var api = builder.AddProject<Projects.Platform_Api>("api")
    .WithReference(data.PlatformDb).WaitFor(data.PlatformDb)
    .WithReference(data.Storage).WaitFor(data.Storage)
    .WithReference(auth).WaitFor(auth)
    .WithInternalToken(internalToken)
    .WithHttpHealthCheck("/health").WithExternalHttpEndpoints()
    .WithPathUrl("/scalar", "API reference").WithConfiguredReplicas();

builder.AddProject<Projects.Platform_Worker>("worker")
    .WithReference(data.PlatformDb).WaitFor(data.PlatformDb)
    .WithReference(data.Storage).WaitFor(data.Storage)
    .WaitFor(api) // the API applies platformdb's migrations
    .WithHttpHealthCheck("/health").WithConfiguredReplicas();

builder.AddProject<Projects.Platform_Web>("web")
    .WithReference(auth).WaitFor(auth)
    .WithReference(api).WaitFor(api)
    .WithInternalToken(internalToken)
    .WithHttpHealthCheck("/health").WithExternalHttpEndpoints()
    .WithPathUrl("/", "Web app").WithConfiguredReplicas();

builder.Build().Run();
