using System.Diagnostics;
using System.Globalization;
using Minio;
using Minio.DataModel.Args;

// The "direct path" of bench/upload.sh as issue 7 defines it: a file uploaded straight to the S3 server with the
// Minio SDK (multipart, the SDK's own part size), timed from the first byte to the completed object.
// Usage: Platform.Bench.Storage <http://host:port> <access-key> <secret-key> <bucket> <key> <file>
if (args.Length != 6)
{
    Console.Error.WriteLine("usage: Platform.Bench.Storage <endpoint> <access-key> <secret-key> <bucket> <key> <file>");
    return 2;
}

var endpoint = new Uri(args[0]);
using var client = new MinioClient()
    .WithEndpoint(endpoint.Host, endpoint.Port).WithSSL(false)
    .WithCredentials(args[1], args[2]).WithRegion("us-east-1")
    .Build();
await using var file = File.OpenRead(args[5]);

var clock = Stopwatch.StartNew();
await client.PutObjectAsync(new PutObjectArgs()
    .WithBucket(args[3]).WithObject(args[4])
    .WithStreamData(file).WithObjectSize(file.Length)
    .WithContentType("application/octet-stream"));
Console.WriteLine(clock.Elapsed.TotalSeconds.ToString("0.000000", CultureInfo.InvariantCulture));
return 0;
