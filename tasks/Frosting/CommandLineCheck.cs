using System.Reflection;
using Spectre.Console.Cli;

namespace Workload.Frosting;

/// <summary>
/// Reads the raw arguments for what the parser would drop or misreport: an option with nothing after its '='
/// (the parser says "Expected an option value" without naming it), and a host option that takes one value given
/// twice with different values (the parser keeps the last one silently). Names are matched in any letter case, as
/// the parser matches them.
/// </summary>
internal static class CommandLineCheck
{
    private sealed record Option(string Shown, IReadOnlyList<string> Names, bool TakesValue, bool Repeatable);

    private static readonly IReadOnlyList<Option> CakeHostOptions = typeof(CakeCommandSettings).GetProperties()
        .Select(p => (Property: p, Attribute: p.GetCustomAttribute<CommandOptionAttribute>()))
        .Where(p => p.Attribute is not null)
        .Select(p => new Option(
            "--" + p.Attribute!.LongNames[0],
            [.. p.Attribute.LongNames.Select(n => "--" + n), .. p.Attribute.ShortNames.Select(n => "-" + n)],
            p.Attribute.ValueName is not null,
            p.Property.PropertyType.IsArray))
        .ToList();

    /// <summary>
    /// The arguments with each host option's short name in its own letter case: the parser matches long names in any
    /// case but short ones exactly, and "-T Deploy" must not become a setting named T.
    /// </summary>
    public static IReadOnlyList<string> Normalize(IReadOnlyList<string> args) =>
        args.Select(arg =>
        {
            if (arg.Length < 2 || arg[0] != '-' || arg[1] == '-' || !(arg.Length == 2 || arg[2] == '='))
            {
                return arg;
            }

            var name = arg[..2];
            var known = CakeHostOptions.SelectMany(o => o.Names).FirstOrDefault(n => n.Length == 2 && n.Equals(name, StringComparison.OrdinalIgnoreCase));
            return known is null ? arg : known + arg[2..];
        }).ToList();

    public static IReadOnlyList<string> Problems(IReadOnlyList<string> args)
    {
        var problems = new List<string>();
        var values = new Dictionary<Option, List<string>>();
        for (var index = 0; index < args.Count; index++)
        {
            var arg = args[index];
            if (!arg.StartsWith('-') || arg == "--")
            {
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            var option = CakeHostOptions.FirstOrDefault(o => o.Names.Contains(name, StringComparer.OrdinalIgnoreCase));
            if (equals == arg.Length - 1)
            {
                problems.Add($"{option?.Shown ?? name}: nothing after '='; give a value ({name}=VALUE), or leave the option out");
                continue;
            }

            if (option is null)
            {
                continue;
            }

            string value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (option.TakesValue && index + 1 < args.Count && !args[index + 1].StartsWith('-'))
            {
                value = args[++index];
            }
            else
            {
                value = option.TakesValue ? string.Empty : "true";
            }

            values.TryAdd(option, []);
            values[option].Add(option.TakesValue ? value : value.ToLowerInvariant());
        }

        foreach (var (option, given) in values)
        {
            if (!option.Repeatable && given.Distinct(StringComparer.Ordinal).Count() > 1)
            {
                problems.Add($"{option.Shown}: given {given.Count} times with different values ({string.Join(", ", given.Select(v => $"'{v}'"))}); expected one");
            }
        }

        return problems;
    }
}
