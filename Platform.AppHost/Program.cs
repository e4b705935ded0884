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
    .WithReference(auth) // starts beside auth: its JWKS fetch retries every second until auth answers
    .WithInternalToken(internalToken)
    .WithHttpHealthCheck("/health").WithExternalHttpEndpoints()
    .WithPathUrl("/scalar", "API reference").WithConfiguredReplicas();

// Services wait only for what they need to start (bench/results/apphost-coldstart.md): the worker migrates
// platformdb itself (under an advisory lock shared with the api); web calls auth and api per request.
builder.AddProject<Projects.Platform_Worker>("worker")
    .WithReference(data.PlatformDb).WaitFor(data.PlatformDb)
    .WithReference(data.Storage).WaitFor(data.Storage)
    .WithHttpHealthCheck("/health").WithConfiguredReplicas();

var web = builder.AddProject<Projects.Platform_Web>("web")
    .WithReference(auth).WithReference(api)
    .WithInternalToken(internalToken)
    .WithHttpHealthCheck("/health").WithExternalHttpEndpoints()
    .WithPathUrl("/", "Web app").WithConfiguredReplicas();
auth.WithEnvironment("Auth__TrustedOrigins__0", web.GetEndpoint("http")); // password-reset links lead to web

builder.LaunchBuiltProjects(); // each service from its built executable: no `dotnet run` per service
builder.Build().Run();
