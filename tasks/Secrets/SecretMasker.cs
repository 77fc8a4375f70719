namespace Workload.Secrets;

/// <summary>
/// Knows the run's secret values and replaces them with <c>***</c> in any text about to be shown or written:
/// log lines, reports, diffs, command output.
/// </summary>
public sealed class SecretMasker
{
    public const string Mask = "***";

    private readonly object _gate = new();
    private string[] _secrets = [];

    /// <summary>Adds a value to mask. Values shorter than four characters are refused: masking them would garble ordinary text.</summary>
    public void Register(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < 4)
        {
            throw new ArgumentException("A secret must be at least four characters long to be masked reliably.", nameof(secret));
        }

        lock (_gate)
        {
            // Longest first, so a secret that contains another is masked whole.
            _secrets = _secrets.Append(secret).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();
        }
    }

    /// <summary>The text with every registered secret replaced by <see cref="Mask"/>.</summary>
    public string Apply(string text)
    {
        var secrets = _secrets;
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
