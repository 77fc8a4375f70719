using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Workload.Configuration;

namespace Workload.Providers.Aws;

/// <summary>The login key of the hosts as found: in AWS, and on this machine.</summary>
/// <param name="Name">The key pair's name in EC2.</param>
/// <param name="Existing">The key pair in EC2, or null.</param>
/// <param name="LocalKey">The public key this machine can log in with, or null when there is none yet.</param>
/// <param name="LocalSource">Where <paramref name="LocalKey"/> was read.</param>
public sealed record KeyPairFinding(string Name, KeyPairInfo? Existing, SshPublicKey? LocalKey, string? LocalSource);

/// <summary>
/// The EC2 key pair of the workload. A local public key (the publicKeyFile setting, or the public half of
/// sshPrivateKey) is imported; without one, EC2 creates an ed25519 pair and its private key is written, once, to
/// sshPrivateKey with mode 0600. A key pair of that name that is not the tool's, or whose key differs from the
/// local one, is never used or replaced.
/// </summary>
public sealed class KeyPairs(AwsClients clients, WorkloadSettings settings)
{
    public string Name => AwsNames.KeyPairName(settings.Project);

    /// <summary>Reads the key pair and the local key; refuses a pair that cannot be used as it is.</summary>
    public async Task<KeyPairFinding> FindAsync(CancellationToken cancellationToken)
    {
        var (localKey, localSource) = ReadLocalKey(settings);
        var response = await clients.Ec2.DescribeKeyPairsAsync(
            new DescribeKeyPairsRequest { IncludePublicKey = true, Filters = [new Filter("key-name", [Name])] }, cancellationToken).ConfigureAwait(false);
        var existing = response.KeyPairs?.FirstOrDefault(k => k.KeyName == Name);
        if (existing is null)
        {
            return new KeyPairFinding(Name, null, localKey, localSource);
        }

        if (!AwsNames.IsOurs(existing.Tags, settings.Project))
        {
            throw new AwsProvisioningException(
                $"The key pair {Name} exists in {clients.Region} but is not tagged {AwsNames.ProjectTag}={settings.Project}, " +
                $"{AwsNames.ManagedByTag}={AwsNames.ManagedByValue}; the tool neither uses nor replaces it. Delete or rename it, or set another project.");
        }

        if (localKey is null)
        {
            throw new AwsProvisioningException(
                $"The key pair {Name} exists, but its private key is not at {settings.SshPrivateKey} (EC2 hands it out only once, when it creates the pair). " +
                "Point sshPrivateKey at it, or run the Destroy target and provision again.");
        }

        if (SshPublicKey.TryParse(existing.PublicKey) is { } remoteKey && remoteKey.Base64 != localKey.Base64)
        {
            throw new AwsProvisioningException(
                $"The key pair {Name} holds another key ({remoteKey.Sha256Fingerprint}) than {localSource} ({localKey.Sha256Fingerprint}). " +
                "A key pair cannot be changed in place and the hosts were made with the old one: point sshPrivateKey (or publicKeyFile) at that key, " +
                "or run the Destroy target and provision again.");
        }

        return new KeyPairFinding(Name, existing, localKey, localSource);
    }

    /// <summary>What <see cref="EnsureAsync"/> would do, in words; empty when the key pair is in place.</summary>
    public static IEnumerable<string> Changes(KeyPairFinding finding, string privateKeyPath)
    {
        if (finding.Existing is not null)
        {
            yield break;
        }

        yield return finding.LocalKey is null
            ? $"create key pair {finding.Name} (ed25519); its private key is written to {privateKeyPath} (mode 0600)"
            : $"import key pair {finding.Name} from {finding.LocalSource} ({finding.LocalKey.Sha256Fingerprint})";
    }

    /// <summary>Imports or creates the key pair when it is missing; returns its name.</summary>
    public async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        var finding = await FindAsync(cancellationToken).ConfigureAwait(false);
        if (finding.Existing is not null)
        {
            return Name;
        }

