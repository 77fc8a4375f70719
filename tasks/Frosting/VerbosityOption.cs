using System.ComponentModel;
using System.Globalization;
using Cake.Core.Diagnostics;

namespace Workload.Frosting;

/// <summary>Reads --verbosity like Cake (full names or their first letter), and says what is allowed when the value is not.</summary>
public sealed class VerbosityOption : TypeConverter
{
    private static readonly Dictionary<string, Verbosity> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["quiet"] = Verbosity.Quiet, ["q"] = Verbosity.Quiet,
        ["minimal"] = Verbosity.Minimal, ["m"] = Verbosity.Minimal,
        ["normal"] = Verbosity.Normal, ["n"] = Verbosity.Normal,
        ["verbose"] = Verbosity.Verbose, ["v"] = Verbosity.Verbose,
        ["diagnostic"] = Verbosity.Diagnostic, ["d"] = Verbosity.Diagnostic,
    };

    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string);

    public override object ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text && Names.TryGetValue(text, out var verbosity)
            ? verbosity
            : throw new InvalidOperationException($"--verbosity: got '{value}', expected quiet, minimal, normal, verbose or diagnostic (or their first letter).");
}
