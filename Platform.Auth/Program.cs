using Platform.Auth;
using Platform.Auth.Accounts;
using Platform.Auth.ApiKeys;
using Platform.Auth.KeyRings;
using Platform.Auth.Organizations;
using Platform.Auth.Sessions;
using Platform.Auth.Tokens;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseRequestId();
app.UseProblemDetailsErrors();
app.UseAuthPipeline();

app.MapDefaultEndpoints();
app.MapAccountApi();
app.MapSessionApi();
app.MapTokenApi();
app.MapOrganizationApi();
app.MapMemberApi();
app.MapInvitationApi();
app.MapTeamApi();
app.MapApiKeyApi();
app.MapKeyRingApi();

app.Run();
