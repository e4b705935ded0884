using Npgsql;
using Platform.Core.Data;

namespace Platform.Tests.Unit.Data;

public sealed class ConnectionDefaultsTests
{
    [Fact]
    public void A_bare_connection_string_gets_short_timeouts_prepared_statements_and_a_pool_of_four_per_core()
    {
        var csb = new NpgsqlConnectionStringBuilder(
            PlatformDataExtensions.WithDefaults("Host=db;Database=platformdb;Username=app", processorCount: 2));

        Assert.Equal(5, csb.Timeout);
        Assert.Equal(10, csb.CommandTimeout);
        Assert.Equal(50, csb.MaxAutoPrepare);
        Assert.True(csb.NoResetOnClose);
        Assert.Equal(8, csb.MaxPoolSize);
        Assert.Equal(32, new NpgsqlConnectionStringBuilder(
            PlatformDataExtensions.WithDefaults("Host=db", processorCount: 8)).MaxPoolSize);
        Assert.Equal(("db", "platformdb", "app"), (csb.Host, csb.Database, csb.Username));
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=100;Command Timeout=30;Timeout=15;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=db;maxpoolsize=100;CommandTimeout=30;timeout=15;MaxAutoPrepare=0;NoResetOnClose=false")]
    [InlineData("Host=db;MAXIMUM POOL SIZE=100;command timeout=30;TIMEOUT=15;max auto prepare=0;no reset on close=false")]
    public void Settings_the_connection_string_names_are_kept_whatever_their_spelling(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(PlatformDataExtensions.WithDefaults(connectionString, processorCount: 2));

        Assert.Equal(100, csb.MaxPoolSize);
        Assert.Equal(30, csb.CommandTimeout);
        Assert.Equal(15, csb.Timeout);
        Assert.Equal(0, csb.MaxAutoPrepare);
        Assert.False(csb.NoResetOnClose);
    }

    [Fact]
    public void A_minimum_pool_size_above_the_default_maximum_raises_the_maximum_instead_of_failing()
    {
        var csb = new NpgsqlConnectionStringBuilder(PlatformDataExtensions.WithDefaults("Host=db;Minimum Pool Size=20", 2));

        Assert.Equal(20, csb.MinPoolSize);
        Assert.Equal(20, csb.MaxPoolSize);
        using var dataSource = NpgsqlDataSource.Create(csb.ConnectionString);
    }

    [Fact]
    public void A_command_timeout_alone_does_not_count_as_the_connect_timeout()
    {
        var csb = new NpgsqlConnectionStringBuilder(PlatformDataExtensions.WithDefaults("Host=db;Command Timeout=30", 2));

        Assert.Equal(30, csb.CommandTimeout);
        Assert.Equal(5, csb.Timeout);
    }
}
