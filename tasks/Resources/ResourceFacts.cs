using System.Text;

namespace Workload.Resources;

/// <summary>The <c>key=value</c> lines one resource's probe printed.</summary>
public sealed class ResourceFacts
{
    private readonly List<KeyValuePair<string, string>> _facts = [];

    public ResourceFacts(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                _facts.Add(new(line[..equals], line[(equals + 1)..]));
            }
        }
    }

    /// <summary>The last value printed for the key, or null.</summary>
    public string? Get(string key) => _facts.LastOrDefault(f => f.Key == key).Value;

    /// <summary>Every value printed for the key, in order.</summary>
    public IReadOnlyList<string> GetAll(string key) => _facts.Where(f => f.Key == key).Select(f => f.Value).ToList();

    public bool IsTrue(string key) => Get(key) == "1";

    /// <summary>A value the probe printed in base64, decoded as UTF-8 text; null when absent.</summary>
    public string? GetText(string key)
    {
        var value = Get(key);
        return value is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(value));
    }
}
