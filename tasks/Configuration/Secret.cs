namespace Workload.Configuration;

/// <summary>
/// A secret value. It prints as <c>***</c> wherever it ends up by accident; code that needs the value
/// asks for <see cref="Reveal"/>, and the run's masker hides it in every log line, report and diff.
/// </summary>
public sealed class Secret(string value)
{
    private readonly string _value = value;

    public string Reveal() => _value;

    public override string ToString() => "***";
}
