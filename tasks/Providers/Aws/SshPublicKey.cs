using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Workload.Providers.Aws;

/// <summary>An SSH public key as OpenSSH writes it, "type base64", without the comment.</summary>
public sealed record SshPublicKey(string Type, string Base64)
{
    private const string OpenSshPrivateKeyHeader = "-----BEGIN OPENSSH PRIVATE KEY-----";
    private const string OpenSshPrivateKeyFooter = "-----END OPENSSH PRIVATE KEY-----";
    private static readonly byte[] OpenSshKeyMagic = Encoding.ASCII.GetBytes("openssh-key-v1\0");

    /// <summary>The key's SHA-256 fingerprint as ssh-keygen -l prints it: "SHA256:" and unpadded base64.</summary>
    public string Sha256Fingerprint =>
        "SHA256:" + Convert.ToBase64String(SHA256.HashData(Convert.FromBase64String(Base64))).TrimEnd('=');

    public override string ToString() => $"{Type} {Base64}";

    /// <summary>
    /// Reads "type base64 [comment]" (an authorized_keys line, a .pub file, a console line); null unless the
    /// base64 decodes and names the same key type inside, which rules out a garbled or truncated line.
    /// </summary>
    public static SshPublicKey? TryParse(string? line)
    {
        var parts = line?.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is null || parts.Length < 2)
        {
            return null;
        }

        var blob = TryDecode(parts[1]);
        return blob is not null && IsWellFormedBlob(blob, parts[0]) ? new SshPublicKey(parts[0], parts[1]) : null;
    }

    /// <summary>
    /// A key blob is a sequence of length-prefixed fields (the type, then the key's numbers) that ends exactly where
    /// the blob ends; a truncated line fails this even when its prefix still decodes.
    /// </summary>
    private static bool IsWellFormedBlob(byte[] blob, string type)
    {
        var fields = new List<byte[]>();
        var offset = 0;
        while (offset < blob.Length)
        {
            if (ReadString(blob, offset, out offset) is not { } field)
            {
                return false;
            }

            fields.Add(field);
        }

        return fields.Count >= 2 && Encoding.ASCII.GetString(fields[0]) == type
            && (type != "ssh-ed25519" || (fields.Count == 2 && fields[1].Length == 32));
    }

    /// <summary>
    /// The public half of an OpenSSH-format private key. The format keeps the public key unencrypted before
    /// the private part, so this works for passphrase-protected keys too. Null for other formats.
    /// </summary>
    public static SshPublicKey? TryFromOpenSshPrivateKey(string text)
    {
        var start = text.IndexOf(OpenSshPrivateKeyHeader, StringComparison.Ordinal);
        var end = text.IndexOf(OpenSshPrivateKeyFooter, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            return null;
        }

        var body = TryDecode(string.Concat(text[(start + OpenSshPrivateKeyHeader.Length)..end].Where(c => !char.IsWhiteSpace(c))));
        if (body is null || !body.AsSpan().StartsWith(OpenSshKeyMagic))
        {
            return null;
        }

        // ciphername, kdfname, kdfoptions, then the number of keys and the first public key.
        var offset = OpenSshKeyMagic.Length;
        for (var field = 0; field < 3; field++)
        {
            if (ReadString(body, offset, out offset) is null)
            {
                return null;
            }
        }

        if (offset + 4 > body.Length)
        {
            return null;
        }

        var publicBlob = ReadString(body, offset + 4, out _);
        if (publicBlob is null || ReadString(publicBlob, 0, out _) is not { } type)
        {
            return null;
        }

        var name = Encoding.ASCII.GetString(type);
        return IsWellFormedBlob(publicBlob, name) ? new SshPublicKey(name, Convert.ToBase64String(publicBlob)) : null;
    }

    private static byte[]? TryDecode(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary>An SSH wire-format string: a big-endian length and that many bytes.</summary>
    private static byte[]? ReadString(byte[] data, int offset, out int next)
    {
        next = offset;
        if (offset + 4 > data.Length)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
        if (length > data.Length - offset - 4)
        {
            return null;
        }

        next = offset + 4 + (int)length;
        return data[(offset + 4)..next];
    }
}
