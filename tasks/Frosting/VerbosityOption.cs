using System.ComponentModel;
using System.Globalization;
using Cake.Core;

namespace Workload.Frosting;

/// <summary>
/// Reads --verbosity with Cake.Cli's own converter (full names or their first letter, any letter case), and says
/// which option it is and what is allowed when the value is not: Cake.Cli's message ("The value 'x' is not a valid
/// verbosity.") names neither.
/// </summary>
public sealed class VerbosityOption : TypeConverter
{
    private static readonly Cake.Cli.VerbosityConverter Cake = new();

    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => Cake.CanConvertFrom(context, sourceType);

    public override object ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        try
        {
            return Cake.ConvertFrom(context, culture, value)!;
        }
        catch (CakeException)
        {
            throw new InvalidOperationException($"--verbosity: got '{value}', expected quiet, minimal, normal, verbose or diagnostic (or their first letter).");
        }
    }
}
