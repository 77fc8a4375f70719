using System.Net;
using System.Runtime.Versioning;
using System.Text.Json.Serialization;
using System.Text.Json;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>
/// Which bridge address each host has, kept in the state directory so that a host keeps its address across restarts
/// and runs of the tool. Callers hold the testbed lock (<see cref="LocalTestbed"/>) around every change, so two
/// processes never hand out the same address; the file is replaced atomically.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class AddressBook(LocalTestbedOptions options)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private string FilePath => Path.Combine(options.StateDirectory, "addresses.json");

    /// <summary>The host's address when it has one in the current subnet, else null.</summary>
    public IPAddress? Find(string hostName) =>
        Read().Hosts.TryGetValue(hostName, out var text) && IPAddress.TryParse(text, out var address) && options.Subnet.Contains(address)
            ? address
            : null;

    /// <summary>The host's address, giving it the lowest free one of the subnet when it has none.</summary>
    /// <exception cref="InvalidOperationException">Every address of the subnet is taken.</exception>
    public IPAddress Allocate(string hostName)
    {
        if (Find(hostName) is { } existing)
        {
            return existing;
        }

        var book = Read();
        var taken = book.Hosts.Values.ToHashSet(StringComparer.Ordinal);
        for (var offset = 2; offset < 2 + options.HostAddressCount; offset++)
        {
            var candidate = LocalTestbedOptions.Offset(options.Subnet, offset);
            if (!taken.Contains(candidate.ToString()))
            {
                book.Hosts[hostName] = candidate.ToString();
                Write(book);
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"Every address of the testbed subnet {options.Subnet} is taken ({book.Hosts.Count} hosts); destroy hosts or set a larger localSubnet.");
    }

    /// <summary>Frees the host's address.</summary>
    public void Release(string hostName)
    {
        var book = Read();
        if (book.Hosts.Remove(hostName))
        {
            Write(book);
        }
    }

    private Book Read()
    {
        if (!File.Exists(FilePath))
        {
            return new Book { Subnet = options.Subnet.ToString() };
        }

        var book = JsonSerializer.Deserialize<Book>(File.ReadAllText(FilePath), JsonOptions)
            ?? throw new InvalidOperationException($"The address book {FilePath} is empty; remove it and restart the hosts.");

        // A subnet change makes every stored address meaningless: start over in the new subnet.
        return book.Subnet == options.Subnet.ToString() ? book : new Book { Subnet = options.Subnet.ToString() };
    }

    private void Write(Book book) => AtomicFile.WriteAllText(FilePath, JsonSerializer.Serialize(book, JsonOptions));

    private sealed class Book
    {
        [JsonPropertyName("subnet")]
        public string Subnet { get; set; } = string.Empty;

        [JsonPropertyName("hosts")]
        public SortedDictionary<string, string> Hosts { get; set; } = new(StringComparer.Ordinal);
    }
}
