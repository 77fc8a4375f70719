using System.Diagnostics;

namespace Workload.Tests.Observability;

/// <summary>The smallest app checkout the local tasks accept (--app): a git repository with a requirements.txt.</summary>
internal static class AppCheckouts
{
    public static string Create(string directory)
    {
        var app = Path.Combine(directory, "app");
        Directory.CreateDirectory(app);
        using (var git = Process.Start(new ProcessStartInfo("git", ["init", "-q", app]) { RedirectStandardError = true })!)
        {
            git.WaitForExit();
        }

        File.WriteAllText(Path.Combine(app, "requirements.txt"), "flask\n");
        return app;
    }
}
