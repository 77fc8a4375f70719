using Workload.Context;
using Workload.Templates;

namespace Workload.Preflight;

/// <summary>
/// Each file of templatesDirectory: it must replace a built-in template (a misspelt name would be ignored in
/// silence), be readable UTF-8 text, parse, read only variables its task gives, and render into a file of a sound
/// shape. Rendered once, here, with stand-in values; the tasks render it again with the real ones.
/// </summary>
public sealed class TemplateOverridesCheck : IPreflightCheck
{
    public PreflightStage Stage => PreflightStage.Local;

    public Task<IReadOnlyList<string>> ProblemsAsync(WorkloadContext context, PreflightScope scope, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var directory = context.Settings.TemplatesDirectory;
        if (directory is null || context.SettingsRead.Refused.Contains("templatesDirectory"))
        {
            return Task.FromResult<IReadOnlyList<string>>(problems);
        }

        foreach (var path in Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden }).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(directory, path).Replace('\\', '/');
            if (name.Split('/').Any(part => part.StartsWith('.')))
            {
                continue;
            }

            if (!TemplateRenderer.BuiltInNames.Contains(name, StringComparer.Ordinal))
            {
                problems.Add($"templatesDirectory: {path} replaces no built-in template, so it would never be read; expected one of: {string.Join(", ", TemplateRenderer.BuiltInNames)}");
                continue;
            }

            try
            {
                context.Templates.RenderSample(name);
            }
            catch (TemplateException exception)
            {
                problems.Add($"templatesDirectory: {exception.Message}");
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(problems);
    }
}
