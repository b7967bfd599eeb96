using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Connectors.WhatsApp;
using Portal.Data;
using Portal.Hosting;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration;

/// <summary>
/// The Data Protection key ring lives in PostgreSQL, encrypted with the operator's certificate: what one process protects
/// (a line's access token, a sign-in cookie) another with the same certificate reads, one with another certificate does
/// not, and keys written unencrypted before still read after the upgrade.
/// </summary>
public class DataProtectionKeysTests
{
    /// <summary>The last migration before the key store came from Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.</summary>
    private const string LastMigrationOfTheOwnKeyStore = "20261202044135_MessageClaimTokenAndUncertain";

    [Fact]
    public async Task ASecretProtectedByOneProcess_IsReadByAnotherOnTheSameDatabase()
    {
        var connectionString = await TestDatabases.CreateMigratedAsync("dpkeys");
        try
        {
            string protectedToken;
            await using (var first = new PortalAppFactory(connectionString, ProcessRole.Web))
            {
                protectedToken = first.Services.GetRequiredService<LineSecrets>().Protect("EAAG-access-token");
            }

            await using var second = new PortalAppFactory(connectionString, ProcessRole.Worker);
            Assert.Equal("EAAG-access-token", second.Services.GetRequiredService<LineSecrets>().TryUnprotect(protectedToken));
            Assert.Equal(1L, await CountKeysAsync(connectionString));
        }
        finally
        {
            await TestDatabases.DropAsync(connectionString);
        }
    }

    [Fact]
    public async Task TheKeyRing_IsEncryptedWithTheCertificate_AndReadOnlyWithIt()
    {
        var connectionString = await TestDatabases.CreateMigratedAsync("dpcert");
        var pfx = TestKeyEncryption.NewPfx("pfx-password");
        var pfxFile = Path.Combine(Path.GetTempPath(), $"portal-kek-{Guid.NewGuid():N}.pfx");
        await File.WriteAllBytesAsync(pfxFile, pfx);
        try
        {
            string protectedToken;
            await using (var first = new PortalAppFactory(connectionString, ProcessRole.Web, new Dictionary<string, string>
            {
                [TestKeyEncryption.Setting] = Convert.ToBase64String(pfx),
                ["Portal:DataProtection:CertificatePassword"] = "pfx-password",
            }))
            {
                protectedToken = first.Services.GetRequiredService<LineSecrets>().Protect("EAAG-access-token");
            }

            // The template database's key (under the test run's certificate) and the one this certificate made.
            Assert.All(await KeysAsync(connectionString), stored =>
            {
                Assert.DoesNotContain("<masterKey", stored, StringComparison.Ordinal);
                Assert.Contains("<encryptedSecret", stored, StringComparison.Ordinal);
            });

            // The same certificate from a file: the key ring opens and the token reads.
            await using (var sameCertificate = new PortalAppFactory(connectionString, ProcessRole.Worker, new Dictionary<string, string>
            {
                [TestKeyEncryption.Setting] = "",
                ["Portal:DataProtection:CertificatePath"] = pfxFile,
                ["Portal:DataProtection:CertificatePassword"] = "pfx-password",
            }))
            {
                Assert.Equal("EAAG-access-token", sameCertificate.Services.GetRequiredService<LineSecrets>().TryUnprotect(protectedToken));
            }

            await using var otherCertificate = new PortalAppFactory(connectionString, ProcessRole.Worker, new Dictionary<string, string>
            {
                [TestKeyEncryption.Setting] = TestKeyEncryption.NewPfxBase64(),
            });
            Assert.Null(otherCertificate.Services.GetRequiredService<LineSecrets>().TryUnprotect(protectedToken));
        }
        finally
        {
            File.Delete(pfxFile);
            await TestDatabases.DropAsync(connectionString);
        }
    }

    [Fact]
    public async Task AKeyStoredBeforeTheUpgrade_StillReadsWhatItProtected_AfterTheMigration()
    {
        var connectionString = await TestDatabases.CreateEmptyAsync("dpupgrade");
        var keyDirectory = Directory.CreateTempSubdirectory("portal-keys-");
        try
        {
            await using (var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql(connectionString).Options))
            {
                await db.GetService<IMigrator>().MigrateAsync(LastMigrationOfTheOwnKeyStore);
            }

            // A key made by Data Protection itself, as the earlier version made it, and a token protected with it.
            string protectedToken;
            await using (var before = new ServiceCollection()
                .AddDataProtection().SetApplicationName("Portal").PersistKeysToFileSystem(keyDirectory).Services
                .BuildServiceProvider())
            {
                protectedToken = new LineSecrets(before.GetRequiredService<IDataProtectionProvider>()).Protect("EAAG-access-token");
            }

            foreach (var keyFile in keyDirectory.GetFiles("*.xml"))
            {
                await InsertOldShapeKeyAsync(connectionString, Path.GetFileNameWithoutExtension(keyFile.Name), await File.ReadAllTextAsync(keyFile.FullName));
            }

            await using var upgraded = new PortalAppFactory(connectionString, ProcessRole.Web);

            Assert.Equal("EAAG-access-token", upgraded.Services.GetRequiredService<LineSecrets>().TryUnprotect(protectedToken));
            Assert.Equal(1L, await CountKeysAsync(connectionString));
        }
        finally
        {
            keyDirectory.Delete(recursive: true);
            await TestDatabases.DropAsync(connectionString);
        }
    }

    /// <summary>A row as the portal's own key store wrote it (a required friendly name of at most 200 characters).</summary>
    private static async Task InsertOldShapeKeyAsync(string connectionString, string friendlyName, string xml)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            "INSERT INTO \"DataProtectionKeys\" (\"FriendlyName\", \"Xml\") VALUES (@name, @xml)", connection);
        insert.Parameters.AddWithValue("name", friendlyName);
        insert.Parameters.AddWithValue("xml", xml);
        await insert.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> KeysAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT \"Xml\" FROM \"DataProtectionKeys\"", connection);
        await using var reader = await select.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static async Task<long> CountKeysAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM \"DataProtectionKeys\"", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
