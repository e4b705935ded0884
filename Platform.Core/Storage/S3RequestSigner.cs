using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Core.Storage;

/// <summary>
/// AWS Signature Version 4 for the S3 requests the Minio SDK does not expose (its multipart calls are private in
/// 7.0.0): path-style URLs, header signature, and an unsigned payload, so a part is never hashed twice (the upload
/// is already hashed whole for its SHA-256). S3, MinIO and s3rver accept <c>UNSIGNED-PAYLOAD</c>.
/// </summary>
internal sealed class S3RequestSigner(Uri endpoint, string accessKey, string secretKey, string region, TimeProvider time)
{
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    private const string SignedHeaders = "host;x-amz-content-sha256;x-amz-date";

    /// <summary>A signed request for <c>/{bucket}/{key}?{query}</c>; query pairs may be (name, "") for bare names.</summary>
    public HttpRequestMessage Create(HttpMethod method, string bucket, string key, params (string Name, string Value)[] query)
    {
        var path = "/" + Encode(bucket) + "/" + string.Join('/', key.Split('/').Select(Encode));
        var canonicalQuery = string.Join('&', query
            .Select(p => (Name: Encode(p.Name), Value: Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
        var uri = new Uri(endpoint.GetLeftPart(UriPartial.Authority) + path + (canonicalQuery.Length > 0 ? "?" + canonicalQuery : ""));
        var request = new HttpRequestMessage(method, uri);

        var now = time.GetUtcNow().UtcDateTime;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = amzDate[..8];
        var scope = $"{day}/{region}/s3/aws4_request";
        var canonicalRequest = string.Join('\n',
            method.Method, path, canonicalQuery,
            "host:" + uri.Authority, "x-amz-content-sha256:" + UnsignedPayload, "x-amz-date:" + amzDate, "",
            SignedHeaders, UnsignedPayload);
        var stringToSign = string.Join('\n',
            "AWS4-HMAC-SHA256", amzDate, scope, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key1 = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(day));
        var key2 = HMACSHA256.HashData(key1, Encoding.UTF8.GetBytes(region));
        var key3 = HMACSHA256.HashData(key2, "s3"u8);
        var signingKey = HMACSHA256.HashData(key3, "aws4_request"u8);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));

        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", UnsignedPayload);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={SignedHeaders}, Signature={signature}");
        return request;
    }

    // RFC 3986 unreserved characters stay, everything else is %XX of its UTF-8 bytes (SigV4's UriEncode).
    private static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }
}
