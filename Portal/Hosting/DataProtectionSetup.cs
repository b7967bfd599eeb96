using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Portal.Data;

namespace Portal.Hosting;

/// <summary>
/// The "Portal:DataProtection" configuration section: the key-encryption key that protects the Data Protection key ring
/// in the database (which in turn protects lines' tokens and the sign-in cookies). A PFX file
/// (<see cref="CertificatePath"/>, with <see cref="CertificatePassword"/>) or the same PFX in base64
/// (<see cref="Certificate"/>, for an environment variable or a secret store); the file wins when both are set.
/// </summary>
public sealed class KeyEncryptionOptions
{
    public const string SectionName = "Portal:DataProtection";

    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public string? Certificate { get; set; }
}

/// <summary>Start-up cannot go on with the configuration it was given; the message says what to set.</summary>
public sealed class StartupRefusedException(string message, Exception? inner = null) : Exception(message, inner);

public static class DataProtectionSetup
{
    /// <summary>
    /// Data Protection with its keys in PostgreSQL (so every web and worker process shares them), encrypted at rest with
    /// the operator's certificate: someone who reads the database alone learns no key and so no token. Keys written
    /// unencrypted by earlier versions still read. Outside Development a missing certificate refuses the start, since
    /// keys written without it would stay readable in the database for good.
    /// </summary>
    /// <exception cref="StartupRefusedException">No certificate outside Development, or one that cannot be used.</exception>
    public static void AddPortalDataProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var keys = services.AddDataProtection().SetApplicationName("Portal").PersistKeysToDbContext<PortalDbContext>();
        var options = configuration.GetSection(KeyEncryptionOptions.SectionName).Get<KeyEncryptionOptions>() ?? new KeyEncryptionOptions();
        if (Load(options) is { } certificate)
        {
            // Also registers the certificate for decryption (XmlKeyDecryptionOptions), so no certificate store is involved.
            keys.ProtectKeysWithCertificate(certificate);
        }
        else if (!environment.IsDevelopment())
        {
            throw new StartupRefusedException(
                "no key-encryption key for the data protection keys: set Portal__DataProtection__CertificatePath to a PFX file " +
                "(and Portal__DataProtection__CertificatePassword) or Portal__DataProtection__Certificate to the PFX in base64; " +
                "scripts/run.sh makes one on its first start (see README, Configuration).");
        }
    }

    /// <summary>The configured certificate with its private key, or null when none is configured.</summary>
    private static X509Certificate2? Load(KeyEncryptionOptions options)
    {
        var password = string.IsNullOrEmpty(options.CertificatePassword) ? null : options.CertificatePassword;
        X509Certificate2 certificate;
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            certificate = Read("the file Portal__DataProtection__CertificatePath names", () => X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, password));
        }
        else if (!string.IsNullOrWhiteSpace(options.Certificate))
        {
            certificate = Read("Portal__DataProtection__Certificate", () => X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(options.Certificate.Trim()), password));
        }
        else
        {
            return null;
        }

        if (!certificate.HasPrivateKey)
        {
            throw new StartupRefusedException("the key-encryption certificate has no private key: export it as a PFX with its key.");
        }

        return certificate;
    }

    private static X509Certificate2 Read(string source, Func<X509Certificate2> load)
    {
        try
        {
            return load();
        }
        catch (Exception error) when (error is CryptographicException or IOException or UnauthorizedAccessException or FormatException)
        {
            throw new StartupRefusedException(
                $"the key-encryption certificate in {source} cannot be read ({error.Message.TrimEnd('.')}): is it a PFX, and is Portal__DataProtection__CertificatePassword its password?",
                error);
        }
    }
}
