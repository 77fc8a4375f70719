using System.Security.Cryptography;
using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using Workload.Providers.Aws;

namespace Workload.Tests.Aws;

/// <summary>The key pairs of <see cref="Ec2Double"/>.</summary>
public sealed partial class Ec2Double
{
    public Dictionary<string, KeyPairInfo> KeyPairRecords { get; } = new(StringComparer.Ordinal);

    /// <summary>When each key pair made through the API becomes known to RunInstances.</summary>
    private Dictionary<string, DateTimeOffset> KeyPairVisibleAt { get; } = new(StringComparer.Ordinal);

    /// <summary>The private keys handed out by CreateKeyPair, to check that the tool wrote them to disk (and nowhere else).</summary>
    public List<string> PrivateKeysHandedOut { get; } = [];

    public Task<CreateKeyPairResponse> CreateKeyPairAsync(CreateKeyPairRequest request, CancellationToken cancellationToken)
    {
        Enter("CreateKeyPair");
        if (request.KeyType != KeyType.Ed25519)
        {
            throw new NotSupportedException("Ec2Double creates ed25519 key pairs only.");
        }

        var publicBlob = SshBlob("ssh-ed25519", RandomNumberGenerator.GetBytes(32));
        var material = OpenSshPrivateKey(publicBlob);
        var info = AddKeyPair(request.KeyName, $"ssh-ed25519 {Convert.ToBase64String(publicBlob)}", TagsOf(request.TagSpecifications, ResourceType.KeyPair));
        KeyPairVisibleAt[info.KeyName] = Now + NewIdLag;
        PrivateKeysHandedOut.Add(material);
        return Task.FromResult(new CreateKeyPairResponse
        {
            KeyPair = new KeyPair { KeyName = info.KeyName, KeyPairId = info.KeyPairId, KeyFingerprint = info.KeyFingerprint, KeyMaterial = material },
        });
    }

    public Task<ImportKeyPairResponse> ImportKeyPairAsync(ImportKeyPairRequest request, CancellationToken cancellationToken)
    {
        Enter("ImportKeyPair");

        // EC2 expects the key file's text base64-encoded (the SDK does not encode it).
        var buffer = new byte[request.PublicKeyMaterial.Length];
        var key = Convert.TryFromBase64String(request.PublicKeyMaterial, buffer, out var written)
            ? SshPublicKey.TryParse(Encoding.UTF8.GetString(buffer, 0, written))
            : null;
        if (key is null)
        {
            throw Error("InvalidKey.Format", "Key is not in valid OpenSSH public key format");
        }

        // ImportKeyPair "imports the public key from an RSA or ED25519 key pair"; other types are refused.
        if (key.Type is not ("ssh-rsa" or "ssh-ed25519"))
        {
            throw Error("InvalidKey.Format", $"Key type {key.Type} is not supported: import an RSA or ED25519 key");
        }

        var info = AddKeyPair(request.KeyName, key.ToString(), TagsOf(request.TagSpecifications, ResourceType.KeyPair));
        KeyPairVisibleAt[info.KeyName] = Now + NewIdLag;
        return Task.FromResult(new ImportKeyPairResponse { KeyName = info.KeyName, KeyPairId = info.KeyPairId, KeyFingerprint = info.KeyFingerprint });
    }

    /// <summary>Adds a key pair as if made elsewhere (no call is recorded).</summary>
    public KeyPairInfo AddKeyPair(string name, string publicKey, List<Tag> tags)
    {
        if (KeyPairRecords.ContainsKey(name))
        {
            throw Error("InvalidKeyPair.Duplicate", $"The keypair '{name}' already exists.");
        }

        var parsed = SshPublicKey.TryParse(publicKey)!;
        var info = new KeyPairInfo
        {
            KeyName = name,
            KeyPairId = NewId("key"),
            KeyType = parsed.Type == "ssh-rsa" ? KeyType.Rsa : KeyType.Ed25519,
            KeyFingerprint = parsed.Sha256Fingerprint["SHA256:".Length..] + "=",
            PublicKey = $"{parsed} {name}",
            Tags = tags,
        };
        KeyPairRecords[name] = info;
        return info;
    }

    public Task<DescribeKeyPairsResponse> DescribeKeyPairsAsync(DescribeKeyPairsRequest request, CancellationToken cancellationToken)
    {
        Enter("DescribeKeyPairs");
        Filters.Check("DescribeKeyPairs", request.Filters, "key-name");
        var missing = (request.KeyNames ?? []).FirstOrDefault(n => !KeyPairRecords.ContainsKey(n));
        if (missing is not null)
        {
            throw Error("InvalidKeyPair.NotFound", $"The key pair '{missing}' does not exist");
        }

        var pairs = KeyPairRecords.Values
            .Where(k => request.KeyNames is not { Count: > 0 } || request.KeyNames.Contains(k.KeyName))
            .Where(k => Filters.Match(request.Filters, name => Filters.Tag(name, k.Tags) ?? name switch
            {
                "key-name" => [k.KeyName],
                _ => Filters.Unsupported("DescribeKeyPairs", name),
            }))
            .Select(k => new KeyPairInfo
            {
                KeyName = k.KeyName,
                KeyPairId = k.KeyPairId,
                KeyType = k.KeyType,
                KeyFingerprint = k.KeyFingerprint,
                PublicKey = request.IncludePublicKey == true ? k.PublicKey : null,
                Tags = k.Tags,
            })
            .ToList();
        return Task.FromResult(new DescribeKeyPairsResponse { KeyPairs = pairs });
    }

    public Task<DeleteKeyPairResponse> DeleteKeyPairAsync(DeleteKeyPairRequest request, CancellationToken cancellationToken)
    {
        Enter("DeleteKeyPair");

        // EC2 answers success for a key pair that does not exist.
        var match = KeyPairRecords.Values.FirstOrDefault(k => k.KeyPairId == request.KeyPairId || k.KeyName == request.KeyName);
        if (match is not null)
        {
            KeyPairRecords.Remove(match.KeyName);
        }

        return Task.FromResult(new DeleteKeyPairResponse { Return = true });
    }

    private bool KeyPairVisible(string name) =>
        KeyPairRecords.ContainsKey(name) && (!KeyPairVisibleAt.TryGetValue(name, out var at) || Now >= at);

    private static byte[] SshBlob(string type, byte[] key)
    {
        var blob = new List<byte>();
        AppendString(blob, Encoding.ASCII.GetBytes(type));
        AppendString(blob, key);
        return blob.ToArray();
    }

    /// <summary>An unencrypted openssh-key-v1 file whose public part is <paramref name="publicBlob"/> (the private part is filler).</summary>
    private static string OpenSshPrivateKey(byte[] publicBlob)
    {
        var body = new List<byte>(Encoding.ASCII.GetBytes("openssh-key-v1\0"));
        AppendString(body, Encoding.ASCII.GetBytes("none"));
        AppendString(body, Encoding.ASCII.GetBytes("none"));
        AppendString(body, []);
        body.AddRange([0, 0, 0, 1]);
        AppendString(body, publicBlob);
        AppendString(body, RandomNumberGenerator.GetBytes(64));
        var base64 = Convert.ToBase64String(body.ToArray());
        var lines = Enumerable.Range(0, (base64.Length + 69) / 70).Select(i => base64.Substring(i * 70, Math.Min(70, base64.Length - (i * 70))));
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + string.Join('\n', lines) + "\n-----END OPENSSH PRIVATE KEY-----";
    }
}
