using Microsoft.Extensions.DependencyInjection;
using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Browser;

/// <summary>
/// One Platform service hosted in the test process on Kestrel at 127.0.0.1 with a free port, so
/// a browser and the other services reach it over real HTTP. The service is named by its assembly:
/// every service's entry point is a top-level <c>Program</c>, which only reflection tells apart.
/// </summary>
public sealed class KestrelService : IAsyncDisposable
{
    private readonly IDisposable factory;

    private KestrelService(IDisposable factory, IServiceProvider services, Uri address)
    {
        this.factory = factory;
        Services = services;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services { get; }

    public static KestrelService Start(string assemblyName, IReadOnlyDictionary<string, string?> settings)
    {
        var entryPoint = Assembly.Load(assemblyName).EntryPoint?.DeclaringType
            ?? throw new InvalidOperationException($"{assemblyName} has no entry point.");
        var factoryType = typeof(Factory<>).MakeGenericType(entryPoint);
        var factory = (IKestrelFactory)Activator.CreateInstance(factoryType, settings)!;
        factory.Start();
        var server = factory.Services.GetRequiredService<IServer>();
        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KestrelService((IDisposable)factory, factory.Services, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync() =>
        await ((IAsyncDisposable)factory).DisposeWithinLimitAsync($"the service at {Address}");

    private interface IKestrelFactory
    {
        IServiceProvider Services { get; }

        void Start();
    }

    private sealed class Factory<TEntryPoint>(IReadOnlyDictionary<string, string?> settings)
        : WebApplicationFactory<TEntryPoint>, IKestrelFactory
        where TEntryPoint : class
    {
        public void Start()
        {
            UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
            StartServer();
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
