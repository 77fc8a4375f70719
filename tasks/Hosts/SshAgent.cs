using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Security;

namespace Workload.Hosts;

/// <summary>
/// A client of ssh-agent over its Unix socket (SSH_AUTH_SOCK), as OpenSSH's ssh uses it: the agent lists its keys and
/// signs a login's challenge; the private keys never leave it. SSH.NET has no agent support, so this speaks the
/// agent protocol (draft-miller-ssh-agent): REQUEST_IDENTITIES and SIGN_REQUEST, one connection per request.
/// </summary>
public sealed class SshAgent(string socketPath)
{
    /// <summary>The variable OpenSSH reads the agent's socket from.</summary>
    public const string SocketVariable = "SSH_AUTH_SOCK";

    private const byte Failure = 5;
    private const byte RequestIdentities = 11;
    private const byte IdentitiesAnswer = 12;
    private const byte SignRequest = 13;
    private const byte SignResponse = 14;
    private const uint RsaSha256 = 2;
    private const uint RsaSha512 = 4;

    /// <summary>The largest reply read: an agent with a hundred RSA keys answers in a few dozen kilobytes.</summary>
    private const int MaxReplyBytes = 256 * 1024;

    public string SocketPath { get; } = socketPath;

    /// <summary>The agent at <paramref name="socketPath"/>, else the one SSH_AUTH_SOCK names; null when neither is set.</summary>
    public static SshAgent? FromEnvironment(string? socketPath = null)
    {
        socketPath ??= Environment.GetEnvironmentVariable(SocketVariable);
        return string.IsNullOrEmpty(socketPath) ? null : new SshAgent(socketPath);
    }

    /// <summary>The agent's keys, in its order; throws <see cref="IOException"/> when the agent cannot be reached or answers wrongly.</summary>
    public IReadOnlyList<AgentIdentity> Identities()
    {
        var reply = Request([RequestIdentities]);
        if (reply.Length == 0 || reply[0] != IdentitiesAnswer)
        {
            throw new IOException($"the SSH agent at {SocketPath} did not list its keys (reply type {(reply.Length == 0 ? "none" : reply[0].ToString(System.Globalization.CultureInfo.InvariantCulture))})");
        }

        var reader = new WireReader(reply, 1);
        var count = reader.UInt32();
        var identities = new List<AgentIdentity>();
        for (var i = 0u; i < count; i++)
        {
            var blob = reader.Bytes();
            var comment = Encoding.UTF8.GetString(reader.Bytes());
            identities.Add(new AgentIdentity(this, blob, comment));
        }

        return identities;
    }

    /// <summary>The agent's signature blob (string algorithm, string signature) of <paramref name="data"/> with the key <paramref name="keyBlob"/>.</summary>
    internal byte[] Sign(byte[] keyBlob, byte[] data, string algorithm)
    {
        var flags = algorithm switch
        {
            "rsa-sha2-256" => RsaSha256,
            "rsa-sha2-512" => RsaSha512,
            _ => 0u,
        };
        var request = new MemoryStream();
        request.WriteByte(SignRequest);
        WriteBytes(request, keyBlob);
        WriteBytes(request, data);
        WriteUInt32(request, flags);
        var reply = Request(request.ToArray());
        if (reply.Length == 0 || reply[0] == Failure || reply[0] != SignResponse)
        {
            throw new IOException($"the SSH agent at {SocketPath} refused to sign with the key (is it locked, or does it ask for confirmation?)");
        }

        return new WireReader(reply, 1).Bytes();
    }

    private byte[] Request(byte[] message)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.ReceiveTimeout = 30_000;
        socket.SendTimeout = 30_000;
        socket.Connect(new UnixDomainSocketEndPoint(SocketPath));
        using var stream = new NetworkStream(socket, ownsSocket: false);
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)message.Length);
        stream.Write(length);
        stream.Write(message);
        stream.ReadExactly(length);
        var size = BinaryPrimitives.ReadUInt32BigEndian(length);
        if (size > MaxReplyBytes)
        {
            throw new IOException($"the SSH agent at {SocketPath} sent a reply of {size} bytes, more than the {MaxReplyBytes} expected");
        }

        var reply = new byte[size];
        stream.ReadExactly(reply);
        return reply;
    }

    private static void WriteUInt32(Stream stream, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        stream.Write(bytes);
    }

    private static void WriteBytes(Stream stream, byte[] value)
    {
        WriteUInt32(stream, (uint)value.Length);
        stream.Write(value);
    }

    /// <summary>Reads SSH wire types (RFC 4251): uint32 and length-prefixed strings, refusing data that runs past the end.</summary>
    private sealed class WireReader(byte[] data, int offset)
    {
        private int _offset = offset;

        public uint UInt32()
        {
            if (_offset + 4 > data.Length)
            {
                throw new IOException("the SSH agent's reply is cut short");
            }

            var value = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(_offset));
            _offset += 4;
            return value;
        }

        public byte[] Bytes()
        {
            var length = UInt32();
            if (length > data.Length - _offset)
            {
                throw new IOException("the SSH agent's reply is cut short");
            }

            var value = data.AsSpan(_offset, (int)length).ToArray();
            _offset += (int)length;
            return value;
        }
    }
}

/// <summary>One key the agent holds, as SSH.NET's public-key login uses a key: by the algorithms it can sign with.</summary>
public sealed class AgentIdentity : IPrivateKeySource
{
    internal AgentIdentity(SshAgent agent, byte[] blob, string comment)
    {
        Comment = comment;
        var typeLength = blob.Length >= 4 ? (int)BinaryPrimitives.ReadUInt32BigEndian(blob) : 0;
        KeyType = typeLength > 0 && typeLength <= blob.Length - 4 ? Encoding.ASCII.GetString(blob, 4, typeLength) : "unknown";

        // An RSA key signs with SHA-2 (OpenSSH 8.8 and later refuse ssh-rsa's SHA-1); other keys with their own type.
        string[] algorithms = KeyType == "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256"] : [KeyType];
        HostKeyAlgorithms = algorithms.Select(a => (HostAlgorithm)new AgentHostAlgorithm(agent, a, blob)).ToList();
    }

    /// <summary>The key's type, such as ssh-ed25519.</summary>
    public string KeyType { get; }

    /// <summary>What the agent says the key is (usually its file or user@host).</summary>
    public string Comment { get; }

    public IReadOnlyCollection<HostAlgorithm> HostKeyAlgorithms { get; }

    private sealed class AgentHostAlgorithm(SshAgent agent, string name, byte[] blob) : HostAlgorithm(name)
    {
        public override byte[] Data => blob;

        public override byte[] Sign(byte[] data) => agent.Sign(blob, data, Name);

        public override bool VerifySignature(byte[] data, byte[] signature) =>
            throw new NotSupportedException("an agent key signs; it does not verify host keys");
    }
}
