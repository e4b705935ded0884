namespace Platform.Auth;

/// <summary>Names this assembly for WebApplicationFactory and Aspire tests (every service's top-level Program is called Program).</summary>
public sealed class AuthApp;
