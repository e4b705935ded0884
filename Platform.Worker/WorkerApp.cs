namespace Platform.Worker;

/// <summary>Names this assembly for WebApplicationFactory and Aspire tests (every service's top-level Program is called Program).</summary>
public sealed class WorkerApp;
