namespace Workload.Resources;

/// <summary>Probe fragments several resources share.</summary>
internal static class ProbeScripts
{
    /// <summary>Prints exists=, type= and, when it exists, owner=, group=, mode= for a path (without following a final symlink).</summary>
    public static string Stat(string quotedPath) =>
        $"if [ -e {quotedPath} ] || [ -L {quotedPath} ]; then echo exists=1; stat --printf 'type=%F\\nowner=%U\\ngroup=%G\\nmode=%a\\nsize=%s\\n' {quotedPath}; else echo exists=0; fi";
}
