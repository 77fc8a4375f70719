using Cake.Core;
using Cake.Core.Diagnostics;
using Workload.Context;
using Workload.Docker;

namespace Workload.Validation;

/// <summary>
/// Runs the app's unit tests in a throwaway container: the checkout is mounted read-only and copied inside the
/// container, the tests run there with pytest, and the JUnit report comes back into the artifacts directory.
/// </summary>
public sealed class AppUnitTests(WorkloadContext context)
{
    /// <summary>The script the container runs (templates/validation/unit-tests.sh).</summary>
    public const string ScriptTemplate = "validation/unit-tests.sh";

    /// <summary>The report's name under the artifacts directory.</summary>
    public const string ReportName = "unit-tests.xml";

    /// <summary>Where the report is copied to.</summary>
    public string ReportPath => Path.Combine(context.ArtifactsDirectory, ReportName);

    /// <summary>Runs the tests; returns the report's summary and pytest's exit code. Throws when no report came back.</summary>
    public (JUnitSummary Summary, int ExitCode) Run()
    {
        var settings = context.Settings;
        var app = settings.App ?? throw new CakeException("app: the app repository to test is not set (--app=PATH)");
        var tests = Path.Combine(app, settings.UnitTestPath);
        if (!Directory.Exists(tests) && !File.Exists(tests))
        {
            throw new CakeException($"unitTestPath: {settings.UnitTestPath} does not exist in {app}");
        }

        var engine = context.ContainerEngine;
        var image = settings.PythonImageOrDefault;
        ContainerImages.Ensure(context, engine, image, "pythonImage");

        using var scratch = ScratchDirectory.Create("workload-unit-tests");
        var output = scratch.Shared("out");
        scratch.Write("unit-tests.sh", context.Templates.ReadSource(ScriptTemplate));

        var run = engine.Apply(Container(settings, app, scratch.Path));
        context.Log.Information("Running {0} of {1} in {2} ({3})", settings.UnitTestPath, app, image, engine.Name);
        var exitCode = context.DockerRun(run, image, "sh", "/workload/unit-tests.sh");

        var report = Path.Combine(output, ReportName);
        if (!File.Exists(report))
        {
            throw new CakeException($"The unit tests did not run (exit code {exitCode}, no JUnit report): see the output above.");
        }

        Directory.CreateDirectory(context.ArtifactsDirectory);
        File.Copy(report, ReportPath, overwrite: true);
        return (JUnitSummary.Load(ReportPath), exitCode);
    }

    /// <summary>The container: read-only checkout, the scratch directory, settings for the script and pip.</summary>
    internal static DockerRunSettings Container(Configuration.WorkloadSettings settings, string app, string scratch)
    {
        var run = new DockerRunSettings
        {
            Rm = true,
            Name = $"workload-unit-tests-{Guid.NewGuid():N}"[..32],
            HandleExitCode = _ => true,

            // Without an index the container needs no network at all.
            Network = settings.PipNoIndex ? "none" : null,
        };
        run.Label.Add("workload.check=unit-tests");
        run.Volume.Add($"{app}:/src:ro");
        run.Volume.Add($"{scratch}:/workload");
        run.Env.Add($"WORKLOAD_TEST_PATH={settings.UnitTestPath}");
        run.Env.Add($"WORKLOAD_VENV_SYSTEM_SITE_PACKAGES={(settings.VenvSystemSitePackages ? 1 : 0)}");
        run.Env.Add("PYTHONDONTWRITEBYTECODE=1");
        if (settings.PipNoIndex)
        {
            run.Env.Add("PIP_NO_INDEX=1");
        }

        if (settings.PipIndexUrl is not null)
        {
            run.Env.Add($"PIP_INDEX_URL={settings.PipIndexUrl}");
            if (Application.AppBuild.TrustedHost(settings.PipIndexUrl) is { } host)
            {
                run.Env.Add($"PIP_TRUSTED_HOST={host}");
            }
        }

        return run;
    }
}
