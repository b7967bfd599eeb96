using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The key-encryption certificate every test app and test process gets (as <c>Portal:DataProtection:Certificate</c>),
/// made once per test run: apps over one database must share it to read each other's keys.
/// </summary>
public static class TestKeyEncryption
{
    public const string Setting = "Portal:DataProtection:Certificate";

    public const string EnvironmentVariable = "Portal__DataProtection__Certificate";

    private static readonly Lazy<string> Shared = new(NewPfxBase64);

    /// <summary>The run's certificate as a base64 PFX without a password.</summary>
    public static string PfxBase64 => Shared.Value;

    /// <summary>A fresh self-signed RSA certificate with its private key, as a PFX (protected by <paramref name="password"/>, if any).</summary>
    public static byte[] NewPfx(string? password = null)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Portal test key encryption", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return certificate.Export(X509ContentType.Pfx, password);
    }

    public static string NewPfxBase64() => Convert.ToBase64String(NewPfx());
}
