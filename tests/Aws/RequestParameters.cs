using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using Amazon.Runtime;

namespace Workload.Tests.Aws;

/// <summary>
/// Every parameter an SDK request carries, as text: what EC2 compares when a client token comes back ("if one or more
/// of the parameters differ, the retry fails with IdempotentParameterMismatch"). Reads the request's model
/// properties by reflection, so no parameter is left out by choice; the client token itself is not a parameter.
/// </summary>
internal static class RequestParameters
{
    public static string Of(object request, params string[] excluded)
    {
        var text = new StringBuilder();
        Write(text, request, excluded);
        return text.ToString();
    }

    private static void Write(StringBuilder text, object? value, string[] excluded)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                return;
            case string s:
                text.Append('"').Append(s).Append('"');
                return;
            case ConstantClass constant:
                text.Append('"').Append(constant.Value).Append('"');
                return;
            case IFormattable formattable:
                text.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                return;
            case bool b:
                text.Append(b ? "true" : "false");
                return;
            case IEnumerable items:
                text.Append('[');
                foreach (var item in items)
                {
                    Write(text, item, excluded);
                    text.Append(',');
                }

                text.Append(']');
                return;
        }

        var type = value.GetType();
        if (type.Namespace?.StartsWith("Amazon.", StringComparison.Ordinal) != true || !type.Namespace.EndsWith(".Model", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"RequestParameters cannot read a {type.FullName}.");
        }

        text.Append('{');
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (excluded.Contains(property.Name) || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            text.Append(property.Name).Append('=');
            Write(text, property.GetValue(value), excluded);
            text.Append(';');
        }

        text.Append('}');
    }
}