        var tags = AwsNames.TagSpecification(ResourceType.KeyPair, AwsNames.TagsFor(settings.Project, Name, null, settings.AwsTags));
        try
        {
            if (finding.LocalKey is { } localKey)
            {
                await clients.Ec2.ImportKeyPairAsync(
                    new ImportKeyPairRequest
                    {
                        KeyName = Name,
                        // The SDK sends this field as it is, and EC2 expects the key file's text base64-encoded.
                        PublicKeyMaterial = Convert.ToBase64String(Encoding.UTF8.GetBytes(localKey.ToString())),
                        TagSpecifications = tags,
                    },
                    cancellationToken).ConfigureAwait(false);
                return Name;
            }

            var created = await clients.Ec2.CreateKeyPairAsync(
                new CreateKeyPairRequest { KeyName = Name, KeyType = KeyType.Ed25519, KeyFormat = KeyFormat.Pem, TagSpecifications = tags },
                cancellationToken).ConfigureAwait(false);
            PrivateKeyFile.Create(settings.SshPrivateKey, created.KeyPair.KeyMaterial);
            return Name;
        }
        catch (AmazonServiceException exception) when (exception.ErrorCode == "InvalidKeyPair.Duplicate")
        {
            // Another run made it in the meantime: use it if it is usable, as FindAsync decides.
            await FindAsync(cancellationToken).ConfigureAwait(false);
            return Name;
        }
    }

    /// <summary>The key types ImportKeyPair accepts (the ImportKeyPair API reference: "an RSA or ED25519 key pair").</summary>
    public static IReadOnlyList<string> ImportableTypes { get; } = ["ssh-ed25519", "ssh-rsa"];

    /// <summary>
    /// Refuses, before anything is created, a local key EC2 would not import (ECDSA, DSA, security keys): the
    /// import would fail half-way through the first run.
    /// </summary>
    /// <exception cref="ConfigurationException">The key is of another type.</exception>
    public static void RequireImportableLocalKey(WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (key, source) = ReadLocalKey(settings);
        if (key is not null && !ImportableTypes.Contains(key.Type, StringComparer.Ordinal))
        {
            var setting = settings.PublicKeyFile is not null ? "publicKeyFile" : "sshPrivateKey";
            throw new ConfigurationException(
                $"{setting}: '{source}' holds a {key.Type} key, which EC2 cannot import as a key pair (it takes {string.Join(" and ", ImportableTypes)} keys only); " +
                "make one with `ssh-keygen -t ed25519` and point sshPrivateKey at it, or leave sshPrivateKey's file absent and EC2 makes an ed25519 pair.");
        }
    }

    /// <summary>The public key this machine can log in with (publicKeyFile, or sshPrivateKey's public half), or null when there is none yet.</summary>
    public static (SshPublicKey? Key, string? Source) ReadLocalKey(WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.PublicKeyFile is { } publicKeyFile)
        {
            var key = SshPublicKey.TryParse(File.ReadLines(publicKeyFile).FirstOrDefault(l => l.Trim().Length > 0))
                ?? throw new ConfigurationException($"publicKeyFile: '{publicKeyFile}' is not an OpenSSH public key (expected a line such as \"ssh-ed25519 AAAA... comment\")");
            return (key, publicKeyFile);
        }

        var privateKeyFile = settings.SshPrivateKey;
        if (!File.Exists(privateKeyFile))
        {
            return (null, null);
        }

        if (SshPublicKey.TryFromOpenSshPrivateKey(File.ReadAllText(privateKeyFile)) is { } fromPrivate)
        {
            return (fromPrivate, privateKeyFile);
        }

        var publicBeside = privateKeyFile + ".pub";
        if (File.Exists(publicBeside) && SshPublicKey.TryParse(File.ReadLines(publicBeside).FirstOrDefault()) is { } beside)
        {
            return (beside, publicBeside);
        }

        throw new ConfigurationException(
            $"sshPrivateKey: '{privateKeyFile}' is not in OpenSSH format and has no .pub file beside it; set publicKeyFile to its public key");
    }
}
